using EcsDeploy.Deploy;
using EcsDeploy.Tests.Support;

namespace EcsDeploy.Tests.Integration;

/// <summary>The job log and step summary of real runs against the sandbox, compared with golden files; the virtual clock, pinned stop tokens and fixed environment keep them stable.</summary>
public sealed class SandboxGoldenRunTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _workspace = new();

    public void Dispose() => _workspace.Dispose();

    /// <summary>Runs the inputs of examples/run-local.sh with the example task definition and AppSpec, plus <paramref name="inputs"/>; the run is cancelled once <paramref name="cancelAfter"/> has passed on the clock.</summary>
    private async Task<(string Log, string Summary, int Exit)> RunAsync(string scenario, IReadOnlyDictionary<string, string>? inputs = null, TimeSpan? cancelAfter = null)
    {
        foreach (var name in new[] { "taskdef.json", "appspec.yaml" })
        {
            File.Copy(Path.Combine(AppContext.BaseDirectory, "examples", name), _workspace.File(name));
        }

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
            ["INPUT_CODEDEPLOY-APPSPEC"] = "appspec.yaml",
            ["INPUT_CLUSTER"] = "prod",
            ["INPUT_SERVICE"] = "web",
            ["INPUT_POLL-INTERVAL"] = "15",
        };
        foreach (var (name, value) in inputs ?? new Dictionary<string, string>())
        {
            environment[name] = value;
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
    [InlineData("canary-success.yaml", "canary", ExitCodes.Succeeded)]
    [InlineData("hook-failure-rollback.yaml", "rollback", ExitCodes.DeploymentFailed)]
    public async Task RunAsync_ExampleScenario_MatchesGoldenLogAndSummary(string scenario, string golden, int expectedExit)
    {
        var (log, summary, exit) = await RunAsync(scenario);

        Assert.True(exit == expectedExit, log);
        GoldenFiles.AssertMatches("Deploy", $"{golden}.log.txt", log);
        GoldenFiles.AssertMatches("Deploy", $"{golden}.summary.md", summary);
    }

    [Fact]
    public async Task RunAsync_InvalidInputs_SummaryListsEachProblem()
    {
        var (log, summary, exit) = await RunAsync("canary-success.yaml", new Dictionary<string, string>
        {
            ["INPUT_WAIT-FOR-MINUTES"] = "soon",
            ["INPUT_WAIT-UNTIL"] = "done",
        });

        Assert.True(exit == ExitCodes.InvalidInput, log);
        GoldenFiles.AssertMatches("Endings", "invalid-input.summary.md", summary);
    }

    [Fact]
    public async Task RunAsync_ServiceMissing_SummarySaysNothingStartedAndWhy()
    {
        var (log, summary, exit) = await RunAsync("canary-success.yaml", new Dictionary<string, string> { ["INPUT_SERVICE"] = "api" });

        Assert.True(exit == ExitCodes.SetupFailed, log);
        GoldenFiles.AssertMatches("Endings", "not-started.summary.md", summary);
    }

    [Fact]
    public async Task RunAsync_CancelledMidDeployment_SummarySaysWhatWasStopped()
    {
        var (log, summary, exit) = await RunAsync("canary-success.yaml", cancelAfter: TimeSpan.FromMinutes(2));

        Assert.True(exit == ExitCodes.Cancelled, log);
        GoldenFiles.AssertMatches("Endings", "cancelled.summary.md", summary);
    }

    [Fact]
    public async Task RunAsync_WaitRunsOut_SummarySaysStoppedAndHowTheRollbackEnded()
    {
        var (log, summary, exit) = await RunAsync("canary-success.yaml", new Dictionary<string, string> { ["INPUT_WAIT-FOR-MINUTES"] = "1" });

        Assert.True(exit == ExitCodes.TimedOut, log);
        GoldenFiles.AssertMatches("Endings", "timed-out.summary.md", summary);
    }
}
