using EcsDeploy.Aws.CodeDeploy;
using EcsDeploy.Deploy;
using EcsDeploy.Tests.Integration;

namespace EcsDeploy.Tests.Operations;

/// <summary>command: continue when ContinueDeployment's answer is lost after the sandbox promoted the deployment.</summary>
public sealed class ContinueLostAnswerTests
{
    [Fact]
    public async Task Continue_AnswerLostAfterPromoting_ChecksTheDeploymentAndFollowsItToSuccess()
    {
        using var transport = new FaultTransport().LoseAnswer("ContinueDeployment");
        await using var sandbox = await SandboxOperations.StartAsync(readyWait: true, transport: transport);
        var id = await sandbox.CreateDeploymentAsync(2);
        await sandbox.AdvanceAsync(id, d => d.Status == DeploymentStatus.Ready);

        var exit = await sandbox.RunAsync(("operation", "continue"));

        Assert.True(exit == ExitCodes.Succeeded, sandbox.Log);
        Assert.Equal(["ContinueDeployment"], transport.Faulted);
        Assert.Single(sandbox.Requests("ContinueDeployment"));
        Assert.Contains($"deployment {id} has left its READY_WAIT", sandbox.Log, StringComparison.Ordinal);
        Assert.Contains($"Deployment {id} succeeded", sandbox.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Continue_ServerErrorBeforePromoting_SendsItAgainAndSucceeds()
    {
        using var transport = new FaultTransport().ServerErrorWithoutSending("ContinueDeployment");
        await using var sandbox = await SandboxOperations.StartAsync(readyWait: true, transport: transport);
        var id = await sandbox.CreateDeploymentAsync(2);
        await sandbox.AdvanceAsync(id, d => d.Status == DeploymentStatus.Ready);

        var exit = await sandbox.RunAsync(("operation", "continue"));

        Assert.True(exit == ExitCodes.Succeeded, sandbox.Log);
        Assert.Single(sandbox.Requests("ContinueDeployment"));
        Assert.Equal(DeploymentStatus.Succeeded, (await sandbox.Apis.CodeDeploy.GetDeploymentAsync(id, CancellationToken.None)).Status);
        Assert.Contains("sending it again", sandbox.Log, StringComparison.Ordinal);
    }
}
