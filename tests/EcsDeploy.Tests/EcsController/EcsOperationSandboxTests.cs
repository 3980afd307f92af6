using EcsDeploy.Deploy;
using EcsDeploy.EcsController.Operations;
using EcsDeploy.Tests.Integration;
using EcsDeploy.Tests.Support;

using EcsDeploy.Tests.EcsController.Operations;

namespace EcsDeploy.Tests.EcsController;

/// <summary>The ECS operations run whole against the sandbox's ECS-controller services over real HTTP, on a virtual clock.</summary>
public sealed class EcsOperationSandboxTests
{
    private static bool Paused(EcsDeploy.Aws.Ecs.ServiceDeployment d) => ServiceDeploymentHistory.PausedHook(d) is not null;

    [Fact]
    public async Task Continue_AtPauseHook_ContinuesAndTheServiceRunsTheNewRevision()
    {
        await using var sandbox = await EcsSandboxOperations.StartAsync("ecs-pause-hook");
        var arn = await sandbox.DeployAsync();
        var paused = await sandbox.AdvanceAsync(arn, Paused);

        Assert.Equal(ExitCodes.Succeeded, await sandbox.RunAsync(("operation", "continue")));

        var request = Assert.Single(sandbox.Requests("ContinueServiceDeployment"));
        Assert.Equal("CONTINUE", (string?)request["action"]);
        Assert.Equal(ServiceDeploymentHistory.PausedHook(paused)!.HookId, (string?)request["hookId"]);
        Assert.Equal("SUCCESSFUL", (await sandbox.DescribeAsync(arn)).Status);
        Assert.Equal(EcsSandboxOperations.Arn(2), await sandbox.ServiceTaskDefinitionAsync());
        Assert.Equal(arn, sandbox.Outputs["service-deployment-arn"]);
        GoldenFiles.AssertMatches("EcsOperations", "continue.log.txt", sandbox.Log);
        GoldenFiles.AssertMatches("EcsOperations", "continue.summary.md", sandbox.Summary);
    }

    [Fact]
    public async Task Rollback_AtPauseHook_AnswersTheHookWithRollbackAndWebOneServesAgain()
    {
        await using var sandbox = await EcsSandboxOperations.StartAsync("ecs-pause-hook");
        var arn = await sandbox.DeployAsync();
        await sandbox.AdvanceAsync(arn, Paused);

        Assert.Equal(ExitCodes.Succeeded, await sandbox.RunAsync(("operation", "rollback")));

        Assert.Equal("ROLLBACK", (string?)Assert.Single(sandbox.Requests("ContinueServiceDeployment"))["action"]);
        Assert.Single(sandbox.Requests("UpdateService"));
        Assert.Equal("ROLLBACK_SUCCESSFUL", (await sandbox.DescribeAsync(arn)).Status);
        Assert.Equal(EcsSandboxOperations.Arn(1), await sandbox.ServiceTaskDefinitionAsync());
    }

    [Fact]
    public async Task Stop_MidDeployment_StopServiceDeploymentRollbackSeenBySandbox()
    {
        await using var sandbox = await EcsSandboxOperations.StartAsync("ecs-blue-green");
        var arn = await sandbox.DeployAsync();
        await sandbox.AdvanceAsync(arn, d => d.LifecycleStage is "SCALE_UP" or "POST_SCALE_UP" or "TEST_TRAFFIC_SHIFT");

        Assert.Equal(ExitCodes.Succeeded, await sandbox.RunAsync(("operation", "stop")));

        var request = Assert.Single(sandbox.Requests("StopServiceDeployment"));
        Assert.Equal(arn, (string?)request["serviceDeploymentArn"]);
        Assert.Equal("ROLLBACK", (string?)request["stopType"]);
        Assert.Equal("ROLLBACK_SUCCESSFUL", (await sandbox.DescribeAsync(arn)).Status);
        Assert.Equal(EcsSandboxOperations.Arn(1), await sandbox.ServiceTaskDefinitionAsync());
        GoldenFiles.AssertMatches("EcsOperations", "stop.log.txt", sandbox.Log);
        GoldenFiles.AssertMatches("EcsOperations", "stop.summary.md", sandbox.Summary);
    }

    [Fact]
    public async Task Rollback_AfterASuccessfulDeploy_RedeploysTheRevisionThatServedBefore()
    {
        await using var sandbox = await EcsSandboxOperations.StartAsync("ecs-rolling");
        await sandbox.AdvanceAsync(await sandbox.DeployAsync());

        Assert.Equal(ExitCodes.Succeeded, await sandbox.RunAsync(("operation", "rollback")));

        // The first UpdateService is the deploy of web:2 made through the API; the second is the rollback's.
        var updates = sandbox.Requests("UpdateService");
        Assert.Equal(2, updates.Count);
        Assert.Equal(EcsSandboxOperations.Arn(1), (string?)updates[1]["taskDefinition"]);
        Assert.Equal(EcsSandboxOperations.Arn(1), await sandbox.ServiceTaskDefinitionAsync());
        Assert.Equal("SUCCESSFUL", sandbox.Outputs["deployment-status"]);
        GoldenFiles.AssertMatches("EcsOperations", "rollback.log.txt", sandbox.Log);
        GoldenFiles.AssertMatches("EcsOperations", "rollback.summary.md", sandbox.Summary);
    }

    [Fact]
    public async Task Status_AtPauseHook_ShowsStageRevisionsWeightsAndTheHook()
    {
        await using var sandbox = await EcsSandboxOperations.StartAsync("ecs-pause-hook");
        var arn = await sandbox.DeployAsync();
        var paused = await sandbox.AdvanceAsync(arn, Paused);

        Assert.Equal(ExitCodes.Succeeded, await sandbox.RunAsync(("operation", "status")));

        Assert.Equal(ServiceDeploymentHistory.PausedHook(paused)!.HookId, sandbox.Outputs["lifecycle-hook-id"]);
        Assert.Empty(sandbox.Requests("ContinueServiceDeployment"));
        GoldenFiles.AssertMatches("EcsOperations", "status.log.txt", sandbox.Log);
        GoldenFiles.AssertMatches("EcsOperations", "status.summary.md", sandbox.Summary);
    }

    [Fact]
    public async Task Continue_CancelledDuringBakeTime_StopsWithRollbackSeenBySandbox()
    {
        await using var sandbox = await EcsSandboxOperations.StartAsync("ecs-pause-hook");
        var arn = await sandbox.DeployAsync();
        await sandbox.AdvanceAsync(arn, Paused);
        using var cancellation = new CancellationTokenSource();
        sandbox.Clock.Advanced = _ =>
        {
            if (sandbox.Requests("ContinueServiceDeployment").Count > 0 && !cancellation.IsCancellationRequested)
            {
                cancellation.Cancel();
            }
        };

        Assert.Equal(ExitCodes.Cancelled, await sandbox.RunAsync(cancellation.Token, ("operation", "continue")));
        sandbox.Clock.Advanced = null;

        Assert.Equal("ROLLBACK", (string?)Assert.Single(sandbox.Requests("StopServiceDeployment"))["stopType"]);
        Assert.Equal("ROLLBACK_SUCCESSFUL", (await sandbox.AdvanceAsync(arn)).Status);
    }

    [Theory]
    [InlineData("rollback", "task-definition-arn", "not-a-revision")]
    [InlineData("stop", "wait-for-minutes", "-5")]
    [InlineData("continue", "if-deployment-in-progress", "stop")]
    public async Task BadInput_FailsInOneLineBeforeAnyAwsCall(string command, string input, string value)
    {
        await using var sandbox = await EcsSandboxOperations.StartAsync("ecs-blue-green");
        var before = sandbox.RequestCount;

        Assert.Equal(ExitCodes.InvalidInput, await sandbox.RunAsync(("operation", command), (input, value)));

        Assert.Contains($"'{input}'", SandboxAction.SingleError(sandbox.Log), StringComparison.Ordinal);
        Assert.Equal(before, sandbox.RequestCount);
    }

    [Fact]
    public async Task Stop_RollbackOnStopFalse_IsRefusedBeforeStoppingAnything()
    {
        await using var sandbox = await EcsSandboxOperations.StartAsync("ecs-blue-green");
        var arn = await sandbox.DeployAsync();

        Assert.Equal(ExitCodes.InvalidInput, await sandbox.RunAsync(("operation", "stop"), ("rollback-on-stop", "false")));

        Assert.Contains("'rollback-on-stop'", SandboxAction.SingleError(sandbox.Log), StringComparison.Ordinal);
        Assert.Empty(sandbox.Requests("StopServiceDeployment"));
        Assert.False(ServiceDeploymentHistory.IsTerminal((await sandbox.DescribeAsync(arn)).Status));
    }
}
