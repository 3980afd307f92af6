using System.Collections.Immutable;
using EcsDeploy.Aws.CodeDeploy;
using EcsDeploy.CodeDeploy;
using EcsDeploy.Watching;

namespace EcsDeploy.Tests.CodeDeploy;

public sealed class DeploymentPollPlanTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly PollPace Pace = PollPace.Adapting(TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30));

    private static LifecycleEvent Event(string name, string status, int startSecond = 0, int? endSecond = null) =>
        new() { LifecycleEventName = name, Status = status, StartTime = T0.AddSeconds(startSecond), EndTime = endSecond is { } e ? T0.AddSeconds(e) : null };

    private static WatchState State(string config, params LifecycleEvent[] events) =>
        WatchState.Start("d-1") with { Status = "InProgress", ConfigName = config, Events = [.. events], LastChangeAt = T0.AddSeconds(90) };

    [Theory]
    [InlineData("CodeDeployDefault.ECSCanary10Percent5Minutes", 1, 5)]
    [InlineData("CodeDeployDefault.ECSCanary10Percent15Minutes", 1, 15)]
    [InlineData("CodeDeployDefault.ECSLinear10PercentEvery1Minutes", 9, 1)]
    [InlineData("CodeDeployDefault.ECSLinear10PercentEvery3Minutes", 9, 3)]
    [InlineData("CodeDeployDefault.ECSAllAtOnce", 0, 0)]
    public void OfBuiltIn_EcsConfigurations_ShiftsAndInterval(string name, int shifts, int minutes)
    {
        Assert.Equal(new TrafficRouting(shifts, TimeSpan.FromMinutes(minutes)), TrafficRouting.OfBuiltIn(name));
    }

    [Theory]
    [InlineData("my-canary-10-percent-5-minutes")]
    [InlineData("CodeDeployDefault.LambdaCanary10Percent5Minutes")]
    [InlineData("CodeDeployDefault.OneAtATime")]
    [InlineData(null)]
    public void OfBuiltIn_OtherNames_Unknown(string? name)
    {
        Assert.Null(TrafficRouting.OfBuiltIn(name));
    }

    [Fact]
    public void DueTimes_CanaryShifting_TheShiftAtTheEndOfTheInterval()
    {
        var state = State("CodeDeployDefault.ECSCanary10Percent5Minutes", Event("Install", "Succeeded", 0, 60), Event("AllowTraffic", "InProgress", 90));

        Assert.Equal([T0.AddSeconds(390)], DeploymentPollPlan.DueTimes(state));
    }

    [Fact]
    public void DueTimes_LinearSecondShiftSeen_OnlyTheLaterShifts()
    {
        var state = State("CodeDeployDefault.ECSLinear10PercentEvery1Minutes", Event("AllowTraffic", "InProgress", 90)) with { LastChangeAt = T0.AddSeconds(151) };

        var due = DeploymentPollPlan.DueTimes(state);

        Assert.Equal(8, due.Count);
        Assert.Equal(T0.AddSeconds(210), due[0]);
        Assert.Equal(T0.AddSeconds(630), due[^1]);
    }

    [Fact]
    public void DueTimes_CustomConfiguration_ShiftDueOnlyOnceItsRoutingIsKnown()
    {
        var state = State("Canary10Percent30Minutes", Event("AllowTraffic", "InProgress", 90));
        var routing = TrafficRouting.Of(new TrafficRoutingConfig("TimeBasedCanary", new TimeBasedCanary(10, 30), null));

        Assert.Empty(DeploymentPollPlan.DueTimes(state));
        Assert.Equal([T0.AddSeconds(90 + 1800)], DeploymentPollPlan.DueTimes(state with { Routing = routing }));
        Assert.Null(TrafficRouting.Of(new TrafficRoutingConfig("TimeBasedCanary", null, null)));
        Assert.Equal(new TrafficRouting(0, TimeSpan.Zero), TrafficRouting.Of(new TrafficRoutingConfig("AllAtOnce", null, null)));
    }

    [Fact]
    public void DueTimes_HookRunning_ItsOneHourLimit()
    {
        var state = State("CodeDeployDefault.ECSAllAtOnce", Event("AfterAllowTestTraffic", "InProgress", 70));

        Assert.Equal([T0.AddSeconds(70) + TimeSpan.FromHours(1)], DeploymentPollPlan.DueTimes(state));
    }

    [Fact]
    public void DueTimes_TerminationAndReadyWaits_TheirEnds()
    {
        var terminating = State("x") with { TerminationWaitStarted = true, TerminationWaitStartedAt = T0.AddSeconds(400), BlueKeptMinutes = 5 };
        var ready = State("x") with { Status = "Ready", ReadySince = T0.AddSeconds(90), ReadyWaitMinutes = 10 };

        Assert.Equal([T0.AddSeconds(700)], DeploymentPollPlan.DueTimes(terminating));
        Assert.Equal([T0.AddSeconds(690)], DeploymentPollPlan.DueTimes(ready));
        Assert.Empty(DeploymentPollPlan.DueTimes(terminating with { Status = "Succeeded" }));
    }

    [Theory]
    // state, seconds from T0 now, seconds since the deployment was read -> delay, lead, both
    [InlineData("start", 0, 0, 1, PollLead.Target, true)]            // first poll: everything, quickly again
    [InlineData("canary", 95, 5, 1, PollLead.Target, false)]         // just after AllowTraffic started
    [InlineData("canary", 150, 5, 9, PollLead.Target, false)]        // canary wait: slower, target only
    [InlineData("canary", 300, 5, 15, PollLead.Target, false)]       // ... up to the ceiling
    [InlineData("canary", 300, 230, 15, PollLead.Target, true)]      // the deployment is read at least every four minutes
    [InlineData("shifting", 95, 5, 15, PollLead.Deployment, false)]  // the first split seen: nothing but the shift is due, the deployment only
    [InlineData("shifting", 370, 5, 15, PollLead.Deployment, false)] // ... while the next poll comes before the window
    [InlineData("shifting", 380, 5, 8, PollLead.Target, false)]      // the poll that opens the window asks the target, where the shift shows
    [InlineData("shifting", 389, 5, 1, PollLead.Target, false)]
    [InlineData("shifting", 405, 5, 15, PollLead.Target, false)]     // a late shift: the target keeps the lead
    [InlineData("rollback", 95, 5, 15, PollLead.Target, false)]      // a followed rollback's split is from before its AllowTraffic: its shift shows in the target
    [InlineData("terminating", 650, 5, 15, PollLead.Deployment, false)]
    [InlineData("canary", 380, 5, 8, PollLead.Target, false)]        // up to the window before the shift
    [InlineData("canary", 389, 5, 1, PollLead.Target, false)]        // around the shift: every second
    [InlineData("terminating", 401, 5, 15, PollLead.Deployment, false)] // only the wait's end is due
    [InlineData("terminating", 699, 5, 1, PollLead.Deployment, false)]
    [InlineData("ready", 300, 5, 15, PollLead.Deployment, false)]
    public void Next_DeploymentShapes_DelayLeadAndWhatToAsk(string shape, int now, int sinceRead, int delay, PollLead lead, bool both)
    {
        var state = shape switch
        {
            "start" => WatchState.Start("d-1"),
            "canary" => State("CodeDeployDefault.ECSCanary10Percent5Minutes", Event("AllowTraffic", "InProgress", 90)),
            "shifting" => State("CodeDeployDefault.ECSCanary10Percent5Minutes", Event("AllowTraffic", "InProgress", 90)) with
            {
                EventStatuses = ImmutableDictionary<string, string>.Empty.Add("AllowTraffic", "InProgress"),
                PrintedTraffic = new TrafficPoint(T0.AddSeconds(90), 90, 10),
            },
            "rollback" => State("CodeDeployDefault.ECSCanary10Percent5Minutes", Event("AllowTraffic", "InProgress", 90)) with
            {
                EventStatuses = ImmutableDictionary<string, string>.Empty.Add("AllowTraffic", "InProgress"),
                PrintedTraffic = new TrafficPoint(T0.AddSeconds(-120), 90, 10),
            },
            "terminating" => State("x") with { TerminationWaitStarted = true, TerminationWaitStartedAt = T0.AddSeconds(400), BlueKeptMinutes = 5, LastChangeAt = T0.AddSeconds(400) },
            _ => State("x") with { Status = "Ready", ReadySince = T0.AddSeconds(90) },
        };
        var at = T0.AddSeconds(now);

        var plan = DeploymentPollPlan.Next(state, Pace, at, shape == "start" ? null : at.AddSeconds(-sinceRead));

        Assert.Equal(new PollPlan(TimeSpan.FromSeconds(delay), lead, both), plan);
    }

    [Fact]
    public void Next_FixedInterval_BothEveryInterval()
    {
        var state = State("CodeDeployDefault.ECSCanary10Percent5Minutes", Event("AllowTraffic", "InProgress", 90));

        var plan = DeploymentPollPlan.Next(state, PollPace.FixedInterval(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30)), T0.AddSeconds(389), T0.AddSeconds(384));

        Assert.Equal(new PollPlan(TimeSpan.FromSeconds(5), PollLead.Target, true), plan);
    }

    [Fact]
    public void TargetChanged_OnlyWhatTheWatchPrintsOrKeeps()
    {
        var before = new EcsTarget { Status = "InProgress", LifecycleEvents = [Event("Install", "InProgress")] };

        Assert.False(DeploymentPollPlan.TargetChanged(before, before with { LifecycleEvents = [Event("Install", "InProgress")] }));
        Assert.True(DeploymentPollPlan.TargetChanged(before, before with { LifecycleEvents = [Event("Install", "Succeeded")] }));
        Assert.True(DeploymentPollPlan.TargetChanged(before, before with { TaskSetsInfo = [new EcsTaskSetInfo { TaskSetLabel = "Green", TrafficWeight = 10 }] }));
        Assert.True(DeploymentPollPlan.TargetChanged(before, before with { Status = "Failed" }));
        Assert.True(DeploymentPollPlan.TargetChanged(null, before));
    }

    [Fact]
    public void DeploymentChanged_StatusWaitOrError()
    {
        var before = new DeploymentInfo { DeploymentId = "d-1", Status = "InProgress" };

        Assert.False(DeploymentPollPlan.DeploymentChanged(before, before with { }));
        Assert.True(DeploymentPollPlan.DeploymentChanged(before, before with { InstanceTerminationWaitTimeStarted = true }));
        Assert.True(DeploymentPollPlan.DeploymentChanged(before, before with { Status = "Stopped" }));
        Assert.True(DeploymentPollPlan.DeploymentChanged(null, before));
    }
}
