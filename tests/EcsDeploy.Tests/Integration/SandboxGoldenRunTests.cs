using EcsDeploy.Deploy;
using EcsDeploy.Tests.Support;

namespace EcsDeploy.Tests.Integration;

/// <summary>The job log and step summary of real runs against the sandbox, compared with golden files; the virtual clock, pinned stop tokens and fixed environment keep them stable.</summary>
public sealed class SandboxGoldenRunTests : IDisposable
{
    private readonly TempDirectory _workspace = new();

    public void Dispose() => _workspace.Dispose();

    /// <summary>The run-local inputs with the example task definition and AppSpec, plus <paramref name="inputs"/>; cancelled once <paramref name="cancelAfter"/> has passed.</summary>
    private Task<(string Log, string Summary, int Exit)> RunAsync(string scenario, IReadOnlyDictionary<string, string>? inputs = null, TimeSpan? cancelAfter = null)
    {
        var all = new Dictionary<string, string>(inputs ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        all.TryAdd("INPUT_CODEDEPLOY-APPSPEC", "appspec.yaml");
        return SandboxAction.RunExampleAsync(scenario, _workspace, ["taskdef.json", "appspec.yaml"], all, cancelAfter);
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
