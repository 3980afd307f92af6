using System.Text.Json.Nodes;
using EcsDeploy.Sandbox.State;
using static EcsDeploy.Sandbox.EcsDeployments.DeploymentTimings;

namespace EcsDeploy.Sandbox.EcsDeployments;

// What each phase does when it starts and when it ends.
internal sealed partial class ServiceDeploymentEngine
{
    private void StartPhase(ServiceDeploymentState d, int index, DateTimeOffset at)
    {
        var run = d.Run;
        run.Index = index;
        run.PhaseStart = at;
        run.ActiveHook = null;
        run.HookOutcome = null;
        var phase = run.Phases[index];
        run.PhaseEnd = at + phase.Duration;
        d.UpdatedAt = at;
        if (phase.Stage is not null)
        {
            d.LifecycleStage = phase.Stage;
        }

        var service = Service(d);
        var target = Revision(d.TargetRevisionArn);
        switch (phase.Kind)
        {
            case PhaseKind.Hook:
                StartHook(d, phase, at);
                break;
            case PhaseKind.ScaleUp:
                LaunchMissing(service, target, at, run.Failures);
                break;
            case PhaseKind.CleanUp:
                StopAllBut(service, target.Arn, at, target.DeploymentId);
                break;
            case PhaseKind.RollingBatch:
                StartRollingBatch(service, d, target, at);
                break;
            case PhaseKind.RollbackScaleUp:
                d.Status = "ROLLBACK_IN_PROGRESS";
                var source = Revision(d.RollbackRevisionArn!);
                _tasks.AddEvent(service, at, $"(service {service.Name}) rolling back to deployment {source.DeploymentId}.");
                source.RequestedTaskCount = service.DesiredCount;
                source.UpdatedAt = at;
                var failures = d.Behavior.RollbackFails ? new TaskFailurePlan(new EcsDeploymentBehavior { TasksFailToStart = -1 }, null) : null;
                LaunchMissing(service, source, at, failures);
                break;
            case PhaseKind.RollbackCleanUp:
                var keep = Revision(d.RollbackRevisionArn!);
                StopAllBut(service, keep.Arn, at, keep.DeploymentId);
                break;
            default:
                break;
        }

        run.Started.Add(new PhaseStart(index, at, run.ActiveHook));
    }

    private void EndPhase(ServiceDeploymentState d, DateTimeOffset at)
    {
        var run = d.Run;
        var phase = run.Current!;
        var service = Service(d);
        var target = Revision(d.TargetRevisionArn);
        switch (phase.Kind)
        {
            case PhaseKind.Hook:
                if (!EndHook(d, at))
                {
                    return;
                }

                break;
            case PhaseKind.ScaleUp:
                // Tasks that failed are replaced and the stage goes on until the revision's tasks are all healthy.
                _tasks.Register(service, target, at);
                if (Healthy(service, target.Arn, at).Count < target.RequestedTaskCount)
                {
                    LaunchMissing(service, target, at, run.Failures);
                    run.PhaseStart = at;
                    run.PhaseEnd = at + ScaleUp;
                    return;
                }

                break;
            case PhaseKind.TestShift:
                target.TestTrafficWeight = 100;
                target.UpdatedAt = at;
                break;
            case PhaseKind.ProductionShift:
                SetProductionWeight(d, target, phase.Weight, at);
                break;
            case PhaseKind.RollingBatch:
                if (!EndRollingBatch(service, target, at))
                {
                    StartPhase(d, run.Index, at);
                    return;
                }

                break;
            case PhaseKind.RollbackScaleUp:
                var source = Revision(d.RollbackRevisionArn!);
                _tasks.Register(service, source, at);
                if (Healthy(service, source.Arn, at).Count < source.RequestedTaskCount)
                {
                    FinishRollback(d, at, succeeded: false);
                    return;
                }

                break;
            case PhaseKind.RollbackShift:
                var back = Revision(d.RollbackRevisionArn!);
                back.ProductionTrafficWeight = 100;
                target.ProductionTrafficWeight = 0;
                target.TestTrafficWeight = 0;
                back.UpdatedAt = target.UpdatedAt = at;
                break;
            case PhaseKind.RollbackCleanUp:
                FinishRollback(d, at, succeeded: true);
                return;
            default:
                break;
        }

        if (run.Index + 1 < run.Phases.Count)
        {
            StartPhase(d, run.Index + 1, at);
        }
        else
        {
            Finish(d, at);
        }
    }

    private void SetProductionWeight(ServiceDeploymentState d, ServiceRevisionState target, double weight, DateTimeOffset at)
    {
        target.ProductionTrafficWeight = weight;
        target.UpdatedAt = at;
        var first = true;
        foreach (var source in d.SourceRevisionArns.Select(Revision))
        {
            // What the target does not take stays with the revision that served before (the oldest source).
            source.ProductionTrafficWeight = first ? 100 - weight : 0;
            source.UpdatedAt = at;
            first = false;
        }
    }

    private void LaunchMissing(ServiceState service, ServiceRevisionState revision, DateTimeOffset at, TaskFailurePlan? failures)
    {
        var missing = revision.RequestedTaskCount - ServiceTasks.Alive(service, at, revision.Arn).Count;
        if (missing > 0)
        {
            _tasks.Launch(service, revision, missing, at, failures);
        }
    }

    private void StopAllBut(ServiceState service, string keepArn, DateTimeOffset at, string deploymentId)
    {
        var others = ServiceTasks.Alive(service, at).Where(t => t.RevisionArn != keepArn).ToList();
        _tasks.Stop(service, others, at, deploymentId);
        foreach (var arn in others.Select(t => t.RevisionArn).Distinct())
        {
            var revision = Revision(arn);
            revision.RequestedTaskCount = 0;
            revision.UpdatedAt = at;
        }
    }

    /// <summary>Tasks of a revision that are running and not stopped at <paramref name="at"/>.</summary>
    internal static List<ServiceTaskState> Healthy(ServiceState service, string revisionArn, DateTimeOffset at) =>
        [.. service.Tasks.Where(t => t.RevisionArn == revisionArn && t.IsRunningAt(at))];

    // A batch stops old tasks only as far as minimumHealthyPercent allows and maximumPercent requires, then starts new ones.
    private void StartRollingBatch(ServiceState service, ServiceDeploymentState d, ServiceRevisionState target, DateTimeOffset at)
    {
        var (desired, maxTotal, minHealthy) = Bounds(service, d.Configuration);
        var old = OldTasks(service, target, at);
        var alive = ServiceTasks.Alive(service, at, target.Arn).Count;
        var healthy = Healthy(service, target.Arn, at).Count;
        var needRoom = Math.Max(0, old.Count + desired - maxTotal);
        var canStop = Math.Max(0, old.Count(t => t.IsRunningAt(at)) + healthy - minHealthy);
        var stop = Math.Min(old.Count, Math.Min(needRoom, canStop));
        _tasks.Stop(service, old.Take(stop).ToList(), at, target.DeploymentId);
        var launch = Math.Min(desired - alive, maxTotal - (old.Count - stop + alive));
        if (launch <= 0 && stop == 0 && desired > alive)
        {
            launch = 1; // ECS still makes progress one task at a time when the percentages leave no room
        }

        if (launch > 0)
        {
            _tasks.Launch(service, target, launch, at, d.Run.Failures);
        }

        UpdateSourceCounts(service, target, at);
    }

    // At the end of a batch the surplus old tasks stop; true when the new revision runs every task and no old one is left.
    private bool EndRollingBatch(ServiceState service, ServiceRevisionState target, DateTimeOffset at)
    {
        var desired = service.DesiredCount;
        var old = OldTasks(service, target, at);
        var healthy = Healthy(service, target.Arn, at).Count;
        _tasks.Register(service, target, at);
        var surplus = Math.Min(old.Count, Math.Max(0, old.Count + healthy - desired));
        _tasks.Stop(service, old.Take(surplus).ToList(), at, target.DeploymentId);
        UpdateSourceCounts(service, target, at);
        return healthy >= desired && old.Count == surplus;
    }

    private void UpdateSourceCounts(ServiceState service, ServiceRevisionState target, DateTimeOffset at)
    {
        foreach (var arn in service.ActiveRevisionArns.Where(a => a != target.Arn))
        {
            var revision = Revision(arn);
            revision.RequestedTaskCount = ServiceTasks.Alive(service, at, arn).Count;
            revision.UpdatedAt = at;
        }
    }

    private static List<ServiceTaskState> OldTasks(ServiceState service, ServiceRevisionState target, DateTimeOffset at) =>
        [.. ServiceTasks.Alive(service, at).Where(t => t.RevisionArn != target.Arn).OrderBy(t => t.CreatedAt)];

    private static (int Desired, int MaxTotal, int MinHealthy) Bounds(ServiceState service, JsonObject configuration)
    {
        var desired = service.DesiredCount;
        var max = DeploymentPlan.Int(configuration["maximumPercent"]) ?? 200;
        var min = DeploymentPlan.Int(configuration["minimumHealthyPercent"]) ?? 100;
        return (desired, Math.Max(desired, (int)Math.Floor(desired * max / 100.0)), (int)Math.Ceiling(desired * min / 100.0));
    }
}
