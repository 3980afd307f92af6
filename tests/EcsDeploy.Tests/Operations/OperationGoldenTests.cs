using EcsDeploy.Aws.CodeDeploy;
using EcsDeploy.Deploy;
using EcsDeploy.Tests.Support;

namespace EcsDeploy.Tests.Operations;

/// <summary>Whole job logs and step summaries of the operations against the sandbox, kept as golden files.</summary>
public sealed class OperationGoldenTests
{
    [Fact]
    public async Task Stop_AtReadyWait_LogAndSummaryMatchGolden()
    {
        await using var sandbox = await SandboxOperations.StartAsync(readyWait: true);
        var id = await sandbox.CreateDeploymentAsync(2);
        await sandbox.AdvanceAsync(id, d => d.Status == DeploymentStatus.Ready);

        Assert.Equal(ExitCodes.Succeeded, await sandbox.RunAsync(("operation", "stop")));

        GoldenFiles.AssertMatches("Operations", "stop.log.txt", sandbox.Log);
        GoldenFiles.AssertMatches("Operations", "stop.summary.md", sandbox.Summary);
    }

    [Fact]
    public async Task Rollback_AfterTwoDeploys_LogAndSummaryMatchGolden()
    {
        await using var sandbox = await SandboxOperations.StartAsync();
        await sandbox.DeployAsync(2);
        await sandbox.DeployAsync(3);

        Assert.Equal(ExitCodes.Succeeded, await sandbox.RunAsync(("operation", "rollback")));

        GoldenFiles.AssertMatches("Operations", "rollback.log.txt", sandbox.Log);
        GoldenFiles.AssertMatches("Operations", "rollback.summary.md", sandbox.Summary);
    }

    [Fact]
    public async Task Rollback_WaitRunsOut_LogAndSummaryMatchGolden()
    {
        await using var sandbox = await SandboxOperations.StartAsync();
        await sandbox.DeployAsync(2);
        await sandbox.DeployAsync(3);

        Assert.Equal(ExitCodes.TimedOut, await sandbox.RunAsync(("operation", "rollback"), ("wait-for-minutes", "1")));

        GoldenFiles.AssertMatches("Operations", "rollback-timeout.log.txt", sandbox.Log);
        GoldenFiles.AssertMatches("Operations", "rollback-timeout.summary.md", sandbox.Summary);
    }

    [Fact]
    public async Task Status_AtReadyWait_LogMatchesGolden()
    {
        await using var sandbox = await SandboxOperations.StartAsync(readyWait: true);
        var id = await sandbox.CreateDeploymentAsync(2);
        await sandbox.AdvanceAsync(id, d => d.Status == DeploymentStatus.Ready);

        Assert.Equal(ExitCodes.Succeeded, await sandbox.RunAsync(("operation", "status")));

        GoldenFiles.AssertMatches("Operations", "status.log.txt", sandbox.Log);
        GoldenFiles.AssertMatches("Operations", "status.summary.md", sandbox.Summary);
    }

    [Fact]
    public async Task Stop_NothingRunning_SummarySaysNothingToDo()
    {
        await using var sandbox = await SandboxOperations.StartAsync();
        await sandbox.DeployAsync(2);

        Assert.Equal(ExitCodes.Succeeded, await sandbox.RunAsync(("operation", "stop")));

        GoldenFiles.AssertMatches("Operations", "stop-nothing-running.summary.md", sandbox.Summary);
    }

    [Fact]
    public async Task Continue_NotWaiting_SummarySaysWhyNothingStarted()
    {
        await using var sandbox = await SandboxOperations.StartAsync();
        var id = await sandbox.CreateDeploymentAsync(2);
        await sandbox.AdvanceAsync(id, d => d.Status == DeploymentStatus.InProgress);

        Assert.Equal(ExitCodes.SetupFailed, await sandbox.RunAsync(("operation", "continue")));

        GoldenFiles.AssertMatches("Operations", "continue-not-waiting.summary.md", sandbox.Summary);
    }

    [Fact]
    public async Task Rollback_BadInputs_SummaryListsEachProblem()
    {
        await using var sandbox = await SandboxOperations.StartAsync();

        Assert.Equal(ExitCodes.InvalidInput, await sandbox.RunAsync(("operation", "rollback"), ("task-definition-arn", "web"), ("wait-for-minutes", "soon")));

        GoldenFiles.AssertMatches("Operations", "invalid-input.summary.md", sandbox.Summary);
    }
}
