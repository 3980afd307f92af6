using EcsDeploy.Aws;
using EcsDeploy.Aws.CodeDeploy;
using EcsDeploy.CodeDeploy;
using EcsDeploy.Tests.Deploy;
using EcsDeploy.Tests.Integration;
using EcsDeploy.Tests.Support;

namespace EcsDeploy.Tests.CodeDeploy;

public class DeploymentWatcherTests
{
    private static readonly WatchSettings Settings = new(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(10));
    private static readonly WatchSettings Fixed = Settings with { FixedInterval = true };

    private static DeploymentInfo Deployment(string status) => new() { DeploymentId = "d-1", Status = status };

    [Fact]
    public async Task WatchAsync_ThrottlingStorm_KeepsWatchingToTheOutcome()
    {
        var throttled = new AwsServiceException("codedeploy", "GetDeployment", "ThrottlingException", "Rate exceeded", null, 400);
        var unavailable = new AwsServiceException("codedeploy", "GetDeployment", "InternalFailure", "oops", null, 503);
        var codeDeploy = new ScriptedCodeDeploy()
            .Then(Deployment("InProgress"))
            .ThenThrow(throttled).ThenThrow(throttled).ThenThrow(unavailable).ThenThrow(throttled).ThenThrow(throttled)
            .Then(Deployment("Succeeded"));
        var clock = new VirtualClock();
        var start = clock.GetUtcNow();
        var log = new RecordingJobLog();

        var result = await new DeploymentWatcher(codeDeploy, log, clock).WatchAsync(WatchState.Start("d-1"), Fixed, CancellationToken.None);

        Assert.Equal(WatchOutcomeKind.Succeeded, result.Outcome?.Kind);
        Assert.Equal(["[00:00] Deployment d-1: InProgress", "[02:05] Deployment d-1: Succeeded"], log.Messages("info"));
        // Backoff doubles from 5 s and is capped at 30 s: 10 + 20 + 30 + 30 + 30 after the first 5 s poll.
        Assert.Equal(TimeSpan.FromSeconds(5 + 10 + 20 + 30 + 30 + 30), clock.GetUtcNow() - start);
    }

    [Theory]
    [InlineData(0, "[00:00]")]
    [InlineData(65, "[01:05]")]
    [InlineData(3599, "[59:59]")]
    [InlineData(3725, "[1:02:05]")]
    [InlineData(-3, "[00:00]")]
    public void FormatElapsed_Durations_MinutesSecondsAndHoursPastOne(int seconds, string expected)
    {
        Assert.Equal(expected, DeploymentWatcher.FormatElapsed(TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public async Task FollowRollbackAsync_AfterAWatch_KeepsTheWatchClockAndPutsTheTimeBeforeThePrefix()
    {
        var codeDeploy = new ScriptedCodeDeploy().Then(Deployment("InProgress")).Then(Deployment("Failed"));
        codeDeploy.Others["d-2"] = new DeploymentInfo { DeploymentId = "d-2", Status = "Succeeded" };
        var clock = new VirtualClock();
        var log = new RecordingJobLog();
        var watcher = new DeploymentWatcher(codeDeploy, log, clock);

        var watched = await watcher.WatchAsync(WatchState.Start("d-1"), Settings, CancellationToken.None);
        await watcher.FollowRollbackAsync("d-2", watched.State, Settings, CancellationToken.None);

        Assert.Equal(
            ["[00:00] Deployment d-1: InProgress", "[00:01] Deployment d-1: Failed", "[00:01] Following rollback deployment d-2", "[00:01] [rollback] Deployment d-2: Succeeded"],
            log.Messages("info"));
    }

    [Fact]
    public async Task WatchAsync_FixedInterval_ListsTargetsOnceAndAsksForBothEveryPoll()
    {
        var codeDeploy = new ScriptedCodeDeploy()
            .Then(Deployment("InProgress"), new EcsTarget()).Then(Deployment("InProgress"), new EcsTarget()).Then(Deployment("InProgress"), new EcsTarget())
            .Then(Deployment("Succeeded"), new EcsTarget());

        await new DeploymentWatcher(codeDeploy, new RecordingJobLog(), new VirtualClock()).WatchAsync(WatchState.Start("d-1"), Fixed, CancellationToken.None);

        Assert.Equal(4, codeDeploy.Calls.Count(c => c == "GetDeployment"));
        Assert.Equal(1, codeDeploy.Calls.Count(c => c == "ListDeploymentTargets"));
        Assert.Equal(4, codeDeploy.Calls.Count(c => c == "GetDeploymentTarget"));
        Assert.Equal(3 + (2 * 3), codeDeploy.Calls.Count);
    }

    [Fact]
    public async Task WatchAsync_Adaptive_TargetLeadsAndTheDeploymentIsReadWhenTheTargetChangesOrGetsStale()
    {
        static EcsTarget Target(string install) => new() { LifecycleEvents = [new LifecycleEvent { LifecycleEventName = "Install", Status = install }] };
        var codeDeploy = new ScriptedCodeDeploy()
            .Then(Deployment("InProgress"), Target("InProgress"))
            .Then(Deployment("InProgress"), Target("Succeeded"))
            .Then(Deployment("Succeeded"), Target("Succeeded"));
        var clock = new VirtualClock();
        var log = new RecordingJobLog();

        var result = await new DeploymentWatcher(codeDeploy, log, clock).WatchAsync(WatchState.Start("d-1"), Settings, CancellationToken.None);

        Assert.Equal(WatchOutcomeKind.Succeeded, result.Outcome?.Kind);
        // The first poll asks for everything; then the target alone until the 80 s refresh (16 x 5 s) reads the
        // deployment, which moves this script on; the changed target then brings the deployment along.
        Assert.Equal(["GetDeployment", "ListDeploymentTargets", "GetDeploymentTarget"], codeDeploy.Calls.Take(3));
        Assert.Equal(1, codeDeploy.Calls.Count(c => c == "ListDeploymentTargets"));
        Assert.Equal(3, codeDeploy.Calls.Count(c => c == "GetDeployment"));
        Assert.True(codeDeploy.Calls.Count(c => c == "GetDeploymentTarget") > codeDeploy.Calls.Count(c => c == "GetDeployment"));
        Assert.Equal(["[00:00] Deployment d-1: InProgress", "[00:00] Install: InProgress"], log.Messages("info").Take(2));
    }

    [Fact]
    public async Task WatchAsync_NeverEnds_TimesOutAtTheLimit()
    {
        var codeDeploy = new ScriptedCodeDeploy().Then(Deployment("InProgress"));
        var clock = new VirtualClock();
        var start = clock.GetUtcNow();

        var result = await new DeploymentWatcher(codeDeploy, new RecordingJobLog(), clock).WatchAsync(WatchState.Start("d-1"), Settings, CancellationToken.None);

        Assert.True(result.TimedOut);
        Assert.Equal(TimeSpan.FromMinutes(10), clock.GetUtcNow() - start);
        Assert.Equal("InProgress", result.State.Status);
    }

    [Fact]
    public async Task WatchAsync_AccessDenied_EndsTheWatchWithTheError()
    {
        var denied = new AwsServiceException("codedeploy", "GetDeployment", "AccessDeniedException", "no", null, 400);
        var codeDeploy = new ScriptedCodeDeploy().ThenThrow(denied);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() =>
            new DeploymentWatcher(codeDeploy, new RecordingJobLog(), new VirtualClock()).WatchAsync(WatchState.Start("d-1"), Settings, CancellationToken.None));

        Assert.Equal("AccessDeniedException", error.ErrorCode);
    }

    [Fact]
    public async Task WatchAsync_HookFails_PrintsDiagnosticsAsUntrustedInAGroup()
    {
        var failed = new LifecycleEvent { LifecycleEventName = "AfterAllowTestTraffic", Status = "Failed", Diagnostics = new Diagnostics { ErrorCode = "ScriptFailed", Message = "smoke", LogTail = "::add-mask::x" } };
        var codeDeploy = new ScriptedCodeDeploy().Then(Deployment("Failed"), new EcsTarget { LifecycleEvents = [failed] });
        var log = new RecordingJobLog();

        await new DeploymentWatcher(codeDeploy, log, new VirtualClock()).WatchAsync(WatchState.Start("d-1"), Settings, CancellationToken.None);

        Assert.Equal(["group", "untrusted", "untrusted", "untrusted", "endgroup", "info"], log.Entries.SkipWhile(e => e.Kind != "group").Select(e => e.Kind));
        Assert.Contains("Log tail:\n::add-mask::x", log.Messages("untrusted"));
        Assert.DoesNotContain(log.Messages("info"), m => m.Contains("::add-mask::", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ThrottlingException", 400, true)]
    [InlineData("TooManyRequestsException", 400, true)]
    [InlineData("InternalFailure", 500, true)]
    [InlineData("ConnectionError", 0, true)]
    [InlineData("AccessDeniedException", 400, false)]
    [InlineData("DeploymentDoesNotExistException", 400, false)]
    public void IsTransient_ErrorKinds_RetriesOnlyPassingTrouble(string code, int status, bool expected)
    {
        Assert.Equal(expected, DeploymentWatcher.IsTransient(new AwsServiceException("codedeploy", "GetDeployment", code, "m", null, status)));
    }
}
