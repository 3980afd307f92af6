using EcsDeploy.Aws.CodeDeploy;
using EcsDeploy.Watching;

namespace EcsDeploy.CodeDeploy;

/// <summary>Which CodeDeploy call leads a poll: the one where the next change shows first.</summary>
public enum PollLead
{
    /// <summary>GetDeploymentTarget: while lifecycle events run, every change shows there first.</summary>
    Target,

    /// <summary>
    /// GetDeployment: in the ready wait and the termination wait the lifecycle events are done; only the deployment changes.
    /// Also in a wait for a traffic shift until the quick window before it opens: nothing is due there before then.
    /// </summary>
    Deployment,
}

/// <summary>One poll: how long to wait for it, which call leads, and whether the other call is asked whatever the lead shows.</summary>
public sealed record PollPlan(TimeSpan Delay, PollLead Lead, bool Both);

/// <summary>
/// The CodeDeploy side of the polling schedule: what is due next (a traffic shift of a built-in configuration, the end of
/// the termination wait or ready wait, a hook's one-hour limit) and what to ask for. The other call is asked only when
/// the lead shows a change, on the first poll, with the fixed interval, or when the deployment was last read a while ago.
/// </summary>
public static class DeploymentPollPlan
{
    /// <summary>A lifecycle hook fails when its Lambda has not answered within an hour.</summary>
    public static readonly TimeSpan HookLimit = TimeSpan.FromHours(1);

    /// <summary>The next poll after a step that left <paramref name="state"/> at <paramref name="now"/>; <paramref name="deploymentReadAt"/> is when GetDeployment last answered.</summary>
    public static PollPlan Next(WatchState state, PollPace pace, DateTimeOffset now, DateTimeOffset? deploymentReadAt)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(pace);
        var due = DueTimes(state);
        // In a timed wait (shifts due, or the termination wait's end) nothing else is expected: the ceiling straight away.
        var quiet = QuietUntilDue(state, due);
        var lastChange = quiet ? DateTimeOffset.MinValue : state.LastChangeAt ?? now;
        var delay = PollSchedule.Next(pace, now, lastChange, due);
        // Once this deployment's first split has shown, and until the quick window before the next due time opens, a timed
        // wait asks only GetDeployment: a stop, a failure or a rollback shows there, and the deployment is then never stale.
        // From the window on the target leads again, where a shift shows first, also when it comes late.
        var quietPoll = quiet && ShiftShown(state) && now + delay < due[0] - pace.Lead;
        var lead = quietPoll || state.TerminationWaitStarted || state.Status == DeploymentStatus.Ready ? PollLead.Deployment : PollLead.Target;
        var stale = deploymentReadAt is not { } read || now + delay - read >= DeploymentRefresh(pace);
        return new PollPlan(delay, lead, !pace.Adaptive || state.Status is null || stale);
    }

    /// <summary>While the target leads, the deployment is still read this often (every 4 min at the default ceiling), in case a change shows only there.</summary>
    public static TimeSpan DeploymentRefresh(PollPace pace)
    {
        ArgumentNullException.ThrowIfNull(pace);
        return pace.Ceiling * 16;
    }

    /// <summary>True in a wait whose end is due at a known time: a canary or linear shift after the first, or the termination wait.</summary>
    public static bool QuietUntilDue(WatchState state, IReadOnlyList<DateTimeOffset> due)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(due);
        return due.Count > 0
            && (state.TerminationWaitStarted
                || (state.EventStatuses.GetValueOrDefault("AllowTraffic") == "InProgress" && state.PrintedTraffic is not null));
    }

    /// <summary>
    /// True when the split last printed was stamped (in AWS's clock) once the running AllowTraffic began: not the split a
    /// followed rollback starts from, which its own first shift has still to change.
    /// </summary>
    private static bool ShiftShown(WatchState state) =>
        state.PrintedTraffic is { } printed
        && state.Events.Any(e => e is { LifecycleEventName: "AllowTraffic", Status: "InProgress", StartTime: { } start } && printed.At >= start);

    /// <summary>The transitions whose time is known and that have not shown yet.</summary>
    public static IReadOnlyList<DateTimeOffset> DueTimes(WatchState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (DeploymentStatus.IsTerminal(state.Status))
        {
            return [];
        }

        var due = new List<DateTimeOffset>();
        foreach (var lifecycleEvent in state.Events)
        {
            if (lifecycleEvent is not { Status: "InProgress", StartTime: { } start })
            {
                continue;
            }

            if (lifecycleEvent.LifecycleEventName == "AllowTraffic")
            {
                due.AddRange((state.Routing ?? TrafficRouting.OfBuiltIn(state.ConfigName))?.ShiftTimes(start) ?? []);
            }
            else if (lifecycleEvent.LifecycleEventName is not ("Install" or "AllowTestTraffic"))
            {
                due.Add(start + HookLimit);
            }
        }

        if (state is { TerminationWaitStartedAt: { } waitStart, BlueKeptMinutes: { } kept })
        {
            due.Add(waitStart + TimeSpan.FromMinutes(kept));
        }

        if (state is { Status: DeploymentStatus.Ready, ReadySince: { } readySince, ReadyWaitMinutes: { } readyMinutes })
        {
            due.Add(readySince + TimeSpan.FromMinutes(readyMinutes));
        }

        // A change seen at or after a due time means that transition (or what replaced it) has shown.
        var seen = state.LastChangeAt ?? DateTimeOffset.MinValue;
        return [.. due.Where(d => d > seen).Order()];
    }

    /// <summary>True when the target answer differs from the last one in anything the watch prints or keeps.</summary>
    public static bool TargetChanged(EcsTarget? before, EcsTarget? after)
    {
        if (before is null || after is null)
        {
            return !ReferenceEquals(before, after);
        }

        return before.LastUpdatedAt != after.LastUpdatedAt
            || before.Status != after.Status
            || !(before.LifecycleEvents ?? []).Select(e => (e.LifecycleEventName, e.Status)).SequenceEqual((after.LifecycleEvents ?? []).Select(e => (e.LifecycleEventName, e.Status)))
            || !(before.TaskSetsInfo ?? []).Select(t => (t.TaskSetLabel, t.TrafficWeight, t.Status)).SequenceEqual((after.TaskSetsInfo ?? []).Select(t => (t.TaskSetLabel, t.TrafficWeight, t.Status)));
    }

    /// <summary>True when the deployment answer differs from the last one in anything the watch prints or keeps.</summary>
    public static bool DeploymentChanged(DeploymentInfo? before, DeploymentInfo after)
    {
        ArgumentNullException.ThrowIfNull(after);
        return before is null
            || before.Status != after.Status
            || before.InstanceTerminationWaitTimeStarted != after.InstanceTerminationWaitTimeStarted
            || before.DeploymentOverview != after.DeploymentOverview
            || before.ErrorInformation != after.ErrorInformation
            || before.RollbackInfo != after.RollbackInfo
            || before.CompleteTime != after.CompleteTime;
    }
}
