using EcsDeploy.Deploy;
using EcsDeploy.Tests.Integration;
using EcsDeploy.Tests.Support;

namespace EcsDeploy.Tests.EcsController;

/// <summary>The job log and step summary of ECS-controller deploys against the sandbox, compared with golden files (virtual clock, pinned stop tokens).</summary>
public sealed class EcsGoldenRunTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _workspace = new();

    public void Dispose() => _workspace.Dispose();

    /// <summary>Runs the inputs of examples/run-local.sh with the example task definition.</summary>
    private Task<(string Log, string Summary, int Exit)> RunAsync(string scenario, params (string Name, string Value)[] inputs) =>
        RunAsync(scenario, null, inputs);

    /// <summary>As above; the run is cancelled once <paramref name="cancelAfter"/> has passed on the clock.</summary>
    private async Task<(string Log, string Summary, int Exit)> RunAsync(string scenario, TimeSpan? cancelAfter, params (string Name, string Value)[] inputs)
    {
        File.Copy(Path.Combine(AppContext.BaseDirectory, "examples", "taskdef.json"), _workspace.File("taskdef.json"));
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["GITHUB_WORKSPACE"] = _workspace.Path,
            ["RUNNER_TEMP"] = _workspace.Path,
            ["GITHUB_REPOSITORY"] = "example/web",
            ["GITHUB_SHA"] = "0123456789abcdef0123456789abcdef01234567",
            ["GITHUB_REF_NAME"] = "main",
            ["GITHUB_SERVER_URL"] = "https://github.com",
            ["GITHUB_RUN_ID"] = "1",
            ["GITHUB_STEP_SUMMARY"] = _workspace.File("summary.md"),
            ["GITHUB_OUTPUT"] = _workspace.File("output.txt"),
            ["AWS_REGION"] = "us-east-1",
            ["INPUT_TASK-DEFINITION"] = "taskdef.json",
            ["INPUT_CLUSTER"] = "prod",
            ["INPUT_SERVICE"] = "web",
            ["INPUT_POLL-INTERVAL"] = "15",
        };
        foreach (var (name, value) in inputs)
        {
            environment[$"INPUT_{name.ToUpperInvariant()}"] = value;
        }

        var clock = new VirtualClock(T0);
        using var cancellation = new CancellationTokenSource();
        if (cancelAfter is { } after)
        {
            clock.Advanced = now =>
            {
                if (now - T0 > after)
                {
                    cancellation.Cancel();
                }
            };
        }

        var output = new StringWriter();
        var token = 0;
        await using var sandbox = await SandboxAction.StartAsync(SandboxAction.Scenario(scenario), clock);

        var exit = await SandboxAction.RunAsync(sandbox, environment, output, clock, () => $"stop-token-{++token}", cancellationToken: cancellation.Token);

        return (output.ToString(), File.ReadAllText(_workspace.File("summary.md")), exit);
    }

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
