using EcsDeploy.Aws.Ecs;
using EcsDeploy.EcsController;

namespace EcsDeploy.Tests.EcsController;

public class ServiceDeploymentWatchTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private static EcsWatchState Start(EcsWaitUntil? waitUntil = null) =>
        EcsWatchState.Start(ScriptedEcs.Arn, waitUntil, ScriptedEcs.NewTaskDefinition) with { EventsSince = T0 };

    private static EcsWatchStep Step(EcsWatchState state, ServiceDeployment deployment, int second = 0, EcsService? service = null, string? startedAfter = null, IReadOnlyList<EcsTask>? stopped = null) =>
        ServiceDeploymentWatch.Step(state, new EcsObservation(T0.AddSeconds(second)) { Deployment = deployment, Service = service, StartedAfter = startedAfter, StoppedTasks = stopped });

    private static string[] Lines(EcsWatchStep step) =>
        [.. step.Messages.Select(m => m switch { EcsLine l => l.Text, EcsUntrustedLine u => u.Prefix + u.Text, _ => "" })];

    [Fact]
    public void Step_BlueGreenProgress_PrintsEachTransitionOnce()
    {
        var first = Step(Start(), ScriptedEcs.Deployment("IN_PROGRESS", "SCALE_UP", 0, running: 1));
        Assert.Equal(["Service deployment sd-1: IN_PROGRESS", "Stage: SCALE_UP", "Tasks: new 1/2 running; old 2/2 running"], Lines(first));

        var same = Step(first.Next, ScriptedEcs.Deployment("IN_PROGRESS", "SCALE_UP", 0, running: 1), 5);
        Assert.Empty(same.Messages);
        Assert.Null(same.Outcome);

        var shifted = Step(same.Next, ScriptedEcs.Deployment("IN_PROGRESS", "PRODUCTION_TRAFFIC_SHIFT", 100, running: 2), 10);
        Assert.Equal(["Stage: PRODUCTION_TRAFFIC_SHIFT", "Traffic: production old 0% / new 100%, test new 100%", "Tasks: new 2/2 running; old 2/2 running"], Lines(shifted));
        Assert.Equal(["SCALE_UP", "PRODUCTION_TRAFFIC_SHIFT"], shifted.Next.Stages.Select(s => s.Name));
        Assert.Equal(T0.AddSeconds(10), shifted.Next.Stages[0].End);
    }

    [Theory]
    // (status, stage, production weight, running) before → after; whether the schedule counts it as the deployment moving.
    [InlineData("IN_PROGRESS", "SCALE_UP", 0, 1, "IN_PROGRESS", "SCALE_UP", 0, 2, false)] // task counts of a staged deployment
    [InlineData("IN_PROGRESS", "SCALE_UP", 0, 2, "IN_PROGRESS", "POST_SCALE_UP", 0, 2, true)] // a new stage
    [InlineData("IN_PROGRESS", "PRODUCTION_TRAFFIC_SHIFT", 0, 2, "IN_PROGRESS", "PRODUCTION_TRAFFIC_SHIFT", 10, 2, true)] // traffic
    [InlineData("IN_PROGRESS", "BAKE_TIME", 100, 2, "SUCCESSFUL", "BAKE_TIME", 100, 2, true)] // the status
    [InlineData("IN_PROGRESS", null, null, 1, "IN_PROGRESS", null, null, 2, true)] // a rolling deployment's counts are its progress
    [InlineData("IN_PROGRESS", "BAKE_TIME", 100, 2, "IN_PROGRESS", "BAKE_TIME", 100, 2, false)] // nothing
    public void Transitioned_DeploymentMovedOrOnlyItsTasks(string status, string? stage, int? production, int running, string nextStatus, string? nextStage, int? nextProduction, int nextRunning, bool moved)
    {
        var before = Step(Start(), ScriptedEcs.Deployment(status, stage, production, running)).Next;

        var after = Step(before, ScriptedEcs.Deployment(nextStatus, nextStage, nextProduction, nextRunning), 5).Next;

        Assert.Equal(moved, ServiceDeploymentWatch.Transitioned(before, after));
    }

    [Fact]
    public void Transitioned_ServiceEventsAlone_AreNotAMove()
    {
        var before = Step(Start(), ScriptedEcs.Deployment("IN_PROGRESS", "BAKE_TIME", 100, 2)).Next;
        var service = new EcsService { Events = [new EcsServiceEvent("e1", T0.AddSeconds(4), "(service web) has reached a steady state.")] };

        var step = Step(before, ScriptedEcs.Deployment("IN_PROGRESS", "BAKE_TIME", 100, 2), 5, service);

        Assert.NotEmpty(step.Messages);
        Assert.False(ServiceDeploymentWatch.Transitioned(before, step.Next));
    }

    [Fact]
    public void Step_InProgressThroughBakeTime_IsNeverSuccess()
    {
        var step = Step(Start(), ScriptedEcs.Deployment("IN_PROGRESS", "BAKE_TIME", 100, running: 2));
        Assert.Null(step.Outcome);
    }

    [Fact]
    public void Step_SuccessfulAndServiceRunsTheNewRevision_Succeeds()
    {
        var service = new EcsService { TaskDefinition = ScriptedEcs.NewTaskDefinition };
        var step = Step(Start(), ScriptedEcs.Deployment("SUCCESSFUL", "CLEAN_UP", 100, running: 2, oldRunning: 0), service: service);

        Assert.Equal(EcsOutcomeKind.Succeeded, step.Outcome?.Kind);
        // The final status comes after the lines that led to it.
        Assert.Equal("Service deployment sd-1: SUCCESSFUL", Lines(step)[^1]);
    }

    [Fact]
    public void Step_SuccessfulButServiceRunsAnotherRevision_IsSuperseded()
    {
        var service = new EcsService { TaskDefinition = "arn:aws:ecs:us-east-1:111122223333:task-definition/web:9" };
        var step = Step(Start(), ScriptedEcs.Deployment("SUCCESSFUL"), service: service, startedAfter: "arn:aws:ecs:us-east-1:1:service-deployment/default/web/sd-2");

        Assert.Equal(EcsOutcomeKind.Superseded, step.Outcome?.Kind);
        Assert.True(step.Outcome!.IsFailure);
    }

    [Fact]
    public void Step_StoppedWithANewerDeployment_IsSupersededNamingIt()
    {
        var step = Step(Start(), ScriptedEcs.Deployment("STOPPED"), startedAfter: "arn:aws:ecs:us-east-1:1:service-deployment/default/web/sd-2");

        Assert.Equal(EcsOutcomeKind.Superseded, step.Outcome?.Kind);
        Assert.Contains("sd-2", step.Outcome!.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public void Step_StoppedAlone_IsStopped()
    {
        Assert.Equal(EcsOutcomeKind.Stopped, Step(Start(), ScriptedEcs.Deployment("STOPPED")).Outcome?.Kind);
    }

    [Theory]
    [InlineData("ROLLBACK_REQUESTED", null)]
    [InlineData("ROLLBACK_IN_PROGRESS", null)]
    [InlineData("STOP_REQUESTED", null)]
    [InlineData("ROLLBACK_SUCCESSFUL", EcsOutcomeKind.RolledBack)]
    [InlineData("ROLLBACK_FAILED", EcsOutcomeKind.RollbackFailed)]
    public void Step_Rollback_IsFollowedToItsEnd(string status, EcsOutcomeKind? expected)
    {
        Assert.Equal(expected, Step(Start(), ScriptedEcs.Deployment(status)).Outcome?.Kind);
    }

    [Fact]
    public void Step_CircuitBreakerRollback_CauseNamesBreakerReasonAndStoppedTask()
    {
        var deployment = ScriptedEcs.Deployment("ROLLBACK_IN_PROGRESS") with
        {
            Rollback = new ServiceDeploymentRollback("Circuit breaker tripped.", T0, null),
            DeploymentCircuitBreaker = new ServiceDeploymentCircuitBreaker("TRIGGERED", 3, 3),
        };
        var task = new EcsTask
        {
            TaskArn = "arn:aws:ecs:us-east-1:1:task/default/abc",
            StopCode = "EssentialContainerExited",
            StoppedReason = "Essential container in task exited",
            Containers = [new EcsContainer { Name = "web", ExitCode = 1, Reason = "boom" }],
        };
        var rolling = Step(Start(), deployment, stopped: [task]);
        Assert.Contains("Circuit breaker: 3 of 3 failed tasks (TRIGGERED)", Lines(rolling));
        Assert.Contains("Stopped task abc: EssentialContainerExited: Essential container in task exited", Lines(rolling));
        Assert.Contains("  container web: exit code 1, boom", Lines(rolling));
        Assert.Null(rolling.Outcome);

        var done = Step(rolling.Next, deployment with { Status = "ROLLBACK_SUCCESSFUL" }, 30);
        Assert.Equal(EcsOutcomeKind.RolledBack, done.Outcome?.Kind);
        Assert.Equal("Circuit breaker tripped; the circuit breaker tripped after 3 failed tasks (threshold 3); a task of the new revision stopped: Essential container in task exited", done.Outcome!.Cause);
    }

    [Fact]
    public void Step_TriggeredAlarm_IsPrintedAndNamedInTheCause()
    {
        var deployment = ScriptedEcs.Deployment("ROLLBACK_SUCCESSFUL") with { Alarms = new ServiceDeploymentAlarms("TRIGGERED", ["web-5xx", "web-latency"], ["web-5xx"]) };
        var step = Step(Start(), deployment);
        Assert.Contains("Alarms: TRIGGERED (web-5xx, web-latency), triggered: web-5xx", Lines(step));
        Assert.Contains("alarm web-5xx triggered", step.Outcome!.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public void Step_PauseHookAwaitingAction_EndsAWaitUntilPausedWithTheHook()
    {
        var deployment = ScriptedEcs.Deployment("IN_PROGRESS", "POST_TEST_TRAFFIC_SHIFT", 0) with
        {
            LifecycleHookDetails = [new LifecycleHookDetail { HookId = "hook-1", TargetType = "PAUSE", Status = "AWAITING_ACTION", ExpiresAt = T0.AddHours(1), TimeoutAction = "ROLLBACK" }],
        };
        var paused = Step(Start(new EcsWaitUntil(EcsWaitKind.Paused)), deployment);
        Assert.Contains("Hook hook-1 (PAUSE): AWAITING_ACTION, expires 10:00:00Z (ROLLBACK on timeout)", Lines(paused));
        Assert.Equal(EcsOutcomeKind.Paused, paused.Outcome?.Kind);
        Assert.Equal("hook-1", paused.Outcome!.HookId);

        // The same deployment under wait-until deployed goes on.
        Assert.Null(Step(Start(), deployment).Outcome);
    }

    [Theory]
    [InlineData("TEST_TRAFFIC_SHIFT", "SCALE_UP", false)]
    [InlineData("TEST_TRAFFIC_SHIFT", "TEST_TRAFFIC_SHIFT", true)]
    [InlineData("TEST_TRAFFIC_SHIFT", "BAKE_TIME", true)]
    [InlineData("SCALE_UP", "NEW_FUTURE_STAGE", false)]
    public void Step_WaitUntilStage_EndsAtThatStageOrLater(string wanted, string current, bool ends)
    {
        var step = Step(Start(new EcsWaitUntil(EcsWaitKind.Stage, wanted)), ScriptedEcs.Deployment("IN_PROGRESS", current));
        Assert.Equal(ends ? EcsOutcomeKind.StageReached : null, step.Outcome?.Kind);
    }

    [Fact]
    public void Step_UnknownStage_IsPrintedAsItComes()
    {
        Assert.Contains("Stage: NEW_FUTURE_STAGE", Lines(Step(Start(), ScriptedEcs.Deployment("IN_PROGRESS", "NEW_FUTURE_STAGE"))));
    }

    [Fact]
    public void Step_LinearSteps_PrintsEachWeight()
    {
        var state = Start();
        var lines = new List<string>();
        foreach (var (weight, second) in new[] { (0.0, 0), (20.0, 10), (20.0, 20), (40.0, 30), (100.0, 40) })
        {
            var step = Step(state, ScriptedEcs.Deployment("IN_PROGRESS", "PRODUCTION_TRAFFIC_SHIFT", weight, running: 2), second);
            lines.AddRange(Lines(step).Where(l => l.StartsWith("Traffic", StringComparison.Ordinal)));
            state = step.Next;
        }

        Assert.Equal(["Traffic: production old 80% / new 20%, test new 100%", "Traffic: production old 60% / new 40%, test new 100%", "Traffic: production old 0% / new 100%, test new 100%"], lines);
        Assert.Equal([20.0, 40, 100], state.Traffic.Select(t => t.Production));
    }

    [Fact]
    public void Step_ServiceEvents_EachNewOneOnceOldestFirstAndNoneFromBeforeTheDeployment()
    {
        var service = new EcsService
        {
            Events =
            [
                new EcsServiceEvent("e3", T0.AddSeconds(20), "(service web) has reached a steady state."),
                new EcsServiceEvent("e2", T0.AddSeconds(10), "(service web) has started 2 tasks."),
                new EcsServiceEvent("e1", T0.AddMinutes(-10), "(service web) old news."),
            ],
        };
        var first = Step(Start(), ScriptedEcs.Deployment("IN_PROGRESS"), service: service);
        Assert.Equal(["Service deployment sd-1: IN_PROGRESS", "Tasks: new 0/2 running; old 2/2 running", "Event: (service web) has started 2 tasks.", "Event: (service web) has reached a steady state."], Lines(first));
        Assert.All(first.Messages.Skip(2), m => Assert.IsType<EcsUntrustedLine>(m));

        var again = Step(first.Next, ScriptedEcs.Deployment("IN_PROGRESS"), 30, service);
        Assert.Empty(again.Messages);
    }

    [Fact]
    public void Step_ClassicRolling_ShowsRolloutCountsAndJudgesCompleted()
    {
        var state = EcsWatchState.StartClassic("ecs-svc/1", ScriptedEcs.NewTaskDefinition);
        var entry = new EcsServiceDeploymentEntry { Id = "ecs-svc/1", Status = "PRIMARY", DesiredCount = 2, RunningCount = 1, PendingCount = 1, RolloutState = "IN_PROGRESS" };
        var first = ServiceDeploymentWatch.Step(state, new EcsObservation(T0) { Classic = entry });
        Assert.Equal(["Deployment ecs-svc/1 (PRIMARY): rollout IN_PROGRESS", "Tasks: 1/2 running, 1 pending"], Lines(first));
        Assert.Null(first.Outcome);

        var done = ServiceDeploymentWatch.Step(first.Next, new EcsObservation(T0.AddSeconds(30)) { Classic = entry with { RunningCount = 2, PendingCount = 0, RolloutState = "COMPLETED" } });
        Assert.Equal(EcsOutcomeKind.Succeeded, done.Outcome?.Kind);

        var failed = ServiceDeploymentWatch.Step(first.Next, new EcsObservation(T0.AddSeconds(30)) { Classic = entry with { RolloutState = "FAILED", RolloutStateReason = "ECS deployment circuit breaker: tasks failed to start.", FailedTasks = 3 } });
        Assert.Equal(EcsOutcomeKind.Failed, failed.Outcome?.Kind);
        Assert.Contains("circuit breaker", failed.Outcome!.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public void Step_ClassicReplacedByAnotherPrimary_IsSuperseded()
    {
        var state = EcsWatchState.StartClassic("ecs-svc/1") with { RolloutState = "IN_PROGRESS" };
        var service = new EcsService { Deployments = [new EcsServiceDeploymentEntry { Id = "ecs-svc/2", Status = "PRIMARY", TaskDefinition = "web:9" }, new EcsServiceDeploymentEntry { Id = "ecs-svc/1", Status = "ACTIVE", RolloutState = "IN_PROGRESS" }] };
        var step = ServiceDeploymentWatch.Step(state, new EcsObservation(T0) { Service = service, Classic = service.Deployments[1] });
        Assert.Equal(EcsOutcomeKind.Superseded, step.Outcome?.Kind);
        Assert.Equal("ecs-svc/2", step.Outcome!.ReplacedBy);
    }
}
