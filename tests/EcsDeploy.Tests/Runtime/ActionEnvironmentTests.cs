using EcsDeploy.Runtime;

namespace EcsDeploy.Tests.Runtime;

public sealed class ActionEnvironmentTests
{
    private static readonly Dictionary<string, string> Runner = new()
    {
        ["GITHUB_WORKSPACE"] = "/github/workspace",
        ["RUNNER_TEMP"] = "/home/runner/work/_temp",
        ["GITHUB_REPOSITORY"] = "octo/shop",
        ["GITHUB_SHA"] = "0123abcd",
        ["GITHUB_REF_NAME"] = "main",
        ["GITHUB_SERVER_URL"] = "https://github.example.com/",
        ["GITHUB_RUN_ID"] = "42",
        ["GITHUB_RUN_ATTEMPT"] = "2",
        ["GITHUB_OUTPUT"] = "/github/file_commands/output",
        ["GITHUB_STEP_SUMMARY"] = "/github/file_commands/summary",
        ["GITHUB_ACTIONS"] = "true",
    };

    [Fact]
    public void From_RunnerVariables_AllRead()
    {
        var environment = ActionEnvironment.From(Runner);

        Assert.Equal("/github/workspace", environment.Workspace);
        Assert.Equal("/home/runner/work/_temp", environment.RunnerTemp);
        Assert.Equal("octo/shop", environment.Repository);
        Assert.Equal("0123abcd", environment.Sha);
        Assert.Equal("main", environment.RefName);
        Assert.Equal("2", environment.RunAttempt);
        Assert.Equal("/github/file_commands/output", environment.OutputPath);
        Assert.Equal("/github/file_commands/summary", environment.StepSummaryPath);
        Assert.True(environment.IsGitHubActions);
        Assert.False(environment.IsDebug);
        Assert.Equal("https://github.example.com/octo/shop/actions/runs/42", environment.RunUrl);
    }

    [Fact]
    public void From_Empty_LocalDefaults()
    {
        var environment = ActionEnvironment.From(new Dictionary<string, string>(), "/src/app");

        Assert.Equal("/src/app", environment.Workspace);
        Assert.Null(environment.OutputPath);
        Assert.Null(environment.StepSummaryPath);
        Assert.Null(environment.RunUrl);
        Assert.False(environment.IsGitHubActions);
    }

    [Theory]
    [InlineData("RUNNER_DEBUG", "1", true)]
    [InlineData("RUNNER_DEBUG", "0", false)]
    [InlineData("ACTIONS_STEP_DEBUG", "true", true)]
    [InlineData("ACTIONS_STEP_DEBUG", "TRUE", true)]
    [InlineData("ACTIONS_STEP_DEBUG", "false", false)]
    public void From_DebugVariables_SetIsDebug(string name, string value, bool expected)
    {
        var environment = ActionEnvironment.From(new Dictionary<string, string> { [name] = value });

        Assert.Equal(expected, environment.IsDebug);
    }

    [Theory]
    [InlineData("task-definition.json", "/github/workspace/task-definition.json")]
    [InlineData("./deploy/../deploy/appspec.yaml", "/github/workspace/deploy/appspec.yaml")]
    [InlineData("/tmp/abs.json", "/tmp/abs.json")]
    public void ResolvePath_RelativeOrRooted_ResolvedAgainstWorkspace(string path, string expected)
    {
        Assert.Equal(expected, ActionEnvironment.From(Runner).ResolvePath(path));
    }
}
