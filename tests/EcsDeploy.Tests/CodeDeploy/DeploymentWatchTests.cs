using EcsDeploy.Aws.CodeDeploy;
using EcsDeploy.CodeDeploy;

namespace EcsDeploy.Tests.CodeDeploy;

public class DeploymentWatchTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static Observation Obs(string status, params LifecycleEvent[] events) =>
        new(T0, new DeploymentInfo { DeploymentId = "d-1", Status = status }, new EcsTarget { LifecycleEvents = events });

    private static LifecycleEvent Ev(string name, string status, int startSecond = 0, int? endSecond = null) => new()
    {
        LifecycleEventName = name,
        Status = status,
        StartTime = status == "Pending" ? null : T0.AddSeconds(startSecond),
        EndTime = endSecond is { } e ? T0.AddSeconds(e) : null,
    };

    private static List<string> Lines(WatchStep step) =>
        step.Messages.OfType<WatchLine>().Select(l => l.Text).ToList();

    [Fact]
    public void Step_SameObservationTwice_PrintsTransitionsOnce()
    {
        var observation = Obs("InProgress", Ev("BeforeInstall", "InProgress"), Ev("Install", "Pending"));
        var first = DeploymentWatch.Step(WatchState.Start("d-1"), observation);
        var second = DeploymentWatch.Step(first.Next, observation);

        Assert.Equal(["Deployment d-1: InProgress", "BeforeInstall: InProgress"], Lines(first));
        Assert.Empty(second.Messages);
        Assert.Null(second.Outcome);
    }

    [Theory]
    [InlineData(5, "5s")]
    [InlineData(65, "1m 05s")]
    [InlineData(3725, "1h 02m")]
    public void Step_EventSucceeds_PrintsDuration(int seconds, string expected)
    {
        var state = DeploymentWatch.Step(WatchState.Start("d-1"), Obs("InProgress", Ev("Install", "InProgress"))).Next;
        var step = DeploymentWatch.Step(state, Obs("InProgress", Ev("Install", "Succeeded", 0, seconds)));

        Assert.Equal([$"Install: Succeeded ({expected})"], Lines(step));
    }

    [Fact]
    public void Step_TrafficShifts_PrintsEachNewSplit()
    {
        static Observation Split(double blue, double green) => new(T0, new DeploymentInfo { DeploymentId = "d-1", Status = "InProgress" }, new EcsTarget
        {
            TaskSetsInfo =
            [
                new EcsTaskSetInfo { TaskSetLabel = "Blue", TrafficWeight = blue },
                new EcsTaskSetInfo { TaskSetLabel = "Green", TrafficWeight = green },
            ],
        });

        var state = WatchState.Start("d-1") with { Status = "InProgress" };
        var lines = new List<string>();
        foreach (var (blue, green) in new[] { (100.0, 0.0), (100.0, 0.0), (90.0, 10.0), (90.0, 10.0), (0.0, 100.0) })
        {
            var step = DeploymentWatch.Step(state, Split(blue, green));
            lines.AddRange(Lines(step));
            state = step.Next;
        }

        Assert.Equal(["Traffic: blue 90% / green 10%", "Traffic: blue 0% / green 100%"], lines);
        Assert.Equal(3, state.Traffic.Count);
    }

    private static Observation WithSplit(Observation observation, double green) => observation with
    {
        Target = observation.Target! with
        {
            TaskSetsInfo =
            [
                new EcsTaskSetInfo { TaskSetLabel = "Blue", TrafficWeight = 100 - green },
                new EcsTaskSetInfo { TaskSetLabel = "Green", TrafficWeight = green },
            ],
        },
    };

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Step_TrafficSplit_StampedInAwsClockWhenTheTargetCarriesOne(bool targetStamped)
    {
        // The sandbox at 60x (or a skewed runner) puts AWS's clock minutes away from the action's: the split must
        // be stamped like the lifecycle events beside it, by the target's lastUpdatedAt.
        var awsTime = T0.AddMinutes(7);
        var observation = WithSplit(Obs("InProgress", Ev("AllowTraffic", "InProgress", 420)), 10);
        observation = observation with { Target = observation.Target! with { LastUpdatedAt = targetStamped ? awsTime : null } };

        var state = DeploymentWatch.Step(WatchState.Start("d-1"), observation).Next;

        Assert.Equal(targetStamped ? awsTime : T0, Assert.Single(state.Traffic).At);
    }

    [Fact]
    public void Step_AllowTrafficEndsWithTheLastShift_PrintsTrafficBeforeTheEvent()
    {
        var state = DeploymentWatch.Step(WatchState.Start("d-1"), WithSplit(Obs("InProgress", Ev("AllowTraffic", "InProgress")), 10)).Next;

        var step = DeploymentWatch.Step(state, WithSplit(Obs("InProgress", Ev("AllowTraffic", "Succeeded", 0, 300), Ev("AfterAllowTraffic", "Skipped")), 100));

        Assert.Equal(["Traffic: blue 0% / green 100%", "AllowTraffic: Succeeded (5m 00s)", "AfterAllowTraffic: Skipped"], Lines(step));
    }

    [Fact]
    public void Step_AllowTrafficStartsWithTheFirstShift_PrintsTrafficAfterTheEvent()
    {
        var step = DeploymentWatch.Step(WatchState.Start("d-1") with { Status = "InProgress" }, WithSplit(Obs("InProgress", Ev("AllowTraffic", "InProgress")), 10));

        Assert.Equal(["AllowTraffic: InProgress", "Traffic: blue 90% / green 10%"], Lines(step));
    }

    [Fact]
    public void Step_RollbackSeededWithAShiftedSplit_PrintsTheReturnToBlue()
    {
        var seeded = WatchState.Start("d-2") with { Status = "InProgress", PrintedTraffic = new TrafficPoint(T0, 90, 10) };
        var fresh = WatchState.Start("d-2") with { Status = "InProgress" };
        var observation = WithSplit(Obs("InProgress"), 0);

        Assert.Equal(["Traffic: blue 100% / green 0%"], Lines(DeploymentWatch.Step(seeded, observation)));
        Assert.Empty(Lines(DeploymentWatch.Step(fresh, observation)));
    }

    [Fact]
    public void Step_TerminationWaitStarts_PrintsItOnceWithMinutes()
    {
        var state = WatchState.Start("d-1", WaitUntil.Deployed, 15) with { Status = "InProgress" };
        var observation = new Observation(T0, new DeploymentInfo { DeploymentId = "d-1", Status = "InProgress", InstanceTerminationWaitTimeStarted = true }, null);

        var first = DeploymentWatch.Step(state, observation);
        var second = DeploymentWatch.Step(first.Next, observation);

        Assert.Equal(["All traffic is on green; the termination wait started (the blue task set is kept for 15 min)"], Lines(first));
        Assert.Empty(second.Messages);
        Assert.Null(first.Outcome);
    }

    [Fact]
    public void Step_HookFails_PrintsDiagnosticsAndEndsWithFailedEvent()
    {
        var diagnostics = new Diagnostics { ErrorCode = "ScriptFailed", Message = "smoke test failed", LogTail = "::error::boom" };
        var failedEvent = Ev("AfterAllowTestTraffic", "Failed", 0, 30) with { Diagnostics = diagnostics };
        var deployment = new DeploymentInfo
        {
            DeploymentId = "d-1",
            Status = "Failed",
            ErrorInformation = new ErrorInformation("HOOK_FAILED", "hook failed"),
            RollbackInfo = new RollbackInfo("d-2", null, null),
        };

        var step = DeploymentWatch.Step(WatchState.Start("d-1") with { Status = "InProgress" }, new Observation(T0, deployment, new EcsTarget { LifecycleEvents = [failedEvent] }));

        Assert.Equal(["AfterAllowTestTraffic: Failed (30s)", "Deployment d-1: Failed"], Lines(step));
        var printed = Assert.Single(step.Messages.OfType<WatchDiagnostics>());
        Assert.Equal("::error::boom", printed.Diagnostics.LogTail);
        Assert.NotNull(step.Outcome);
        Assert.Equal(WatchOutcomeKind.Failed, step.Outcome.Kind);
        Assert.Equal("HOOK_FAILED", step.Outcome.Error?.Code);
        Assert.Equal("AfterAllowTestTraffic", step.Outcome.FailedEvent?.LifecycleEventName);
        Assert.Equal("d-2", step.Outcome.RollbackDeploymentId);
        Assert.True(step.Outcome.IsFailure);
    }

    [Theory]
    [InlineData("Succeeded", WaitUntil.Deployed, WatchOutcomeKind.Succeeded)]
    [InlineData("Stopped", WaitUntil.Deployed, WatchOutcomeKind.Stopped)]
    [InlineData("Failed", WaitUntil.Ready, WatchOutcomeKind.Failed)]
    [InlineData("Ready", WaitUntil.Ready, WatchOutcomeKind.Ready)]
    [InlineData("Succeeded", WaitUntil.TrafficShifted, WatchOutcomeKind.Succeeded)]
    public void Step_Status_EndsWatch(string status, WaitUntil waitUntil, WatchOutcomeKind expected)
    {
        var step = DeploymentWatch.Step(WatchState.Start("d-1", waitUntil), Obs(status));

        Assert.Equal(expected, step.Outcome?.Kind);
    }

    [Theory]
    [InlineData("Ready", WaitUntil.Deployed)]
    [InlineData("InProgress", WaitUntil.Ready)]
    [InlineData("InProgress", WaitUntil.TrafficShifted)]
    [InlineData("Baking", WaitUntil.Deployed)]
    public void Step_NotYetThere_KeepsWatching(string status, WaitUntil waitUntil)
    {
        var step = DeploymentWatch.Step(WatchState.Start("d-1", waitUntil), Obs(status, Ev("AllowTraffic", "InProgress")));

        Assert.Null(step.Outcome);
    }

    [Fact]
    public void Step_AllowTrafficSucceededAndTrafficShiftedWanted_EndsWithTrafficShifted()
    {
        var step = DeploymentWatch.Step(WatchState.Start("d-1", WaitUntil.TrafficShifted), Obs("InProgress", Ev("AllowTraffic", "Succeeded", 0, 3)));

        Assert.Equal(WatchOutcomeKind.TrafficShifted, step.Outcome?.Kind);
        Assert.False(step.Outcome?.IsFailure);
    }

    [Theory]
    [InlineData("Pending")]
    [InlineData("InProgress")]
    public void Step_AllowTrafficSucceededButAfterAllowTrafficHookRunning_KeepsWatching(string hookStatus)
    {
        var step = DeploymentWatch.Step(
            WatchState.Start("d-1", WaitUntil.TrafficShifted),
            Obs("InProgress", Ev("AllowTraffic", "Succeeded", 0, 3), Ev("AfterAllowTraffic", hookStatus, 3)));

        Assert.Null(step.Outcome);
    }

    [Theory]
    [InlineData("Succeeded")]
    [InlineData("Skipped")]
    public void Step_AfterAllowTrafficEnded_EndsWithTrafficShifted(string hookStatus)
    {
        var step = DeploymentWatch.Step(
            WatchState.Start("d-1", WaitUntil.TrafficShifted),
            Obs("InProgress", Ev("AllowTraffic", "Succeeded", 0, 3), Ev("AfterAllowTraffic", hookStatus, 3, 4)));

        Assert.Equal(WatchOutcomeKind.TrafficShifted, step.Outcome?.Kind);
    }

    [Fact]
    public void Step_RollbackPrefix_MarksEveryLine()
    {
        var state = WatchState.Start("d-2") with { Prefix = "[rollback] " };

        var step = DeploymentWatch.Step(state, Obs("Succeeded", Ev("Install", "Succeeded", 0, 2)));

        Assert.Equal(["[rollback] Install: Succeeded (2s)", "[rollback] Deployment d-2: Succeeded"], Lines(step));
        Assert.Equal(WatchOutcomeKind.Succeeded, step.Outcome?.Kind);
    }
}
