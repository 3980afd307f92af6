using EcsDeploy.Aws.CodeDeploy;
using EcsDeploy.Deploy;

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

        Assert.Equal(ExitCodes.Succeeded, await sandbox.RunAsync(("command", "stop")));

        OperationGolden.AssertMatches("stop.log.txt", sandbox.Log);
        OperationGolden.AssertMatches("stop.summary.md", sandbox.Summary);
    }

    [Fact]
    public async Task Rollback_AfterTwoDeploys_LogAndSummaryMatchGolden()
    {
        await using var sandbox = await SandboxOperations.StartAsync();
        await sandbox.DeployAsync(2);
        await sandbox.DeployAsync(3);

        Assert.Equal(ExitCodes.Succeeded, await sandbox.RunAsync(("command", "rollback")));

        OperationGolden.AssertMatches("rollback.log.txt", sandbox.Log);
        OperationGolden.AssertMatches("rollback.summary.md", sandbox.Summary);
    }

    [Fact]
    public async Task Rollback_WaitRunsOut_LogAndSummaryMatchGolden()
    {
        await using var sandbox = await SandboxOperations.StartAsync();
        await sandbox.DeployAsync(2);
        await sandbox.DeployAsync(3);

        Assert.Equal(ExitCodes.TimedOut, await sandbox.RunAsync(("command", "rollback"), ("wait-for-minutes", "1")));

        OperationGolden.AssertMatches("rollback-timeout.log.txt", sandbox.Log);
        OperationGolden.AssertMatches("rollback-timeout.summary.md", sandbox.Summary);
    }

    [Fact]
    public async Task Status_AtReadyWait_LogMatchesGolden()
    {
        await using var sandbox = await SandboxOperations.StartAsync(readyWait: true);
        var id = await sandbox.CreateDeploymentAsync(2);
        await sandbox.AdvanceAsync(id, d => d.Status == DeploymentStatus.Ready);

        Assert.Equal(ExitCodes.Succeeded, await sandbox.RunAsync(("command", "status")));

        OperationGolden.AssertMatches("status.log.txt", sandbox.Log);
        OperationGolden.AssertMatches("status.summary.md", sandbox.Summary);
    }
}
