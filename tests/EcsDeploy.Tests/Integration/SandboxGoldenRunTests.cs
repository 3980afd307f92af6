using EcsDeploy.Deploy;
using EcsDeploy.Tests.Support;

namespace EcsDeploy.Tests.Integration;

/// <summary>The job log and step summary of real runs against the sandbox, compared with golden files; the virtual clock, pinned stop tokens and fixed environment keep them stable.</summary>
public sealed class SandboxGoldenRunTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _workspace = new();

    public void Dispose() => _workspace.Dispose();

    /// <summary>Runs the inputs of examples/run-local.sh with the example task definition and AppSpec.</summary>
    private async Task<(string Log, string Summary, int Exit)> RunAsync(string scenario)
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
        var clock = new VirtualClock(T0);
        var output = new StringWriter();
        var token = 0;
        await using var sandbox = await SandboxAction.StartAsync(SandboxAction.Scenario(scenario), clock);

        var exit = await SandboxAction.RunAsync(sandbox, environment, output, clock, () => $"stop-token-{++token}");

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
}
