using System.Text.Json.Nodes;
using EcsDeploy.Sandbox.Protocol;
using EcsDeploy.Sandbox.State;
using static EcsDeploy.Sandbox.EcsDeployments.DeploymentTimings;

namespace EcsDeploy.Sandbox.EcsDeployments;

/// <summary>What made a deployment fail.</summary>
internal enum FailureTrigger { CircuitBreaker, Alarm, Hook, Manual }

/// <summary>A failure due at a simulated instant.</summary>
internal sealed record FailureSignal(DateTimeOffset At, string Reason, FailureTrigger Trigger, string? AlarmName = null);

// Lifecycle hooks, failures, rollbacks, StopServiceDeployment and ContinueServiceDeployment.
internal sealed partial class ServiceDeploymentEngine
{
    /// <summary>The earliest failure the circuit breaker or an alarm will report, from the tasks and the scenario.</summary>
    private FailureSignal? NextFailure(ServiceDeploymentState d)
    {
        FailureSignal? next = null;
        if (d.CircuitBreakerStatus == "MONITORING" && Breaker(Service(d), d, DateTimeOffset.MaxValue) is { TrippedBy: { } decisive })
        {
            var what = decisive.StopCode == "TaskFailedToStart" || decisive.ExitCode is not (null or 0 or 143)
                ? "tasks failed to start" : "tasks failed health checks";
            next = new FailureSignal(decisive.StoppedAt!.Value, what, FailureTrigger.CircuitBreaker);
        }

        if (d.AlarmStatus == "MONITORING" && d.Behavior.AlarmAtMinute is { } minute && d.StartedAt is { } started
            && d.Configuration["alarms"]?["alarmNames"] is JsonArray names && names.Count > 0)
        {
            var name = d.Behavior.AlarmName ?? (string)names[0]!;
            var at = started + TimeSpan.FromMinutes(minute);
            if (names.Any(n => (string?)n == name) && (next is null || at < next.At))
            {
                next = new FailureSignal(at, "alarm detected", FailureTrigger.Alarm, name);
            }
        }

        return next;
    }

    /// <summary>
    /// The circuit breaker's failure count up to <paramref name="upTo"/> and the task whose failure reached the threshold:
    /// failed tasks of the target revision count in the order they stopped; a task that becomes healthy resets the
    /// count, unless resetOnHealthyTask is false.
    /// </summary>
    internal static (int Count, ServiceTaskState? TrippedBy) Breaker(ServiceState service, ServiceDeploymentState d, DateTimeOffset upTo)
    {
        var reset = d.Configuration["deploymentCircuitBreaker"]?["resetOnHealthyTask"] is not JsonValue flag || flag.GetValue<bool>();
        var events = new List<(DateTimeOffset At, ServiceTaskState? Failed)>();
        foreach (var task in service.Tasks.Where(t => t.RevisionArn == d.TargetRevisionArn))
        {
            if (task.Failed && task.StoppedAt is { } stopped && stopped <= upTo)
            {
                events.Add((stopped, task));
            }
            else if (!task.Failed && reset && task.RunningAt is { } running && running <= upTo)
            {
                events.Add((running, null));
            }
        }

        var count = 0;
        foreach (var (_, failed) in events.OrderBy(e => e.At).ThenBy(e => e.Failed is null ? 0 : 1))
        {
            count = failed is null ? 0 : count + 1;
            if (failed is not null && d.Threshold > 0 && count >= d.Threshold)
            {
                return (count, failed);
            }
        }

        return (count, null);
    }

    private void Fail(ServiceDeploymentState d, DateTimeOffset at, string reason, FailureTrigger trigger, string? alarmName = null)
    {
        var service = Service(d);
        var target = Revision(d.TargetRevisionArn);
        var run = d.Run;
        d.UpdatedAt = at;
        if (run.ActiveHook is { Status: "IN_PROGRESS" or "AWAITING_ACTION" } hook)
        {
            hook.Status = "FAILED";
        }

        bool rollback;
        switch (trigger)
        {
            case FailureTrigger.CircuitBreaker:
                d.CircuitBreakerStatus = "TRIGGERED";
                d.FailureCount = d.Threshold;
                rollback = d.Configuration["deploymentCircuitBreaker"]?["rollback"]?.GetValue<bool>() == true;
                target.RolloutStateReason = $"ECS deployment circuit breaker: {reason}.";
                break;
            case FailureTrigger.Alarm:
                d.AlarmStatus = "TRIGGERED";
                d.TriggeredAlarmNames.Add(alarmName!);
                rollback = d.Configuration["alarms"]?["rollback"]?.GetValue<bool>() == true;
                target.RolloutStateReason = $"ECS deployment {target.DeploymentId} failed: alarm {alarmName} is in ALARM state.";
                break;
            default:
                rollback = true;
                target.RolloutStateReason = $"ECS deployment {target.DeploymentId} failed: {reason}";
                break;
        }

        CompleteMonitors(d);
        target.RolloutState = "FAILED";
        target.UpdatedAt = at;
        var statusReason = trigger switch
        {
            FailureTrigger.CircuitBreaker => $"ECS deployment circuit breaker: {reason}.",
            FailureTrigger.Alarm => $"CloudWatch alarm {alarmName} went into ALARM state.",
            _ => reason,
        };
        _tasks.AddEvent(service, at, $"(service {service.Name}) (deployment {target.DeploymentId}) deployment failed: {(trigger is FailureTrigger.CircuitBreaker or FailureTrigger.Alarm ? reason : "rolled back")}.");
        if (!rollback || d.SourceRevisionArns.Count == 0)
        {
            // Without rollback ECS stops the deployment where it is: no more tasks are started.
            d.Status = "STOPPED";
            d.StatusReason = statusReason;
            d.StoppedAt = at;
            d.FinishedAt = at;
            return;
        }

        d.Status = "ROLLBACK_REQUESTED";
        d.StatusReason = statusReason;
        d.RollbackReason = statusReason;
        d.RollbackStartedAt = at;
        d.RollbackRevisionArn = d.SourceRevisionArns[0];
        run.RollingBack = true;
        var sourceNeedsTasks = Healthy(service, d.RollbackRevisionArn, at).Count < service.DesiredCount;
        var withTraffic = !run.Initial && DeploymentPlan.Strategy(d.Configuration) != "ROLLING";
        var next = run.Index + 1;
        run.Phases.RemoveRange(next, run.Phases.Count - next);
        run.Phases.AddRange(DeploymentPlan.Rollback(sourceNeedsTasks, withTraffic));
        StartPhase(d, next, at);
    }

    private void FinishRollback(ServiceDeploymentState d, DateTimeOffset at, bool succeeded)
    {
        var service = Service(d);
        var source = Revision(d.RollbackRevisionArn!);
        var target = Revision(d.TargetRevisionArn);
        d.Status = succeeded ? "ROLLBACK_SUCCESSFUL" : "ROLLBACK_FAILED";
        d.FinishedAt = at;
        d.UpdatedAt = at;
        source.UpdatedAt = at;
        if (!succeeded)
        {
            source.RolloutState = "FAILED";
            source.RolloutStateReason = $"ECS deployment {source.DeploymentId} failed: tasks failed to start during the rollback.";
            _tasks.AddEvent(service, at, $"(service {service.Name}) (deployment {source.DeploymentId}) rollback failed: tasks failed to start.");
            return;
        }

        target.RequestedTaskCount = 0;
        service.ActiveRevisionArns.RemoveAll(a => a != source.Arn);
        service.TaskDefinitionArn = source.TaskDefinitionArn;
        source.RolloutState = "COMPLETED";
        source.RolloutStateReason = $"ECS deployment {source.DeploymentId} completed.";
        _tasks.AddEvent(service, at, $"(service {service.Name}) (deployment {source.DeploymentId}) deployment completed.");
        _tasks.AddEvent(service, at, $"(service {service.Name}) has reached a steady state.");
    }

    private void StartHook(ServiceDeploymentState d, Phase phase, DateTimeOffset at)
    {
        var hook = phase.Hook!;
        var run = d.Run;
        var type = (string?)hook["targetType"] ?? "AWS_LAMBDA";
        var targetArn = (string?)hook["hookTargetArn"];
        var timeoutConfig = hook["timeoutConfiguration"] as JsonObject;
        var timeout = DeploymentPlan.Int(timeoutConfig?["timeoutInMinutes"]) is { } minutes ? TimeSpan.FromMinutes(minutes) : (TimeSpan?)null;
        var action = (string?)timeoutConfig?["action"] ?? "ROLLBACK";
        var hex = StableIds.Hex($"{d.Arn}/hook/{world.NextId++}");
        var id = $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..32]}";
        HookRunState state;
        if (type == "PAUSE")
        {
            var expires = at + (timeout ?? PauseTimeout);
            state = new HookRunState { HookId = id, TargetType = type, Stage = phase.HookStage!, Status = "AWAITING_ACTION", ExpiresAt = expires, TimeoutAction = action };
            run.PhaseEnd = expires;
        }
        else
        {
            var answers = (targetArn is not null && d.Behavior.HookAnswers.TryGetValue(targetArn, out var byArn) ? byArn : null)
                ?? (d.Behavior.HookAnswers.TryGetValue(phase.HookStage!, out var byStage) ? byStage : null);
            var retries = 0;
            var outcome = "SUCCEEDED";
            while (answers is not null && answers.TryDequeue(out var answer))
            {
                if (answer != "IN_PROGRESS")
                {
                    outcome = answer;
                    break;
                }

                retries++;
            }

            var end = at + LambdaInvocation + HookRetry * retries;
            DateTimeOffset? expires = timeout is { } limit ? at + limit : null;
            if (expires is { } e && e < end)
            {
                (end, outcome) = (e, "TIMED_OUT");
            }

            state = new HookRunState { HookId = id, TargetType = type, TargetArn = targetArn, Stage = phase.HookStage!, ExpiresAt = expires, TimeoutAction = expires is null ? null : action };
            run.PhaseEnd = end;
            run.HookOutcome = outcome;
        }

        d.Hooks.Add(state);
        run.ActiveHook = state;
    }

    // True when the deployment goes on after the hook.
    private bool EndHook(ServiceDeploymentState d, DateTimeOffset at)
    {
        var hook = d.Run.ActiveHook!;
        var outcome = hook.Status switch
        {
            "AWAITING_ACTION" => "TIMED_OUT",
            "SUCCEEDED" => "SUCCEEDED",
            _ => d.Run.HookOutcome ?? "SUCCEEDED",
        };
        hook.Status = outcome;
        var name = hook.TargetArn ?? "PAUSE";
        switch (outcome)
        {
            case "SUCCEEDED":
                return true;
            case "TIMED_OUT" when hook.TimeoutAction == "CONTINUE":
                return true;
            case "TIMED_OUT":
                Fail(d, at, $"The lifecycle hook {name} timed out in stage {hook.Stage}.", FailureTrigger.Hook);
                return false;
            default:
                Fail(d, at, $"The lifecycle hook {name} returned FAILED in stage {hook.Stage}.", FailureTrigger.Hook);
                return false;
        }
    }

    /// <summary>ContinueServiceDeployment: the PAUSE hook <paramref name="hookId"/> continues or rolls back.</summary>
    public void Continue(ServiceDeploymentState d, string hookId, string action, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(d);
        var hook = d.Hooks.Find(h => h.HookId == hookId);
        if (d.IsDone || hook is not { Status: "AWAITING_ACTION" } || d.Run.ActiveHook != hook)
        {
            throw new AwsErrorException("InvalidParameterException",
                $"The lifecycle hook {hookId} of service deployment {d.Arn} is not awaiting action.");
        }

        if (action == "ROLLBACK")
        {
            Fail(d, at, $"The deployment was rolled back at the PAUSE lifecycle hook {hookId} in stage {hook.Stage}.", FailureTrigger.Manual);
            return;
        }

        hook.Status = "SUCCEEDED";
        d.Run.PhaseEnd = at;
        Advance(d, at);
    }

    /// <summary>StopServiceDeployment with stop type ROLLBACK.</summary>
    public void Stop(ServiceDeploymentState d, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(d);
        if (d.IsDone)
        {
            throw new AwsErrorException("ConflictException",
                $"The service deployment {d.Arn} is in the {d.Status} state and can't be stopped.");
        }

        if (d.Status is "ROLLBACK_REQUESTED" or "ROLLBACK_IN_PROGRESS")
        {
            return; // ECS goes on with the rollback already under way
        }

        if (d.Run.Index < 0)
        {
            Start(d, at);
        }

        Fail(d, at, "The service deployment was stopped and rolled back by StopServiceDeployment.", FailureTrigger.Manual);
    }
}
