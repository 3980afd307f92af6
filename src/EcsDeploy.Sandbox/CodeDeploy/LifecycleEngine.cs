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

/// <summary>Advances deployments along the ECS blue/green lifecycle and applies its effects to the ECS service.</summary>
internal sealed class LifecycleEngine(World world)
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
        Stage Hook(string name) => spec.HookFor(name) is not null || behavior.FailEvent == name
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

    public static DeploymentRun? RunOf(DeploymentState deployment) =>
        deployment.Engine.TryGetValue(DeploymentRun.Key, out var run) ? run as DeploymentRun : null;

    public static bool IsDone(DeploymentState d) => d.Status is "Succeeded" or "Failed" or "Stopped";

    /// <summary>Applies every transition of the deployment due at or before now.</summary>
    public void Advance(DeploymentState d, DateTimeOffset now)
    {
        if (RunOf(d) is not { } run || IsDone(d))
        {
            return;
        }

        if (d.Status == "Created")
        {
            if (now < d.CreateTime)
            {
                return;
            }

            Start(d, run, d.CreateTime);
        }

        while (!IsDone(d))
        {
            var (at, kind) = NextDue(d, run);
            if (at is not { } t || t > now)
            {
                return;
            }

            switch (kind)
            {
                case Due.Alarm:
                    run.AlarmChecked = true;
                    End(d, run, t, EndReason.Alarm, "ALARM_ACTIVE",
                        "One or more alarms have been activated according to the Amazon CloudWatch metrics you selected, "
                        + $"and the affected deployments have been stopped. Activated alarms: {d.Behavior.AlarmName}");
                    break;
                case Due.Health:
                    run.HealthChecked = true;
                    End(d, run, t, EndReason.Failure, "HEALTH_CONSTRAINTS",
                        "The deployment failed because the replacement task set's tasks failed the target group health checks.");
                    break;
                default:
                    Transition(d, run, t);
                    break;
            }
        }
    }

    /// <summary>Ends the ready wait or the termination wait now (ContinueDeployment); the caller checked which wait applies.</summary>
    public void Continue(DeploymentState d, DateTimeOffset now)
    {
        if (RunOf(d) is { } run && run.CurrentStage?.Kind is StageKind.ReadyWait or StageKind.TerminationWait)
        {
            EnterStage(d, run, run.StageIndex + 1, now);
        }
    }

    /// <summary>Stops the deployment now (StopDeployment); returns whether a rollback deployment was started.</summary>
    public bool Stop(DeploymentState d, DateTimeOffset now, bool? rollback)
    {
        if (RunOf(d) is not { } run || IsDone(d))
        {
            return false;
        }

        return End(d, run, now, EndReason.Request, "MANUAL_STOP", "The deployment was stopped by a StopDeployment request.", rollback);
    }

    private enum Due
    {
        Transition,
        Alarm,
        Health,
    }

    private static (DateTimeOffset? At, Due Kind) NextDue(DeploymentState d, DeploymentRun run)
    {
        var start = d.StartTime ?? d.CreateTime;
        var candidates = new List<(DateTimeOffset At, Due Kind)>();
        if (!run.IsRollback && !run.AlarmChecked && d.Behavior.AlarmAtMinute is { } alarm)
        {
            candidates.Add((start + TimeSpan.FromMinutes(alarm), Due.Alarm));
        }

        if (!run.IsRollback && !run.HealthChecked && d.Behavior.HealthFailAtMinute is { } health)
        {
            candidates.Add((start + TimeSpan.FromMinutes(health), Due.Health));
        }

        if (NextTransition(run) is { } transition)
        {
            candidates.Add((transition, Due.Transition));
        }

        // On a tie the interrupt wins: an alarm at the instant a stage would end stops the deployment first.
        return candidates.Count == 0 ? (null, Due.Transition) : candidates.OrderBy(c => c.At).ThenByDescending(c => c.Kind).First();
    }

    private static DateTimeOffset? NextTransition(DeploymentRun run)
    {
        var stage = run.CurrentStage;
        if (stage is null)
        {
            return null;
        }

        if (stage.Kind == StageKind.Traffic && run.TrafficStepIndex < run.Plan.Steps.Count - 1)
        {
            return run.StageStart + run.Plan.Steps[run.TrafficStepIndex + 1].Offset;
        }

        return stage.Duration is { } duration ? run.StageStart + duration : null;
    }

    private void Start(DeploymentState d, DeploymentRun run, DateTimeOffset t)
    {
        d.Status = "InProgress";
        d.StartTime = t;
        SetTarget(run, "InProgress", t);
        if (Group(d) is { } group)
        {
            group.LastAttemptedDeploymentId = d.Id;
        }

        var service = TaskSetOps.FindService(world, run.ClusterName, run.ServiceName);
        if (service is null)
        {
            End(d, run, t, EndReason.Failure, "INVALID_ECS_SERVICE",
                $"The ECS service '{run.ServiceName}' in cluster '{run.ClusterName}' does not exist; create it with deploymentController CODE_DEPLOY.",
                rollbackOverride: false);
            return;
        }

        if (!run.IsRollback && Group(d) is { } g)
        {
            run.Blue = TaskSetOps.EnsureBlue(world, service, g);
        }

        EnterStage(d, run, 0, t);
    }

    private void Transition(DeploymentState d, DeploymentRun run, DateTimeOffset t)
    {
        var stage = run.CurrentStage!;
        if (stage.Kind == StageKind.Traffic && run.TrafficStepIndex < run.Plan.Steps.Count - 1)
        {
            run.TrafficStepIndex++;
            ApplyWeight(run, run.Plan.Steps[run.TrafficStepIndex].GreenWeight);
            return;
        }

        if (stage.Kind == StageKind.ReadyWait)
        {
            End(d, run, t, EndReason.Failure, "TIMEOUT",
                $"The deployment timed out: the replacement task set was ready but ContinueDeployment was not called within {(int)stage.Duration!.Value.TotalMinutes} minutes.");
            return;
        }

        var ev = run.Event(stage.EventName);
        if (!run.IsRollback && ev is not null && stage.EventName == d.Behavior.FailEvent)
        {
            FailEvent(d, run, stage, ev, t);
            return;
        }

        if (stage.Kind == StageKind.Install)
        {
            var service = TaskSetOps.FindService(world, run.ClusterName, run.ServiceName);
            var scaled = run.IsRollback ? run.Blue : run.Green;
            if (scaled is not null)
            {
                scaled.ScalePercent = 100;
                scaled.RunningCount = service?.DesiredCount ?? scaled.RunningCount;
            }
        }

        if (ev is not null)
        {
            ev.Status = "Succeeded";
            ev.EndTime = t;
        }

        EnterStage(d, run, run.StageIndex + 1, t);
    }

    private void FailEvent(DeploymentState d, DeploymentRun run, Stage stage, LifecycleEventState ev, DateTimeOffset t)
    {
        var hook = run.AppSpec.HookFor(ev.Name);
        ev.Status = "Failed";
        ev.EndTime = t;
        ev.DiagnosticsCode = d.Behavior.FailErrorCode;
        ev.DiagnosticsMessage = d.Behavior.FailMessage;
        ev.DiagnosticsLogTail = d.Behavior.FailLogTail ?? "";
        ev.DiagnosticsScriptName = hook ?? ev.Name;
        var (code, message) = stage.Kind switch
        {
            StageKind.Hook => ("HOOK_EXECUTION_FAILURE",
                $"The deployment failed because the {ev.Name} lifecycle hook {hook ?? "(none)"} reported a failure: {d.Behavior.FailMessage}"),
            StageKind.Install => ("ECS_UPDATE_ERROR",
                $"The ECS service could not be updated: the replacement task set failed to start: {d.Behavior.FailMessage}"),
            _ => ("ELASTIC_LOAD_BALANCING_INVALID",
                $"The deployment failed during {ev.Name}: the listener could not be updated: {d.Behavior.FailMessage}"),
        };
        End(d, run, t, EndReason.Failure, code, message);
    }

    private void EnterStage(DeploymentState d, DeploymentRun run, int index, DateTimeOffset t)
    {
        run.StageIndex = index;
        run.StageStart = t;
        if (index >= run.Stages.Count)
        {
            Complete(d, run, t);
            return;
        }

        var stage = run.Stages[index];
        if (stage.Kind != StageKind.ReadyWait && d.Status == "Ready")
        {
            d.Status = "InProgress";
            SetTarget(run, "InProgress", t);
        }

        var ev = run.Event(stage.EventName);
        if (ev is not null && stage.Skipped)
        {
            ev.Status = "Skipped";
            ev.StartTime = t;
            ev.EndTime = t;
            EnterStage(d, run, index + 1, t);
            return;
        }

        if (ev is not null)
        {
            ev.Status = "InProgress";
            ev.StartTime = t;
        }

        switch (stage.Kind)
        {
            case StageKind.Install:
                Install(d, run, t);
                break;
            case StageKind.ReadyWait:
                d.Status = "Ready";
                SetTarget(run, "Ready", t);
                break;
            case StageKind.Traffic:
                run.TrafficStepIndex = 0;
                ApplyWeight(run, run.Plan.Steps[0].GreenWeight);
                break;
            case StageKind.TerminationWait:
                d.InstanceTerminationWaitTimeStarted = true;
                break;
            default:
                break;
        }
    }

    private void Install(DeploymentState d, DeploymentRun run, DateTimeOffset t)
    {
        var service = TaskSetOps.FindService(world, run.ClusterName, run.ServiceName);
        if (run.IsRollback || service is null || Group(d) is not { } group)
        {
            return;
        }

        if (run.AppSpec.ContainerName is { } container && !TaskDefinitionHasContainer(d.TaskDefinitionArn, container))
        {
            var ev = run.Event("Install")!;
            ev.Status = "Failed";
            ev.EndTime = t;
            End(d, run, t, EndReason.Failure, "ECS_UPDATE_ERROR",
                $"The ECS service could not be updated: container '{container}' named in the AppSpec's LoadBalancerInfo is not in task definition {d.TaskDefinitionArn}.");
            return;
        }

        run.Green = TaskSetOps.CreateGreen(world, service, group, d.TaskDefinitionArn, run.Blue);
    }

    private void ApplyWeight(DeploymentRun run, double greenWeight)
    {
        run.GreenWeight = greenWeight;
        TaskSetOps.SetWeights(run.Blue, run.Green, greenWeight);
        if (TaskSetOps.FindService(world, run.ClusterName, run.ServiceName) is { } service)
        {
            // ECS reports the PRIMARY task set's task definition as the service's.
            var primary = service.TaskSets.Find(ts => ts.Status == "PRIMARY");
            service.TaskDefinitionArn = primary?.TaskDefinitionArn ?? service.TaskDefinitionArn;
        }
    }

    private void Complete(DeploymentState d, DeploymentRun run, DateTimeOffset t)
    {
        var service = TaskSetOps.FindService(world, run.ClusterName, run.ServiceName);
        if (run.IsRollback)
        {
            TaskSetOps.Remove(service, run.Green);
            TaskSetOps.SetWeights(run.Blue, null, 0);
        }
        else
        {
            TaskSetOps.Remove(service, run.Blue);
            if (run.Green is not null)
            {
                run.Green.Label = "Blue";
            }
        }

        if (service is not null)
        {
            service.TaskDefinitionArn = d.TaskDefinitionArn;
        }

        d.Status = "Succeeded";
        d.CompleteTime = t;
        SetTarget(run, "Succeeded", t);
        if (Group(d) is { } group)
        {
            group.LastSuccessfulDeploymentId = d.Id;
        }
    }

    /// <summary>Ends the deployment early; returns whether a rollback deployment was started.</summary>
    private bool End(DeploymentState d, DeploymentRun run, DateTimeOffset t, EndReason reason, string code, string message, bool? rollbackOverride = null)
    {
        if (run.CurrentStage?.EventName is { } name && run.Event(name) is { Status: "InProgress" } current)
        {
            current.Status = "Failed";
            current.EndTime = t;
        }

        foreach (var ev in run.Events.Where(e => e.Status == "Pending"))
        {
            ev.Status = "Skipped";
        }

        d.Status = reason == EndReason.Failure ? "Failed" : "Stopped";
        d.ErrorCode = code;
        d.ErrorMessage = message;
        d.CompleteTime = t;
        run.StageIndex = run.Stages.Count;
        SetTarget(run, "Failed", t);

        var trigger = reason switch
        {
            EndReason.Alarm => "DEPLOYMENT_STOP_ON_ALARM",
            EndReason.Request => "DEPLOYMENT_STOP_ON_REQUEST",
            _ => "DEPLOYMENT_FAILURE",
        };
        var rollback = !run.IsRollback
            && (rollbackOverride ?? (run.AutoRollbackEnabled && run.AutoRollbackEvents.Contains(trigger)));
        if (rollback)
        {
            RollbackFactory.Start(world, d, run, t, code);
        }

        // Without a rollback nothing is restored: the green task set keeps whatever traffic it had, as CodeDeploy leaves it.
        return rollback;
    }

    private static void SetTarget(DeploymentRun run, string status, DateTimeOffset t)
    {
        run.TargetStatus = status;
        run.TargetUpdatedAt = t;
    }

    private DeploymentGroupState? Group(DeploymentState d) =>
        world.Applications.TryGetValue(d.ApplicationName, out var app) && app.Groups.TryGetValue(d.GroupName, out var g) ? g : null;

    private bool TaskDefinitionHasContainer(string arn, string container)
    {
        var td = world.TaskDefinitions.Values.SelectMany(v => v).FirstOrDefault(x => x.Arn == arn);
        if (td?.Definition["containerDefinitions"] is not System.Text.Json.Nodes.JsonArray containers)
        {
            return true;
        }

        return containers.Any(c => c?["name"]?.GetValue<string>() == container);
    }
}
