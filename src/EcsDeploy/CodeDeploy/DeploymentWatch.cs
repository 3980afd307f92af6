using System.Globalization;
using EcsDeploy.Aws.CodeDeploy;

namespace EcsDeploy.CodeDeploy;

/// <summary>The pure watch step: compares one observation with what was seen before and says what to print and whether to stop.</summary>
public static class DeploymentWatch
{
    /// <summary>Advances <paramref name="previous"/> by <paramref name="observation"/>; every transition is reported once.</summary>
    public static WatchStep Step(WatchState previous, Observation observation)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(observation);
        var deployment = observation.Deployment;
        var messages = new List<WatchMessage>();
        var prefix = previous.Prefix;
        var next = previous with
        {
            CreateTime = deployment.CreateTime ?? previous.CreateTime,
            CompleteTime = deployment.CompleteTime ?? previous.CompleteTime,
            Error = deployment.ErrorInformation ?? previous.Error,
            RollbackDeploymentId = deployment.RollbackInfo?.RollbackDeploymentId ?? previous.RollbackDeploymentId,
        };

        // A final status reads best after the events that led to it; any other status before them.
        var statusChanged = deployment.Status.Length > 0 && deployment.Status != previous.Status;
        var statusLine = new WatchLine($"{prefix}Deployment {previous.DeploymentId}: {deployment.Status}");
        if (statusChanged)
        {
            next = next with { Status = deployment.Status };
            if (!DeploymentStatus.IsTerminal(deployment.Status))
            {
                messages.Add(statusLine);
            }
        }

        var events = observation.Target?.LifecycleEvents;
        var eventMessages = new List<WatchMessage>();
        var trafficAt = -1;
        if (events is not null)
        {
            var statuses = next.EventStatuses;
            foreach (var lifecycleEvent in events)
            {
                var status = lifecycleEvent.Status ?? "Pending";
                statuses.TryGetValue(lifecycleEvent.LifecycleEventName, out var before);
                if (status == before || (before is null && status == "Pending"))
                {
                    continue;
                }

                // A split seen as AllowTraffic ends is the split it ended with: print it before that event's line.
                if (lifecycleEvent.LifecycleEventName == "AllowTraffic" && status is not ("InProgress" or "Pending") && trafficAt < 0)
                {
                    trafficAt = eventMessages.Count;
                }

                statuses = statuses.SetItem(lifecycleEvent.LifecycleEventName, status);
                eventMessages.Add(new WatchLine($"{prefix}{lifecycleEvent.LifecycleEventName}: {status}{DurationSuffix(lifecycleEvent)}"));
                if (status == "Failed" && lifecycleEvent.Diagnostics is { } diagnostics)
                {
                    eventMessages.Add(new WatchDiagnostics(lifecycleEvent.LifecycleEventName, diagnostics));
                }
            }

            next = next with { EventStatuses = statuses, Events = [.. events] };
        }

        if (Traffic(observation) is { } split)
        {
            var last = next.Traffic.Count == 0 ? null : next.Traffic[^1];
            if (last is null || last.Blue != split.Blue || last.Green != split.Green)
            {
                next = next with { Traffic = next.Traffic.Add(split) };
            }

            // Every split is kept for the summary, but only a change from what was last printed is printed; before any
            // line the reference is "all on blue", so the green task set's first 0% (at Install) is not noise in the log.
            var printed = next.PrintedTraffic ?? new TrafficPoint(split.At, 100, 0);
            if (printed.Blue != split.Blue || printed.Green != split.Green)
            {
                eventMessages.Insert(trafficAt < 0 ? eventMessages.Count : trafficAt, new WatchLine($"{prefix}Traffic: blue {Percent(split.Blue)} / green {Percent(split.Green)}"));
                next = next with { PrintedTraffic = split };
            }
        }

        messages.AddRange(eventMessages);

        if (deployment.InstanceTerminationWaitTimeStarted == true && !previous.TerminationWaitStarted)
        {
            var line = previous.TerminationWaitMinutes switch
            {
                0 => "All traffic is on green; the blue task set is being removed",
                { } m => $"All traffic is on green; the termination wait started (the blue task set is kept for {m} min)",
                null => "All traffic is on green; the termination wait started",
            };
            messages.Add(new WatchLine(prefix + line));
            next = next with { TerminationWaitStarted = true };
        }

        if (statusChanged && DeploymentStatus.IsTerminal(deployment.Status))
        {
            messages.Add(statusLine);
        }

        next = Timing(next, previous, observation, messages.Count > 0);
        return new WatchStep(messages, next, OutcomeOf(next, deployment));
    }

    // What the polling schedule needs to know when the next transition is due.
    private static WatchState Timing(WatchState next, WatchState previous, Observation observation, bool changed)
    {
        var deployment = observation.Deployment;
        var blueGreen = deployment.BlueGreenDeploymentConfiguration;
        var ready = blueGreen?.DeploymentReadyOption;
        var lastEnd = next.Events.Where(e => e.EndTime is not null).Select(e => e.EndTime!.Value).DefaultIfEmpty(observation.At).Max();
        var settled = lastEnd > observation.At ? observation.At : lastEnd;
        return next with
        {
            LastChangeAt = changed ? observation.At : previous.LastChangeAt ?? observation.At,
            ConfigName = deployment.DeploymentConfigName ?? previous.ConfigName,
            BlueKeptMinutes = blueGreen?.TerminateBlueInstancesOnDeploymentSuccess?.TerminationWaitTimeInMinutes ?? previous.BlueKeptMinutes ?? previous.TerminationWaitMinutes,
            ReadyWaitMinutes = ready is { ActionOnTimeout: "STOP_DEPLOYMENT", WaitTimeInMinutes: > 0 } ? ready.WaitTimeInMinutes : previous.ReadyWaitMinutes,
            TerminationWaitStartedAt = previous.TerminationWaitStartedAt ?? (next.TerminationWaitStarted ? settled : null),
            ReadySince = next.Status == DeploymentStatus.Ready ? previous.ReadySince ?? settled : null,
        };
    }

    /// <summary>A lifecycle event's duration as printed, for example "1m 05s" (the summary's format).</summary>
    public static string FormatDuration(TimeSpan duration) => Reporting.EndingSummary.FormatDuration(duration);

    /// <summary>A traffic weight as printed, for example "10%".</summary>
    public static string Percent(double value) => value.ToString("0.##", CultureInfo.InvariantCulture) + "%";

    private static string DurationSuffix(LifecycleEvent lifecycleEvent) =>
        lifecycleEvent is { Status: not "Skipped", StartTime: { } start, EndTime: { } end } ? $" ({FormatDuration(end - start)})" : "";

    private static TrafficPoint? Traffic(Observation observation)
    {
        var sets = observation.Target?.TaskSetsInfo;
        if (sets is null || sets.Count == 0)
        {
            return null;
        }

        double? blue = null, green = null;
        foreach (var set in sets)
        {
            if (string.Equals(set.TaskSetLabel, "Blue", StringComparison.OrdinalIgnoreCase))
            {
                blue = set.TrafficWeight ?? 0;
            }
            else if (string.Equals(set.TaskSetLabel, "Green", StringComparison.OrdinalIgnoreCase))
            {
                green = set.TrafficWeight ?? 0;
            }
        }

        // Before the green task set exists there is nothing shifting yet. The split is stamped in AWS's clock, like the
        // lifecycle events beside it in the summary; the runner's clock only when the target carries no stamp.
        return green is null ? null : new TrafficPoint(observation.Target?.LastUpdatedAt ?? observation.At, blue ?? 0, green.Value);
    }

    private static bool AfterAllowTrafficEnded(WatchState state) =>
        state.Events.FirstOrDefault(e => e.LifecycleEventName == "AfterAllowTraffic") is not { } hook || hook.Status is "Succeeded" or "Skipped";

    private static WatchOutcome? OutcomeOf(WatchState state, DeploymentInfo deployment)
    {
        var status = deployment.Status;
        if (status == DeploymentStatus.Succeeded)
        {
            return new WatchOutcome(WatchOutcomeKind.Succeeded, status, null, null, null);
        }

        if (status is DeploymentStatus.Failed or DeploymentStatus.Stopped)
        {
            var failed = state.Events.FirstOrDefault(e => e.Status == "Failed");
            var kind = status == DeploymentStatus.Failed ? WatchOutcomeKind.Failed : WatchOutcomeKind.Stopped;
            return new WatchOutcome(kind, status, state.Error, failed, state.RollbackDeploymentId);
        }

        if (state.WaitUntil == WaitUntil.Ready && status == DeploymentStatus.Ready)
        {
            return new WatchOutcome(WatchOutcomeKind.Ready, status, null, null, null);
        }

        // AllowTraffic alone is not enough: an AfterAllowTraffic hook can still fail and roll the deployment back.
        if (state.WaitUntil == WaitUntil.TrafficShifted
            && (state.TerminationWaitStarted
                || (state.EventStatuses.GetValueOrDefault("AllowTraffic") == "Succeeded"
                    && AfterAllowTrafficEnded(state))))
        {
            return new WatchOutcome(WatchOutcomeKind.TrafficShifted, status, null, null, null);
        }

        return null;
    }
}
