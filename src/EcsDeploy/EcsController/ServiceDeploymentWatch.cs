using System.Globalization;
using EcsDeploy.Aws.Ecs;

namespace EcsDeploy.EcsController;

/// <summary>The pure ECS watch step: one observation against what was seen before gives the lines to print (transitions only), the next state and the outcome.</summary>
public static class ServiceDeploymentWatch
{
    /// <summary>Advances <paramref name="previous"/> by <paramref name="observation"/>.</summary>
    public static EcsWatchStep Step(EcsWatchState previous, EcsObservation observation)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(observation);
        var messages = new List<EcsWatchMessage>();
        var next = previous;
        if (observation.Service is { } service)
        {
            next = next with { ServiceTaskDefinition = service.TaskDefinition ?? next.ServiceTaskDefinition };
        }

        next = previous.Classic ? StepClassic(next, observation, messages) : StepServiceDeployment(next, observation, messages);
        next = Events(next, observation, messages);
        next = StoppedTasks(next, observation, messages);
        var outcome = previous.Classic ? ClassicOutcome(next, observation) : OutcomeOf(next, observation);
        return new EcsWatchStep(messages, next, outcome);
    }

    private static EcsWatchState StepServiceDeployment(EcsWatchState state, EcsObservation observation, List<EcsWatchMessage> messages)
    {
        if (observation.Deployment is not { } deployment)
        {
            return state;
        }

        var p = state.Prefix;
        var at = observation.At;
        var next = state with
        {
            Last = deployment,
            CreatedAt = deployment.CreatedAt ?? state.CreatedAt,
            FinishedAt = deployment.FinishedAt ?? deployment.StoppedAt ?? state.FinishedAt,
            Strategy = deployment.DeploymentConfiguration?.Strategy ?? state.Strategy,
            Rollback = deployment.Rollback ?? state.Rollback,
            StatusReason = deployment.StatusReason ?? state.StatusReason,
        };

        // A final status reads best after the lines that led to it; any other status first.
        var status = deployment.Status;
        var statusChanged = status is { Length: > 0 } && status != state.Status;
        var statusLine = new EcsLine($"{p}Service deployment {state.ShortId}: {status}{Reason(deployment, state)}");
        if (statusChanged)
        {
            next = next with { Status = status, Timeline = next.Timeline.Add(new TimelineEntry(at, status!)) };
            if (!EcsStatus.IsTerminal(status))
            {
                messages.Add(statusLine);
            }
        }

        if (deployment.LifecycleStage is { Length: > 0 } stage && stage != state.Stage)
        {
            var stages = next.Stages;
            if (stages.Count > 0 && stages[^1].End is null)
            {
                stages = stages.SetItem(stages.Count - 1, stages[^1] with { End = at });
            }

            next = next with { Stage = stage, Stages = stages.Add(new StageVisit(stage, at, null)), Timeline = next.Timeline.Add(new TimelineEntry(at, "stage " + stage)) };
            messages.Add(new EcsLine($"{p}Stage: {stage}"));
        }

        // Traffic moves within a traffic-shift stage: a shift seen together with a later stage came before that stage.
        var stageLine = deployment.LifecycleStage is { Length: > 0 } entered && entered != state.Stage && !IsTrafficShift(entered) ? messages.Count - 1 : -1;

        if (deployment.TargetServiceRevision?.RequestedProductionTrafficWeight is { } production)
        {
            var test = deployment.TargetServiceRevision.RequestedTestTrafficWeight;
            var last = next.Traffic.Count == 0 ? null : next.Traffic[^1];
            if (last is null ? production != 0 || (test ?? 0) != 0 : last.Production != production || last.Test != test)
            {
                next = next with { Traffic = next.Traffic.Add(new EcsTrafficPoint(at, production, test)) };
                var line = new EcsLine($"{p}Traffic: production old {Percent(100 - production)} / new {Percent(production)}{(test is { } t ? $", test new {Percent(t)}" : "")}");
                if (stageLine >= 0)
                {
                    messages.Insert(stageLine, line);
                }
                else
                {
                    messages.Add(line);
                }
            }
        }

        var counts = Counts(deployment);
        if (counts is not null && counts != state.PrintedCounts)
        {
            next = next with { PrintedCounts = counts };
            messages.Add(new EcsLine(p + counts));
        }

        next = Hooks(next, deployment, at, messages);
        next = Monitors(next, deployment, messages);
        if (statusChanged && EcsStatus.IsTerminal(status))
        {
            var stages = next.Stages;
            if (stages.Count > 0 && stages[^1].End is null)
            {
                next = next with { Stages = stages.SetItem(stages.Count - 1, stages[^1] with { End = at }) };
            }

            messages.Add(statusLine);
        }

        return next;
    }

    private static string Reason(ServiceDeployment deployment, EcsWatchState state) =>
        deployment.Status is EcsStatus.RollbackRequested or EcsStatus.RollbackInProgress or EcsStatus.Stopped or EcsStatus.RollbackFailed or EcsStatus.StopRequested
        && (deployment.Rollback?.Reason ?? deployment.StatusReason) is { Length: > 0 } reason && reason != state.StatusReason
            ? $" ({OneLine(reason)})"
            : "";

    /// <summary>"Tasks: new 2/4 running, 1 pending; old 4/4 running" from the target and source revisions.</summary>
    public static string? Counts(ServiceDeployment deployment)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        if (deployment.TargetServiceRevision is not { } target)
        {
            return null;
        }

        var text = $"Tasks: new {Revision(target)}";
        var sources = deployment.SourceServiceRevisions ?? [];
        if (sources.Count > 0)
        {
            var old = new ServiceRevisionSummary
            {
                RequestedTaskCount = sources.Sum(s => s.RequestedTaskCount),
                RunningTaskCount = sources.Sum(s => s.RunningTaskCount),
                PendingTaskCount = sources.Sum(s => s.PendingTaskCount),
            };
            text += $"; old {Revision(old)}";
        }

        return text;
    }

    private static string Revision(ServiceRevisionSummary r) =>
        $"{r.RunningTaskCount}/{r.RequestedTaskCount} running" + (r.PendingTaskCount > 0 ? $", {r.PendingTaskCount} pending" : "");

    private static EcsWatchState Hooks(EcsWatchState state, ServiceDeployment deployment, DateTimeOffset at, List<EcsWatchMessage> messages)
    {
        var statuses = state.HookStatuses;
        var hooks = state.Hooks;
        foreach (var hook in deployment.LifecycleHookDetails ?? [])
        {
            if (hook.HookId is not { Length: > 0 } id)
            {
                continue;
            }

            var index = hooks.FindIndex(h => h.HookId == id);
            hooks = index < 0 ? hooks.Add(hook) : hooks.SetItem(index, hook);
            var status = hook.Status ?? "IN_PROGRESS";
            if (statuses.GetValueOrDefault(id) == status)
            {
                continue;
            }

            statuses = statuses.SetItem(id, status);
            var expiry = hook.ExpiresAt is { } expires && status is "IN_PROGRESS" or "AWAITING_ACTION"
                ? $", expires {expires.UtcDateTime.ToString("HH:mm:ss'Z'", CultureInfo.InvariantCulture)}" + (hook.TimeoutAction is { } action ? $" ({action} on timeout)" : "")
                : "";
            messages.Add(new EcsLine($"{state.Prefix}Hook {id} ({hook.TargetType ?? "?"}{Target(hook)}): {status}{expiry}"));
            state = state with { Timeline = state.Timeline.Add(new TimelineEntry(at, $"hook {id} {status}")) };
        }

        return state with { HookStatuses = statuses, Hooks = hooks };
    }

    private static string Target(LifecycleHookDetail hook) =>
        hook.TargetArn is { Length: > 0 } arn ? " " + arn[(arn.LastIndexOf(':') + 1)..] : "";

    private static EcsWatchState Monitors(EcsWatchState state, ServiceDeployment deployment, List<EcsWatchMessage> messages)
    {
        if (deployment.DeploymentCircuitBreaker is { } breaker && breaker.Status is not (null or "DISABLED"))
        {
            var line = $"Circuit breaker: {breaker.FailureCount ?? 0} of {breaker.Threshold?.ToString(CultureInfo.InvariantCulture) ?? "?"} failed tasks ({breaker.Status})";
            if (line != state.CircuitBreakerLine)
            {
                messages.Add(new EcsLine(state.Prefix + line));
                state = state with { CircuitBreakerLine = line };
            }

            state = state with { CircuitBreaker = breaker };
        }

        if (deployment.Alarms is { } alarms && alarms.Status is not (null or "DISABLED"))
        {
            var triggered = alarms.TriggeredAlarmNames is { Count: > 0 } names ? $", triggered: {string.Join(", ", names)}" : "";
            var line = $"Alarms: {alarms.Status} ({string.Join(", ", alarms.AlarmNames ?? [])}){triggered}";
            if (line != state.AlarmsLine)
            {
                messages.Add(new EcsLine(state.Prefix + line));
                state = state with { AlarmsLine = line };
            }

            state = state with { Alarms = alarms };
        }

        return state;
    }

    private static EcsWatchState StepClassic(EcsWatchState state, EcsObservation observation, List<EcsWatchMessage> messages)
    {
        var entry = observation.Classic;
        if (entry is null)
        {
            return state;
        }

        var p = state.Prefix;
        var next = state with { CreatedAt = entry.CreatedAt ?? state.CreatedAt, FailedTasks = entry.FailedTasks };
        var rollout = entry.RolloutState ?? "IN_PROGRESS";
        if (rollout != state.RolloutState)
        {
            var reason = entry.RolloutStateReason is { Length: > 0 } r && rollout != "IN_PROGRESS" ? $" ({OneLine(r)})" : "";
            next = next with { RolloutState = rollout, RolloutStateReason = entry.RolloutStateReason, Status = rollout, Timeline = next.Timeline.Add(new TimelineEntry(observation.At, "rollout " + rollout)) };
            messages.Add(new EcsLine($"{p}Deployment {state.DeploymentId} ({entry.Status}): rollout {rollout}{reason}"));
        }

        var counts = $"Tasks: {entry.RunningCount}/{entry.DesiredCount} running" + (entry.PendingCount > 0 ? $", {entry.PendingCount} pending" : "") + (entry.FailedTasks > 0 ? $", {entry.FailedTasks} failed" : "");
        if (counts != state.PrintedCounts)
        {
            next = next with { PrintedCounts = counts };
            messages.Add(new EcsLine(p + counts));
        }

        return next;
    }

    private static EcsWatchState Events(EcsWatchState state, EcsObservation observation, List<EcsWatchMessage> messages)
    {
        if (observation.Service?.Events is not { } events)
        {
            return state;
        }

        var seen = state.SeenEvents;
        // ECS lists events newest first; they read oldest first.
        foreach (var e in events.Reverse())
        {
            var key = e.Id ?? $"{e.CreatedAt:O} {e.Message}";
            if (seen.Contains(key) || e.Message is null || (state.EventsSince is { } since && e.CreatedAt is { } created && created < since))
            {
                continue;
            }

            seen = seen.Add(key);
            messages.Add(new EcsUntrustedLine(state.Prefix + "Event: ", OneLine(e.Message)));
        }

        return state with { SeenEvents = seen };
    }

    private static EcsWatchState StoppedTasks(EcsWatchState state, EcsObservation observation, List<EcsWatchMessage> messages)
    {
        if (observation.StoppedTasks is not { } tasks)
        {
            return state;
        }

        var known = state.StoppedTasks;
        foreach (var task in tasks)
        {
            if (known.Any(t => t.TaskArn == task.TaskArn))
            {
                continue;
            }

            known = known.Add(task);
            var id = task.TaskArn[(task.TaskArn.LastIndexOf('/') + 1)..];
            messages.Add(new EcsUntrustedLine($"{state.Prefix}Stopped task {id}: ", $"{task.StopCode ?? "no stop code"}: {OneLine(task.StoppedReason ?? "no reason given")}"));
            foreach (var container in task.Containers ?? [])
            {
                var exit = container.ExitCode is { } code ? $"exit code {code}" : "no exit code";
                messages.Add(new EcsUntrustedLine($"{state.Prefix}  container {container.Name ?? "?"}: ", container.Reason is { Length: > 0 } reason ? $"{exit}, {OneLine(reason)}" : exit));
            }
        }

        return state with { StoppedTasks = known };
    }

    private static EcsWatchOutcome? OutcomeOf(EcsWatchState state, EcsObservation observation)
    {
        var status = state.Status;
        switch (status)
        {
            case EcsStatus.Successful:
                // The service must run what was deployed; a later UpdateService may already have replaced it.
                if (state.TaskDefinitionArn is { } wanted && state.ServiceTaskDefinition is { } running && running != wanted)
                {
                    return new EcsWatchOutcome(EcsOutcomeKind.Superseded, status, $"the deployment succeeded, but the service now runs {running}", ReplacedBy: observation.StartedAfter ?? running);
                }

                return new EcsWatchOutcome(EcsOutcomeKind.Succeeded, status);
            case EcsStatus.RollbackSuccessful:
                return new EcsWatchOutcome(EcsOutcomeKind.RolledBack, status, Cause(state));
            case EcsStatus.RollbackFailed:
                return new EcsWatchOutcome(EcsOutcomeKind.RollbackFailed, status, Cause(state));
            case EcsStatus.Stopped when observation.StartedAfter is { } newer:
                return new EcsWatchOutcome(EcsOutcomeKind.Superseded, status, $"another UpdateService started service deployment {newer[(newer.LastIndexOf('/') + 1)..]}", ReplacedBy: newer);
            case EcsStatus.Stopped:
                return new EcsWatchOutcome(EcsOutcomeKind.Stopped, status, Cause(state));
        }

        if (state.RollingBack || status is EcsStatus.StopRequested)
        {
            return null;
        }

        if (state.WaitUntil.Kind == EcsWaitKind.Paused
            && state.Hooks.FirstOrDefault(h => h.TargetType == "PAUSE" && h.Status == "AWAITING_ACTION") is { } paused)
        {
            return new EcsWatchOutcome(EcsOutcomeKind.Paused, status ?? EcsStatus.InProgress, HookId: paused.HookId);
        }

        if (state.WaitUntil is { Kind: EcsWaitKind.Stage, Stage: { } stage } && EcsStages.Reached(state.Stage, stage))
        {
            return new EcsWatchOutcome(EcsOutcomeKind.StageReached, status ?? EcsStatus.InProgress);
        }

        return null;
    }

    private static EcsWatchOutcome? ClassicOutcome(EcsWatchState state, EcsObservation observation)
    {
        var entry = observation.Classic;
        var primary = observation.Service?.Deployments?.FirstOrDefault(d => d.Status == "PRIMARY");
        if (entry is null || (entry.Status != "PRIMARY" && primary is not null && primary.Id != state.DeploymentId && state.RolloutState != "FAILED"))
        {
            if (primary is null || primary.Id == state.DeploymentId)
            {
                return null;
            }

            return new EcsWatchOutcome(EcsOutcomeKind.Superseded, state.RolloutState ?? "UNKNOWN", $"deployment {primary.Id} ({primary.TaskDefinition}) replaced it", ReplacedBy: primary.Id);
        }

        return entry.RolloutState switch
        {
            "COMPLETED" when entry.Status == "PRIMARY" => new EcsWatchOutcome(EcsOutcomeKind.Succeeded, "COMPLETED"),
            "FAILED" => new EcsWatchOutcome(EcsOutcomeKind.Failed, "FAILED", Cause(state)),
            _ => null,
        };
    }

    /// <summary>The cause of a failure in one sentence: rollback reason, status reason, circuit breaker, alarms, first stopped task.</summary>
    public static string Cause(EcsWatchState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var parts = new List<string>();
        if (state.Rollback?.Reason is { Length: > 0 } rollback)
        {
            parts.Add(OneLine(rollback).TrimEnd('.'));
        }

        if (state.StatusReason is { Length: > 0 } reason && !parts.Contains(OneLine(reason).TrimEnd('.')))
        {
            parts.Add(OneLine(reason).TrimEnd('.'));
        }

        if (state.RolloutStateReason is { Length: > 0 } rollout && !parts.Contains(OneLine(rollout).TrimEnd('.')))
        {
            parts.Add(OneLine(rollout).TrimEnd('.'));
        }

        if (state.CircuitBreaker is { Status: "TRIGGERED" } breaker)
        {
            parts.Add($"the circuit breaker tripped after {breaker.FailureCount ?? 0} failed tasks (threshold {breaker.Threshold?.ToString(CultureInfo.InvariantCulture) ?? "?"})");
        }

        if (state.Alarms is { TriggeredAlarmNames.Count: > 0 } alarms)
        {
            parts.Add($"alarm {string.Join(", ", alarms.TriggeredAlarmNames!)} triggered");
        }

        if (state.StoppedTasks.FirstOrDefault() is { } task)
        {
            parts.Add($"a task of the new revision stopped: {OneLine(task.StoppedReason ?? task.StopCode ?? "no reason given").TrimEnd('.')}");
        }

        return parts.Count == 0 ? "ECS gave no reason" : string.Join("; ", parts);
    }

    /// <summary>
    /// Whether the deployment itself moved from <paramref name="before"/> to <paramref name="after"/>: its status, stage,
    /// traffic, a hook, its circuit breaker or alarms (and its task counts while it has no lifecycle stages, as a rolling
    /// deployment). Service events and the task counts of a staged deployment follow from those and do not make the
    /// schedule poll quickly again.
    /// </summary>
    public static bool Transitioned(EcsWatchState before, EcsWatchState after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        return before.Status != after.Status
            || before.Stage != after.Stage
            || before.Traffic.Count != after.Traffic.Count
            || before.RolloutState != after.RolloutState
            || before.HookStatuses.Count != after.HookStatuses.Count
            || after.HookStatuses.Any(hook => before.HookStatuses.GetValueOrDefault(hook.Key) != hook.Value)
            || before.CircuitBreakerLine != after.CircuitBreakerLine
            || before.AlarmsLine != after.AlarmsLine
            || (after.Stage is null && before.PrintedCounts != after.PrintedCounts);
    }

    /// <summary>True for the stages in which traffic moves.</summary>
    public static bool IsTrafficShift(string stage) => stage is "TEST_TRAFFIC_SHIFT" or "PRODUCTION_TRAFFIC_SHIFT";

    /// <summary>A weight as printed, for example "10%".</summary>
    public static string Percent(double value) => value.ToString("0.##", CultureInfo.InvariantCulture) + "%";

    private static string OneLine(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length <= 300 ? line : string.Concat(line.AsSpan(0, 297), "...");
    }
}
