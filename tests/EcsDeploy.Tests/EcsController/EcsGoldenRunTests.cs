using EcsDeploy.Deploy;
using EcsDeploy.Tests.Integration;
using EcsDeploy.Tests.Support;

namespace EcsDeploy.Tests.EcsController;

/// <summary>The job log and step summary of ECS-controller deploys against the sandbox, compared with golden files (virtual clock, pinned stop tokens).</summary>
public sealed class EcsGoldenRunTests : IDisposable
{
    private readonly TempDirectory _workspace = new();

    public void Dispose() => _workspace.Dispose();

    /// <summary>Runs the inputs of examples/run-local.sh with the example task definition.</summary>
    private Task<(string Log, string Summary, int Exit)> RunAsync(string scenario, params (string Name, string Value)[] inputs) =>
        RunAsync(scenario, null, inputs);

    /// <summary>As above; the run is cancelled once <paramref name="cancelAfter"/> has passed on the clock.</summary>
    private Task<(string Log, string Summary, int Exit)> RunAsync(string scenario, TimeSpan? cancelAfter, params (string Name, string Value)[] inputs) =>
        SandboxAction.RunExampleAsync(scenario, _workspace, ["taskdef.json"], inputs.ToDictionary(i => $"INPUT_{i.Name.ToUpperInvariant()}", i => i.Value, StringComparer.Ordinal), cancelAfter);

    [Theory]
    [InlineData("ecs-canary.yaml", "canary", ExitCodes.Succeeded)]
    [InlineData("ecs-blue-green.yaml", "blue-green", ExitCodes.Succeeded)]
    [InlineData("ecs-rolling.yaml", "rolling", ExitCodes.Succeeded)]
    [InlineData("ecs-rolling-circuit-breaker.yaml", "circuit-breaker", ExitCodes.DeploymentFailed)]
    [InlineData("ecs-canary-hook-failure.yaml", "canary-hook-failure", ExitCodes.DeploymentFailed)]
    public async Task RunAsync_EcsScenario_MatchesGoldenLogAndSummary(string scenario, string golden, int expectedExit)
    {
        var (log, summary, exit) = await RunAsync(scenario);

        Assert.True(exit == expectedExit, log);
        GoldenFiles.AssertMatches("Ecs", $"{golden}.log.txt", log);
        GoldenFiles.AssertMatches("Ecs", $"{golden}.summary.md", summary);
    }

    [Fact]
    public async Task RunAsync_PauseHook_MatchesGoldenLogAndSummary()
    {
        var (log, summary, exit) = await RunAsync("ecs-pause-hook.yaml", ("wait-until", "paused"));

        Assert.True(exit == ExitCodes.Succeeded, log);
        GoldenFiles.AssertMatches("Ecs", "pause.log.txt", log);
        GoldenFiles.AssertMatches("Ecs", "pause.summary.md", summary);
    }

    [Fact]
    public async Task RunAsync_WaitRunsOut_StopsWithRollbackAndSummarySaysHowItEnded()
    {
        var (log, summary, exit) = await RunAsync("ecs-canary.yaml", ("wait-for-minutes", "1"));

        Assert.True(exit == ExitCodes.TimedOut, log);
        Assert.Contains("StopServiceDeployment", log + summary, StringComparison.Ordinal);
        GoldenFiles.AssertMatches("Ecs", "timed-out.log.txt", log);
        GoldenFiles.AssertMatches("Ecs", "timed-out.summary.md", summary);
    }

    [Fact]
    public async Task RunAsync_CancelledMidShift_SummarySaysWhatWasStopped()
    {
        var (log, summary, exit) = await RunAsync("ecs-canary.yaml", TimeSpan.FromMinutes(2));

        Assert.True(exit == ExitCodes.Cancelled, log);
        GoldenFiles.AssertMatches("Ecs", "cancelled.log.txt", log);
        GoldenFiles.AssertMatches("Ecs", "cancelled.summary.md", summary);
    }
}
