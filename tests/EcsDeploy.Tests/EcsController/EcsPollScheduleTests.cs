using EcsDeploy.Aws.Ecs;
using EcsDeploy.EcsController;

namespace EcsDeploy.Tests.EcsController;

public class EcsPollScheduleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Ceiling = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(60);

    [Theory]
    // seconds since start, seconds since the last transition (null: none since the start), throttled polls, due in (seconds, or null), waiting, ending, expected delay
    [InlineData(0, null, 0, null, false, false, 2)]
    [InlineData(9, null, 0, null, false, false, 2)]
    [InlineData(60, null, 0, null, false, false, 12)]
    [InlineData(200, null, 0, null, false, false, 15)]
    [InlineData(200, 5, 0, null, false, false, 2)]
    [InlineData(200, 30, 0, null, false, false, 6)]
    [InlineData(200, 100, 0, 7.0, false, false, 6)]
    [InlineData(200, 100, 0, 40.0, false, false, 15)]
    [InlineData(200, 100, 0, 0.5, false, false, 1)]
    [InlineData(200, 100, 0, -3.0, false, false, 2)]
    [InlineData(200, 100, 0, -30.0, false, false, 6)]
    [InlineData(200, 100, 0, -95.0, false, false, 15)]
    [InlineData(200, 5, 0, 300.0, true, false, 15)]
    [InlineData(200, 5, 0, 10.0, true, false, 9)]
    [InlineData(200, 100, 0, -5.0, true, false, 2)]
    [InlineData(200, 30, 0, null, false, true, 2)]
    [InlineData(200, 100, 0, null, false, true, 5)]
    [InlineData(600, 400, 0, null, false, true, 15)]
    [InlineData(200, 100, 1, 7.0, false, false, 30)]
    [InlineData(200, 5, 2, null, false, false, 60)]
    [InlineData(200, 5, 5, null, false, false, 60)]
    public void NextDelay_Table(int elapsed, int? sinceChange, int throttled, double? dueIn, bool waiting, bool ending, double expected)
    {
        var now = T0.AddSeconds(elapsed);
        IReadOnlyList<DateTimeOffset> due = dueIn is { } d ? [now.AddSeconds(d)] : [];
        var lastChange = sinceChange is { } since ? now.AddSeconds(-since) : T0;
        var input = new EcsPollInput(now, T0, Ceiling, MaxDelay, throttled, lastChange, due) { Waiting = waiting, Ending = ending };
        Assert.Equal(TimeSpan.FromSeconds(expected), EcsPollSchedule.NextDelay(input));
    }

    [Theory]
    // ECS_DEPLOY_POLL_SCHEDULE=fixed: every poll-interval whatever the start, a change or a due time says; throttling still backs off.
    // seconds since start, poll-interval, throttled polls, changed, due in (seconds, or null), expected delay
    [InlineData(0, 5, 0, false, null, 5)]
    [InlineData(3, 5, 0, true, null, 5)]
    [InlineData(60, 5, 0, true, null, 5)]
    [InlineData(60, 5, 0, false, 1.0, 5)]
    [InlineData(60, 5, 0, false, -2.0, 5)]
    [InlineData(60, 15, 0, false, 7.0, 15)]
    [InlineData(60, 15, 0, true, null, 15)]
    [InlineData(60, 5, 1, false, null, 10)]
    [InlineData(60, 5, 4, false, null, 60)]
    public void NextDelay_Fixed_Table(int elapsed, int interval, int throttled, bool changed, double? dueIn, int expected)
    {
        var now = T0.AddSeconds(elapsed);
        IReadOnlyList<DateTimeOffset> due = dueIn is { } d ? [now.AddSeconds(d)] : [];
        var input = new EcsPollInput(now, T0, TimeSpan.FromSeconds(interval), MaxDelay, throttled, changed ? now : T0, due) { Fixed = true, Waiting = dueIn > 0 };
        Assert.Equal(TimeSpan.FromSeconds(expected), EcsPollSchedule.NextDelay(input));
    }

    [Fact]
    public void NextDelay_UserCeilingBelowFifteen_IsHonoured()
    {
        Assert.Equal(TimeSpan.FromSeconds(5), EcsPollSchedule.NextDelay(new EcsPollInput(T0.AddMinutes(5), T0, TimeSpan.FromSeconds(5), MaxDelay, 0, T0, [])));
    }

    [Fact]
    public void DueTimes_BakeTimeStepAndHookExpiry()
    {
        var state = EcsWatchState.Start(ScriptedEcs.Arn) with
        {
            Last = new ServiceDeployment { DeploymentConfiguration = new EcsDeploymentConfiguration { Strategy = "LINEAR", BakeTimeInMinutes = 10, LinearConfiguration = new EcsLinearConfiguration(25, 3) } },
            Stages = [new StageVisit("BAKE_TIME", T0, null)],
            Traffic = [new EcsTrafficPoint(T0.AddMinutes(-1), 50, 100)],
            Hooks = [new LifecycleHookDetail { HookId = "h", Status = "IN_PROGRESS", ExpiresAt = T0.AddMinutes(30) }, new LifecycleHookDetail { HookId = "done", Status = "SUCCEEDED", ExpiresAt = T0.AddMinutes(5) }],
        };

        Assert.Equal([T0.AddMinutes(10), T0.AddMinutes(2), T0.AddMinutes(30)], EcsPollSchedule.DueTimes(state));
    }

    [Fact]
    public void Expect_BakeTimeFromUpdatedAt_IsATimedWait()
    {
        var state = EcsWatchState.Start(ScriptedEcs.Arn) with
        {
            Status = EcsStatus.InProgress,
            // Seen 12 s after it began: the deployment's updatedAt says when.
            Last = new ServiceDeployment { UpdatedAt = T0.AddSeconds(-12), DeploymentConfiguration = new EcsDeploymentConfiguration { Strategy = "BLUE_GREEN", BakeTimeInMinutes = 10 } },
            Stages = [new StageVisit("POST_PRODUCTION_TRAFFIC_SHIFT", T0.AddMinutes(-1), T0), new StageVisit("BAKE_TIME", T0, null)],
        };

        var expected = EcsPollSchedule.Expect(state);
        Assert.Equal([T0.AddSeconds(-12).AddMinutes(10)], expected.Due);
        Assert.True(expected.Waiting);
        Assert.False(expected.Ending);
    }

    [Fact]
    public void Expect_CanaryStepWithHookRunning_IsNoTimedWait_AfterTheHook_ItIs()
    {
        var running = EcsWatchState.Start(ScriptedEcs.Arn) with
        {
            Status = EcsStatus.InProgress,
            Last = new ServiceDeployment { UpdatedAt = T0, DeploymentConfiguration = new EcsDeploymentConfiguration { Strategy = "CANARY", CanaryConfiguration = new EcsCanaryConfiguration(10, 20) } },
            Stages = [new StageVisit("PRODUCTION_TRAFFIC_SHIFT", T0.AddMinutes(-1), null)],
            Traffic = [new EcsTrafficPoint(T0.AddMinutes(-2), 0, 100), new EcsTrafficPoint(T0.AddSeconds(2), 10, 100)],
            Hooks = [new LifecycleHookDetail { HookId = "h", Status = "IN_PROGRESS" }],
        };
        var done = running with
        {
            Last = running.Last! with { UpdatedAt = T0.AddSeconds(35) },
            Hooks = [new LifecycleHookDetail { HookId = "h", Status = "SUCCEEDED" }],
            Timeline = [new TimelineEntry(T0.AddSeconds(37), "hook h SUCCEEDED")],
        };
        var movedOn = done with { Last = done.Last! with { UpdatedAt = T0.AddMinutes(21) } };

        // While the hook runs the step's wait has not begun: its start is the deployment's updatedAt, after the earlier step.
        Assert.Equal([T0.AddMinutes(20)], EcsPollSchedule.Expect(running).Due);
        Assert.False(EcsPollSchedule.Expect(running).Waiting);
        Assert.Equal([T0.AddSeconds(35).AddMinutes(20)], EcsPollSchedule.Expect(done).Due);
        Assert.True(EcsPollSchedule.Expect(done).Waiting);
        // The deployment moved after the last transition seen: the step's end came then (and has passed).
        Assert.Equal([T0.AddMinutes(21)], EcsPollSchedule.Expect(movedOn).Due);
    }

    [Fact]
    public void Expect_CleanUpOrRollback_IsTheEnding()
    {
        var state = EcsWatchState.Start(ScriptedEcs.Arn) with { Status = EcsStatus.InProgress, Stages = [new StageVisit("CLEAN_UP", T0, null)] };
        var scaling = state with { Stages = [new StageVisit("SCALE_UP", T0, null)] };

        Assert.True(EcsPollSchedule.Expect(state).Ending);
        Assert.False(EcsPollSchedule.Expect(scaling).Ending);
        // A rollback's end is what a workflow waits for next, at any stage.
        Assert.True(EcsPollSchedule.Expect(scaling with { Status = EcsStatus.RollbackInProgress }).Ending);
        Assert.True(EcsPollSchedule.Expect(scaling with { Status = EcsStatus.RollbackRequested }).Ending);
        Assert.False(EcsPollSchedule.Expect(state with { Status = EcsStatus.RollbackSuccessful }).Ending);
    }

    [Theory]
    // fixed interval, seconds since the service was last asked for (null: never), changed, status changed, expected
    [InlineData(true, 1, false, false, true)]
    [InlineData(false, null, false, false, true)]
    [InlineData(false, 15, true, false, true)]
    [InlineData(false, 15, false, true, true)]
    [InlineData(false, 15, false, false, false)]
    [InlineData(false, 239, false, false, false)]
    [InlineData(false, 240, false, false, true)]
    public void AskService_Table(bool fixedInterval, int? sinceAsked, bool changed, bool statusChanged, bool expected)
    {
        var now = T0.AddMinutes(10);
        DateTimeOffset? asked = sinceAsked is { } since ? now.AddSeconds(-since) : null;
        Assert.Equal(expected, EcsPollSchedule.AskService(fixedInterval, now, asked, changed, statusChanged, Ceiling * 16));
    }
}
