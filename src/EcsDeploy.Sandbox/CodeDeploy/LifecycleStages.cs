using EcsDeploy.Sandbox.State;

namespace EcsDeploy.Sandbox.CodeDeploy;

// Steps ECS blue/green deployments through simulated time. Nothing runs in the background: Advance(now) replays
// every transition due up to now, each at its own scheduled instant, so the outcome depends only on the
// scenario, the calls made and the simulated time they were made at.
//
// Durations (simulated time; a deployment starts at its createTime):
//   stage                   regular deployment                          rollback deployment
//   BeforeInstall           hook: Behavior.HookSeconds, none: Skipped   Skipped
//   Install                 60 s (green task set created at the start,  10 s (blue scaled back to 100 %)
//                           its tasks running at the end)
//   AfterInstall            hook or Skipped                             Skipped
//   AllowTestTraffic        10 s                                        10 s
//   AfterAllowTestTraffic   hook or Skipped                             Skipped
//   ready wait              only with ReadyAction STOP_DEPLOYMENT:      none
//                           until ContinueDeployment READY_WAIT; after
//                           ReadyWaitMinutes (0 = no limit) it fails
//                           with TIMEOUT
//   BeforeAllowTraffic      hook or Skipped                             Skipped
//   AllowTraffic            traffic plan's last shift + 10 s            10 s (all traffic back to blue at once)
//   AfterAllowTraffic       hook or Skipped                             Skipped
//   termination wait        TerminationWaitMinutes, or until            none (green removed at once)
//                           ContinueDeployment TERMINATION_WAIT
// Behavior.AlarmAtMinute / HealthFailAtMinute count from the start and apply while the deployment is not done.

/// <summary>The stages of regular and rollback deployments and how long each takes.</summary>
internal static class LifecycleStages
{
    public static readonly IReadOnlyList<string> EventNames =
    [
        "BeforeInstall", "Install", "AfterInstall", "AllowTestTraffic", "AfterAllowTestTraffic",
        "BeforeAllowTraffic", "AllowTraffic", "AfterAllowTraffic",
    ];

    public static readonly TimeSpan InstallDuration = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan RollbackInstallDuration = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan TestTrafficDuration = TimeSpan.FromSeconds(10);
    /// <summary>Time from the last traffic shift to the end of AllowTraffic (listener update settling).</summary>
    public static readonly TimeSpan TrafficSettleDuration = TimeSpan.FromSeconds(10);

    /// <summary>The stages of a regular deployment for this group, AppSpec and behaviour.</summary>
    public static IReadOnlyList<Stage> RegularStages(DeploymentGroupState group, AppSpec spec, DeploymentBehavior behavior, TrafficPlan plan)
    {
        var hookTime = TimeSpan.FromSeconds(behavior.HookSeconds);
        Stage Hook(string name) => spec.HookFor(name) is not null || string.Equals(behavior.FailEvent, name, StringComparison.OrdinalIgnoreCase)
            ? new Stage(StageKind.Hook, name, hookTime)
            : new Stage(StageKind.Hook, name, TimeSpan.Zero, Skipped: true);

        var stages = new List<Stage>
        {
            Hook("BeforeInstall"),
            new(StageKind.Install, "Install", InstallDuration),
            Hook("AfterInstall"),
            new(StageKind.TestTraffic, "AllowTestTraffic", TestTrafficDuration),
            Hook("AfterAllowTestTraffic"),
        };
        if (group.ReadyAction == "STOP_DEPLOYMENT")
        {
            stages.Add(new Stage(StageKind.ReadyWait, null, group.ReadyWaitMinutes > 0 ? TimeSpan.FromMinutes(group.ReadyWaitMinutes) : null));
        }

        stages.Add(Hook("BeforeAllowTraffic"));
        stages.Add(new Stage(StageKind.Traffic, "AllowTraffic", plan.Steps[^1].Offset + TrafficSettleDuration));
        stages.Add(Hook("AfterAllowTraffic"));
        stages.Add(new Stage(StageKind.TerminationWait, null, TimeSpan.FromMinutes(Math.Max(0, group.TerminationWaitMinutes))));
        return stages;
    }

    /// <summary>The shorter lifecycle of a rollback: no hooks, no waits.</summary>
    public static IReadOnlyList<Stage> RollbackStages() =>
    [
        new(StageKind.Hook, "BeforeInstall", TimeSpan.Zero, Skipped: true),
        new(StageKind.Install, "Install", RollbackInstallDuration),
        new(StageKind.Hook, "AfterInstall", TimeSpan.Zero, Skipped: true),
        new(StageKind.TestTraffic, "AllowTestTraffic", TestTrafficDuration),
        new(StageKind.Hook, "AfterAllowTestTraffic", TimeSpan.Zero, Skipped: true),
        new(StageKind.Hook, "BeforeAllowTraffic", TimeSpan.Zero, Skipped: true),
        new(StageKind.Traffic, "AllowTraffic", TrafficSettleDuration),
        new(StageKind.Hook, "AfterAllowTraffic", TimeSpan.Zero, Skipped: true),
    ];
}
