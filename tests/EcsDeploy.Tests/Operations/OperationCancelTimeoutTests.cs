using EcsDeploy.Aws.CodeDeploy;
using EcsDeploy.Deploy;

namespace EcsDeploy.Tests.Operations;

/// <summary>
/// What the operations leave behind when the wait runs out or the run is cancelled: rollback and continue stop their
/// own deployment with rollback, stop and if-deployment-in-progress leave a rollback (or another run's deployment) alone.
/// </summary>
public sealed class OperationCancelTimeoutTests
{
    private static bool Running(DeploymentInfo d) => d.Status == DeploymentStatus.InProgress;

    [Fact]
    public async Task Rollback_WaitRunsOut_StopsWithRollbackAndExitsThree()
    {
        await using var sandbox = await RolledForwardAsync();

        var exit = await sandbox.RunAsync(("operation", "rollback"), ("wait-for-minutes", "1"));

        Assert.True(exit == ExitCodes.TimedOut, sandbox.Log);
        var stop = Assert.Single(sandbox.Requests("StopDeployment"));
        Assert.True(stop["autoRollbackEnabled"]!.GetValue<bool>());
        var created = sandbox.Outputs["codedeploy-deployment-id"];
        Assert.Equal(created, stop["deploymentId"]!.GetValue<string>());
        Assert.Contains($"::error title=Deployment timed out::Deployment {created} did not finish within 1m 00s and was stopped.", sandbox.Log, StringComparison.Ordinal);
        Assert.Equal(DeploymentStatus.Stopped, (await sandbox.Apis.CodeDeploy.GetDeploymentAsync(created, CancellationToken.None)).Status);
        Assert.Equal("Stopped", sandbox.Outputs["deployment-status"]);
    }

    [Fact]
    public async Task Rollback_WaitRunsOutWithRollbackOnTimeoutFalse_LeavesItRunningAndExitsThree()
    {
        await using var sandbox = await RolledForwardAsync();

        var exit = await sandbox.RunAsync(("operation", "rollback"), ("wait-for-minutes", "1"), ("rollback-on-timeout", "false"));

        Assert.True(exit == ExitCodes.TimedOut, sandbox.Log);
        Assert.Empty(sandbox.Requests("StopDeployment"));
        var created = sandbox.Outputs["codedeploy-deployment-id"];
        Assert.Contains($"::error title=Deployment timed out::Deployment {created} did not finish within 1m 00s; it keeps running in CodeDeploy (rollback-on-timeout is false): follow it at https://", sandbox.Log, StringComparison.Ordinal);
        Assert.False(DeploymentStatus.IsTerminal((await sandbox.Apis.CodeDeploy.GetDeploymentAsync(created, CancellationToken.None)).Status));
    }

    [Fact]
    public async Task Rollback_Cancelled_StopsWithRollbackWithinTheBudgetAndExits130()
    {
        await using var sandbox = await RolledForwardAsync();
        sandbox.CancelWhen(() => sandbox.DeploymentCount == 3);

        var exit = await sandbox.RunAsync(("operation", "rollback"));

        Assert.True(exit == ExitCodes.Cancelled, sandbox.Log);
        var created = sandbox.Outputs["codedeploy-deployment-id"];
        var stop = Assert.Single(sandbox.Requests("StopDeployment"));
        Assert.True(stop["autoRollbackEnabled"]!.GetValue<bool>());
        Assert.Equal(created, stop["deploymentId"]!.GetValue<string>());
        // The stop went out on a fresh token: the run's own token was already cancelled.
        Assert.NotNull(sandbox.CancelledAt);
        Assert.Contains($"::error title=Deployment cancelled::The run was cancelled; deployment {created} was stopped with rollback (", sandbox.Log, StringComparison.Ordinal);
        Assert.NotEqual(DeploymentStatus.InProgress, (await sandbox.Apis.CodeDeploy.GetDeploymentAsync(created, CancellationToken.None)).Status);
    }

    [Fact]
    public async Task Rollback_CancelledWithRollbackOnCancelFalse_NoStopAndSaysItKeepsRunning()
    {
        await using var sandbox = await RolledForwardAsync();
        sandbox.CancelWhen(() => sandbox.DeploymentCount == 3);

        var exit = await sandbox.RunAsync(("operation", "rollback"), ("rollback-on-cancel", "false"));

        Assert.True(exit == ExitCodes.Cancelled, sandbox.Log);
        Assert.Empty(sandbox.Requests("StopDeployment"));
        var created = sandbox.Outputs["codedeploy-deployment-id"];
        Assert.Contains($"The run was cancelled; deployment {created} keeps running in CodeDeploy (rollback-on-cancel is false): follow it at https://", sandbox.Log, StringComparison.Ordinal);
        Assert.False(DeploymentStatus.IsTerminal((await sandbox.Apis.CodeDeploy.GetDeploymentAsync(created, CancellationToken.None)).Status));
    }

    [Fact]
    public async Task Continue_Cancelled_StopsWithRollbackAndExits130()
    {
        // The termination wait keeps the promoted deployment running long enough to be cancelled.
        await using var sandbox = await SandboxOperations.StartAsync(readyWait: true, terminationWaitMinutes: 60);
        var id = await sandbox.CreateDeploymentAsync(2);
        await sandbox.AdvanceAsync(id, d => d.Status == DeploymentStatus.Ready);
        var promoted = sandbox.Clock.GetUtcNow();
        sandbox.CancelWhen(() => sandbox.Clock.GetUtcNow() > promoted);

        var exit = await sandbox.RunAsync(("operation", "continue"));

        Assert.True(exit == ExitCodes.Cancelled, sandbox.Log);
        Assert.Contains($"Promoting deployment {id}", sandbox.Log, StringComparison.Ordinal);
        var stop = Assert.Single(sandbox.Requests("StopDeployment"));
        Assert.True(stop["autoRollbackEnabled"]!.GetValue<bool>());
        Assert.Equal(id, stop["deploymentId"]!.GetValue<string>());
        Assert.Contains($"::error title=Deployment cancelled::The run was cancelled; deployment {id} was stopped with rollback (", sandbox.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Continue_CancelledWithRollbackOnCancelFalse_NoStop()
    {
        await using var sandbox = await SandboxOperations.StartAsync(readyWait: true, terminationWaitMinutes: 60);
        var id = await sandbox.CreateDeploymentAsync(2);
        await sandbox.AdvanceAsync(id, d => d.Status == DeploymentStatus.Ready);
        var promoted = sandbox.Clock.GetUtcNow();
        sandbox.CancelWhen(() => sandbox.Clock.GetUtcNow() > promoted);

        var exit = await sandbox.RunAsync(("operation", "continue"), ("rollback-on-cancel", "false"));

        Assert.True(exit == ExitCodes.Cancelled, sandbox.Log);
        Assert.Empty(sandbox.Requests("StopDeployment"));
        Assert.Contains($"deployment {id} keeps running in CodeDeploy (rollback-on-cancel is false)", sandbox.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stop_CancelledWhileFollowingItsRollback_StopsNothingMore()
    {
        await using var sandbox = await SandboxOperations.StartAsync(readyWait: true);
        var id = await sandbox.CreateDeploymentAsync(2);
        await sandbox.AdvanceAsync(id, d => d.Status == DeploymentStatus.Ready);
        sandbox.CancelWhen(() => sandbox.DeploymentCount == 2);

        var exit = await sandbox.RunAsync(("operation", "stop"));

        Assert.True(exit == ExitCodes.Cancelled, sandbox.Log);
        var stop = Assert.Single(sandbox.Requests("StopDeployment"));
        Assert.Equal(id, stop["deploymentId"]!.GetValue<string>());
        Assert.Contains("::error title=stop cancelled::The run was cancelled while following deployment ", sandbox.Log, StringComparison.Ordinal);
        Assert.Contains("it is left to finish in CodeDeploy: follow it at https://", sandbox.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_CancelledWhileWaitingForAnotherDeployment_StopsNothingAndStartsNothing()
    {
        await using var sandbox = await SandboxOperations.StartAsync();
        var id = await sandbox.CreateDeploymentAsync(2);
        await sandbox.AdvanceAsync(id, Running);
        sandbox.WriteTaskDefinitionFile("v4");
        var start = sandbox.Clock.GetUtcNow();
        sandbox.CancelWhen(() => sandbox.Clock.GetUtcNow() - start > TimeSpan.FromSeconds(20));

        var exit = await sandbox.RunAsync(("task-definition", "taskdef.json"));

        Assert.True(exit == ExitCodes.Cancelled, sandbox.Log);
        Assert.Empty(sandbox.Requests("StopDeployment"));
        Assert.Equal(1, sandbox.DeploymentCount);
        Assert.Contains($"::error title=Deployment cancelled::The run was cancelled while following deployment {id}; it is left to finish in CodeDeploy", sandbox.Log, StringComparison.Ordinal);
        Assert.Contains("No deployment was started.", sandbox.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_WaitForAnotherDeploymentRunsOut_ExitsThreeAndStopsNothing()
    {
        await using var sandbox = await SandboxOperations.StartAsync(readyWait: true);
        var id = await sandbox.CreateDeploymentAsync(2);
        await sandbox.AdvanceAsync(id, d => d.Status == DeploymentStatus.Ready);
        sandbox.WriteTaskDefinitionFile("v4");

        var exit = await sandbox.RunAsync(("task-definition", "taskdef.json"), ("wait-for-minutes", "1"));

        Assert.True(exit == ExitCodes.TimedOut, sandbox.Log);
        Assert.Empty(sandbox.Requests("StopDeployment"));
        Assert.Contains($"Deployment {id} did not end within 1m 00s; it keeps running in CodeDeploy: follow it at https://", sandbox.Log, StringComparison.Ordinal);
    }

    /// <summary>web:2 then web:3 deployed, so a rollback goes back to web:2 (the group's third deployment).</summary>
    private static async Task<SandboxOperations> RolledForwardAsync()
    {
        var sandbox = await SandboxOperations.StartAsync();
        await sandbox.DeployAsync(2);
        await sandbox.DeployAsync(3);
        return sandbox;
    }
}
