using EcsDeploy.Aws;
using EcsDeploy.Aws.Ecs;
using EcsDeploy.EcsController;
using EcsDeploy.Tests.Integration;
using EcsDeploy.Tests.Support;

namespace EcsDeploy.Tests.EcsController;

public class ServiceDeploymentWatcherTests
{
    private static readonly EcsWatchSettings Settings = new("default", "web", TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(60), TimeSpan.FromMinutes(30));

    [Fact]
    public async Task FollowAsync_ThrottledThenSuccessful_ReportsTransitionsWithElapsedTimeAndSucceeds()
    {
        var throttled = new AwsServiceException("ecs", "DescribeServiceDeployments", "ThrottlingException", "Rate exceeded", null, 400);
        var ecs = new ScriptedEcs()
            .Then(ScriptedEcs.Deployment("IN_PROGRESS", "SCALE_UP", 0, running: 1))
            .ThenThrow(throttled)
            .Then(ScriptedEcs.Deployment("SUCCESSFUL", "CLEAN_UP", 100, running: 2, oldRunning: 0));
        ecs.Service = ecs.Service with { TaskDefinition = ScriptedEcs.NewTaskDefinition };
        var clock = new VirtualClock();
        var log = new RecordingJobLog();

        var result = await new ServiceDeploymentWatcher(ecs, ecs, log, clock).FollowAsync(ScriptedEcs.Arn, Settings, CancellationToken.None);

        Assert.Equal(EcsOutcomeKind.Succeeded, result.Outcome?.Kind);
        Assert.Equal(
        [
            "[00:00] Service deployment sd-1: IN_PROGRESS",
            "[00:00] Stage: SCALE_UP",
            "[00:00] Tasks: new 1/2 running; old 2/2 running",
            // After a transition the next poll comes quickly (2 s); the throttled poll backs off to 30 s.
            // Traffic moved before CLEAN_UP began, so its line comes first.
            "[00:32] Traffic: production old 0% / new 100%, test new 100%",
            "[00:32] Stage: CLEAN_UP",
            "[00:32] Tasks: new 2/2 running; old 0/2 running",
            "[00:32] Service deployment sd-1: SUCCESSFUL",
        ], log.Messages("info"));
    }

    [Fact]
    public async Task FollowAsync_RollbackWithStoppedTasks_FetchesThemOnceAndFollowsToTheEnd()
    {
        var failing = ScriptedEcs.Deployment("ROLLBACK_IN_PROGRESS") with { Rollback = new ServiceDeploymentRollback("Circuit breaker tripped", null, null), DeploymentCircuitBreaker = new ServiceDeploymentCircuitBreaker("TRIGGERED", 2, 2) };
        var ecs = new ScriptedEcs()
            .Then(ScriptedEcs.Deployment("IN_PROGRESS"))
            .Then(failing)
            .Then(failing)
            .Then(failing with { Status = "ROLLBACK_SUCCESSFUL" });
        ecs.StoppedTasks.Add(new EcsTask { TaskArn = "arn:aws:ecs:us-east-1:1:task/default/t1", TaskDefinitionArn = ScriptedEcs.NewTaskDefinition, StopCode = "TaskFailedToStart", StoppedReason = "CannotPullContainerError" });
        ecs.StoppedTasks.Add(new EcsTask { TaskArn = "arn:aws:ecs:us-east-1:1:task/default/t0", TaskDefinitionArn = ScriptedEcs.OldTaskDefinition, StopCode = "UserInitiated", StoppedReason = "Scaled in" });
        var log = new RecordingJobLog();

        var result = await new ServiceDeploymentWatcher(ecs, ecs, log, new VirtualClock()).WatchAsync(EcsWatchState.Start(ScriptedEcs.Arn, null, ScriptedEcs.NewTaskDefinition), Settings, CancellationToken.None);

        Assert.Equal(EcsOutcomeKind.RolledBack, result.Outcome?.Kind);
        Assert.Single(ecs.Calls, c => c == "ListTasks");
        Assert.Single(result.State.StoppedTasks);
        Assert.Contains(log.Messages("untrusted"), l => l.EndsWith("Stopped task t1: TaskFailedToStart: CannotPullContainerError", StringComparison.Ordinal));
        Assert.Contains("CannotPullContainerError", result.Outcome!.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FollowAsync_StoppedByANewerUpdateService_NamesTheReplacement()
    {
        var ecs = new ScriptedEcs().Then(ScriptedEcs.Deployment("IN_PROGRESS")).Then(ScriptedEcs.Deployment("STOPPED"));
        ecs.Listed.Add(new ServiceDeploymentBrief { ServiceDeploymentArn = "arn:aws:ecs:us-east-1:111122223333:service-deployment/default/web/sd-2", CreatedAt = new DateTimeOffset(2026, 3, 2, 9, 5, 0, TimeSpan.Zero), Status = "IN_PROGRESS" });
        ecs.Listed.Add(new ServiceDeploymentBrief { ServiceDeploymentArn = ScriptedEcs.Arn, CreatedAt = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero), Status = "STOPPED" });

        var result = await new ServiceDeploymentWatcher(ecs, ecs, new RecordingJobLog(), new VirtualClock()).FollowAsync(ScriptedEcs.Arn, Settings, CancellationToken.None);

        Assert.Equal(EcsOutcomeKind.Superseded, result.Outcome?.Kind);
        Assert.EndsWith("sd-2", result.Outcome!.ReplacedBy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FollowAsync_NeverEnding_TimesOutWithoutOutcome()
    {
        var ecs = new ScriptedEcs().Then(ScriptedEcs.Deployment("IN_PROGRESS", "BAKE_TIME", 100, running: 2));
        var clock = new VirtualClock();
        var start = clock.GetUtcNow();

        var result = await new ServiceDeploymentWatcher(ecs, ecs, new RecordingJobLog(), clock).FollowAsync(ScriptedEcs.Arn, Settings with { Timeout = TimeSpan.FromMinutes(5) }, CancellationToken.None);

        Assert.True(result.TimedOut);
        Assert.Equal(TimeSpan.FromMinutes(5), clock.GetUtcNow() - start);
        // DescribeServices only every few polls while nothing changes.
        Assert.True(ecs.Calls.Count(c => c == "DescribeServices") * 3 < ecs.Calls.Count(c => c == "DescribeServiceDeployments"));
    }
}
