using EcsDeploy.Sandbox.State;

namespace EcsDeploy.Sandbox.CodeDeploy;

// Steps ECS blue/green deployments through simulated time. Nothing runs in the background: Advance(now) replays
// every transition due up to now, each at its own scheduled instant, so the outcome depends only on the
// scenario, the calls made and the simulated time they were made at. Stage durations: see LifecycleStages.

/// <summary>Advances deployments along the ECS blue/green lifecycle and applies its effects to the ECS service.</summary>
internal sealed partial class LifecycleEngine(World world)
{
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

        if (service.DeploymentController != "CODE_DEPLOY" || service.Status != "ACTIVE")
        {
            End(d, run, t, EndReason.Failure, "INVALID_ECS_SERVICE",
                $"The ECS service '{run.ServiceName}' is {service.Status} with deployment controller {service.DeploymentController}; CodeDeploy blue/green needs an ACTIVE service with deploymentController CODE_DEPLOY.",
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
            ApplyWeight(run, run.Plan.Steps[run.TrafficStepIndex].GreenWeight, t);
            return;
        }

        if (stage.Kind == StageKind.ReadyWait)
        {
            End(d, run, t, EndReason.Failure, "TIMEOUT",
                $"The deployment timed out: the replacement task set was ready but ContinueDeployment was not called within {(int)stage.Duration!.Value.TotalMinutes} minutes.");
            return;
        }

        var ev = run.Event(stage.EventName);
        if (!run.IsRollback && ev is not null && string.Equals(stage.EventName, d.Behavior.FailEvent, StringComparison.OrdinalIgnoreCase))
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
                ApplyWeight(run, run.Plan.Steps[0].GreenWeight, t);
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

    private void ApplyWeight(DeploymentRun run, double greenWeight, DateTimeOffset t)
    {
        // A traffic shift updates the target, as in CodeDeploy: its lastUpdatedAt stamps the shift in the sandbox's clock.
        run.GreenWeight = greenWeight;
        run.TargetUpdatedAt = t;
        TaskSetOps.SetWeights(run.Blue, run.Green, greenWeight);
        if (TaskSetOps.FindService(world, run.ClusterName, run.ServiceName) is { } service)
        {
            // ECS reports the PRIMARY task set's task definition as the service's.
            var primary = service.TaskSets.Find(ts => ts.Status == "PRIMARY");
            service.TaskDefinitionArn = primary?.TaskDefinitionArn ?? service.TaskDefinitionArn;
        }
    }
}
