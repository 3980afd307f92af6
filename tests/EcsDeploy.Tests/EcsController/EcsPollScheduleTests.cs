using EcsDeploy.Aws.Ecs;
using EcsDeploy.EcsController;

namespace EcsDeploy.Tests.EcsController;

public class EcsPollScheduleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Ceiling = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(60);

    [Theory]
    // seconds since start, throttled polls, changed, due in (seconds, or null), expected delay
    [InlineData(0, 0, false, null, 1)]
    [InlineData(9, 0, false, null, 1)]
    [InlineData(60, 0, false, null, 15)]
    [InlineData(60, 0, true, null, 2)]
    [InlineData(60, 0, false, 7.0, 7)]
    [InlineData(60, 0, false, 40.0, 15)]
    [InlineData(60, 0, false, 0.5, 1)]
    [InlineData(60, 0, false, -3.0, 1)]
    [InlineData(60, 0, false, -30.0, 15)]
    [InlineData(60, 1, false, 7.0, 30)]
    [InlineData(60, 2, false, null, 60)]
    [InlineData(60, 5, true, null, 60)]
    public void NextDelay_Table(int elapsed, int throttled, bool changed, double? dueIn, int expected)
    {
        var now = T0.AddSeconds(elapsed);
        IReadOnlyList<DateTimeOffset> due = dueIn is { } d ? [now.AddSeconds(d)] : [];
        Assert.Equal(TimeSpan.FromSeconds(expected), EcsPollSchedule.NextDelay(new EcsPollInput(now, T0, Ceiling, MaxDelay, throttled, changed, due)));
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
        var input = new EcsPollInput(now, T0, TimeSpan.FromSeconds(interval), MaxDelay, throttled, changed, due) { Fixed = true };
        Assert.Equal(TimeSpan.FromSeconds(expected), EcsPollSchedule.NextDelay(input));
    }

    [Fact]
    public void NextDelay_UserCeilingBelowFifteen_IsHonoured()
    {
        Assert.Equal(TimeSpan.FromSeconds(5), EcsPollSchedule.NextDelay(new EcsPollInput(T0.AddMinutes(5), T0, TimeSpan.FromSeconds(5), MaxDelay, 0, false, [])));
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
}
