using EcsDeploy.Aws.CodeDeploy;
using EcsDeploy.Deploy;
using EcsDeploy.Operations;
using EcsDeploy.Tests.Integration;
using EcsDeploy.Tests.Support;

namespace EcsDeploy.Tests.Operations;

/// <summary>Each command run by the action against the sandbox: real HTTP, simulated CodeDeploy, virtual clock.</summary>
public sealed class OperationSandboxTests
{
    private static string Arn(int revision) => SandboxOperations.Arn(revision);

    private static bool Running(DeploymentInfo d) => d.Status == DeploymentStatus.InProgress;

    [Fact]
    public async Task Rollback_AfterSuccessfulDeploy_RestoresThePreviousRevision()
    {
        await using var sandbox = await SandboxOperations.StartAsync();
        await sandbox.DeployAsync(2);
        await sandbox.DeployAsync(3);
        Assert.Equal(Arn(3), sandbox.ServiceTaskDefinition);

        var exit = await sandbox.RunAsync(("operation", "rollback"));

        Assert.True(exit == ExitCodes.Succeeded, sandbox.Log);
        Assert.Equal(Arn(2), sandbox.ServiceTaskDefinition);
        Assert.Contains("Rolling back service 'web' from web:3 to web:2", sandbox.Log, StringComparison.Ordinal);
        Assert.Contains("AllowTraffic: Succeeded", sandbox.Log, StringComparison.Ordinal);
        Assert.Equal("Succeeded", sandbox.Outputs["deployment-status"]);
        Assert.Equal(Arn(2), sandbox.Outputs["task-definition-arn"]);
    }

    [Fact]
    public async Task Rollback_GivenRevision_DeploysIt()
    {
        await using var sandbox = await SandboxOperations.StartAsync();
        await sandbox.DeployAsync(3);

        var exit = await sandbox.RunAsync(("operation", "rollback"), ("task-definition-arn", "web:1"));

        Assert.True(exit == ExitCodes.Succeeded, sandbox.Log);
        Assert.Equal(Arn(1), sandbox.ServiceTaskDefinition);
    }

    [Fact]
    public async Task Rollback_OnlyFirstDeploymentInHistory_AsksForTheRevision()
    {
        await using var sandbox = await SandboxOperations.StartAsync();
        await sandbox.DeployAsync(2);

        var exit = await sandbox.RunAsync(("operation", "rollback"));

        Assert.Equal(ExitCodes.SetupFailed, exit);
        Assert.Contains("give the revision in 'task-definition-arn'", sandbox.Log, StringComparison.Ordinal);
        Assert.Equal(Arn(2), sandbox.ServiceTaskDefinition);
    }

    [Fact]
    public async Task Rollback_DuringDeployment_StopsItAndFollowsTheRollback()
    {
        await using var sandbox = await SandboxOperations.StartAsync();
        var id = await sandbox.CreateDeploymentAsync(2);
        await sandbox.AdvanceAsync(id, Running);

        var exit = await sandbox.RunAsync(("operation", "rollback"));

        Assert.True(exit == ExitCodes.Succeeded, sandbox.Log);
        Assert.Contains($"Stopping deployment {id} (InProgress", sandbox.Log, StringComparison.Ordinal);
        Assert.Contains("[rollback] ", sandbox.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("Created deployment", sandbox.Log, StringComparison.Ordinal);
        Assert.Equal(DeploymentStatus.Stopped, (await sandbox.Apis.CodeDeploy.GetDeploymentAsync(id, CancellationToken.None)).Status);
        Assert.Equal(Arn(1), sandbox.ServiceTaskDefinition);
        Assert.Equal("true", sandbox.Outputs["rolled-back"]);
    }

    [Fact]
    public async Task Rollback_DuringCodeDeploysOwnRollback_FollowsItInsteadOfStopping()
    {
        await using var sandbox = await SandboxOperations.StartAsync(deployments: "{ failEvent: AfterAllowTestTraffic, failMessage: smoke test failed }");
        var failed = await sandbox.AdvanceAsync(await sandbox.CreateDeploymentAsync(2), d => d.RollbackInfo?.RollbackDeploymentId is not null);
        var rollbackId = failed.RollbackInfo!.RollbackDeploymentId!;
        Assert.Equal(DeploymentStatus.InProgress, (await sandbox.Apis.CodeDeploy.GetDeploymentAsync(rollbackId, CancellationToken.None)).Status);

        var exit = await sandbox.RunAsync(("operation", "rollback"));

        Assert.True(exit == ExitCodes.Succeeded, sandbox.Log);
        Assert.Contains($"Deployment {rollbackId} is CodeDeploy's rollback of deployment {failed.DeploymentId}; following it", sandbox.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("Stopping deployment", sandbox.Log, StringComparison.Ordinal);
        Assert.Equal(DeploymentStatus.Succeeded, (await sandbox.Apis.CodeDeploy.GetDeploymentAsync(rollbackId, CancellationToken.None)).Status);
        Assert.Equal(Arn(1), sandbox.ServiceTaskDefinition);
    }

    [Fact]
    public async Task Stop_WithRollback_FollowsTheRollbackToItsEnd()
    {
        await using var sandbox = await SandboxOperations.StartAsync(readyWait: true);
        var id = await sandbox.CreateDeploymentAsync(2);
        await sandbox.AdvanceAsync(id, d => d.Status == DeploymentStatus.Ready);

        var exit = await sandbox.RunAsync(("operation", "stop"));

        Assert.True(exit == ExitCodes.Succeeded, sandbox.Log);
        var stopped = await sandbox.Apis.CodeDeploy.GetDeploymentAsync(id, CancellationToken.None);
        Assert.Equal(DeploymentStatus.Stopped, stopped.Status);
        var rollbackId = stopped.RollbackInfo?.RollbackDeploymentId;
        Assert.NotNull(rollbackId);
        Assert.Equal(DeploymentStatus.Succeeded, (await sandbox.Apis.CodeDeploy.GetDeploymentAsync(rollbackId, CancellationToken.None)).Status);
        Assert.Contains($"[rollback] Deployment {rollbackId}: Succeeded", sandbox.Log, StringComparison.Ordinal);
        Assert.Equal(rollbackId, sandbox.Outputs["rollback-deployment-id"]);
        Assert.Equal(Arn(1), sandbox.ServiceTaskDefinition);
    }

    [Fact]
    public async Task Stop_WithoutRollback_StopsAndStartsNoRollback()
    {
        await using var sandbox = await SandboxOperations.StartAsync(readyWait: true);
        var id = await sandbox.CreateDeploymentAsync(2);
        await sandbox.AdvanceAsync(id, d => d.Status == DeploymentStatus.Ready);

        var exit = await sandbox.RunAsync(("operation", "stop"), ("rollback-on-stop", "false"));

        Assert.True(exit == ExitCodes.Succeeded, sandbox.Log);
        var stopped = await sandbox.Apis.CodeDeploy.GetDeploymentAsync(id, CancellationToken.None);
        Assert.Equal(DeploymentStatus.Stopped, stopped.Status);
        Assert.Null(stopped.RollbackInfo?.RollbackDeploymentId);
        Assert.Contains($"Stopping deployment {id} (Ready", sandbox.Log, StringComparison.Ordinal);
        Assert.Contains("stopped without rollback", sandbox.Log, StringComparison.Ordinal);
        Assert.Equal("false", sandbox.Outputs["rolled-back"]);
    }

    [Fact]
    public async Task Stop_NothingRunning_NoticeAndExitZero()
    {
        await using var sandbox = await SandboxOperations.StartAsync();
        await sandbox.DeployAsync(2);

        var exit = await sandbox.RunAsync(("operation", "stop"));

        Assert.Equal(ExitCodes.Succeeded, exit);
        Assert.Contains("::notice::No deployment of group 'AppECS-prod-web/DgpECS-prod-web' is in progress; nothing to stop.", sandbox.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Continue_FromReadyWait_PromotesAndFollowsToSuccess()
    {
        await using var sandbox = await SandboxOperations.StartAsync(readyWait: true);
        var id = await sandbox.CreateDeploymentAsync(2);
        await sandbox.AdvanceAsync(id, d => d.Status == DeploymentStatus.Ready);

        var exit = await sandbox.RunAsync(("operation", "continue"));

        Assert.True(exit == ExitCodes.Succeeded, sandbox.Log);
        Assert.Contains($"Promoting deployment {id}", sandbox.Log, StringComparison.Ordinal);
        Assert.Contains("Traffic: blue 0% / green 100%", sandbox.Log, StringComparison.Ordinal);
        Assert.Contains($"Deployment {id} succeeded", sandbox.Log, StringComparison.Ordinal);
        Assert.Equal(Arn(2), sandbox.ServiceTaskDefinition);
    }

    [Fact]
    public async Task Continue_FromTerminationWait_EndsTheWaitEarly()
    {
        await using var sandbox = await SandboxOperations.StartAsync(terminationWaitMinutes: 120);
        var id = await sandbox.CreateDeploymentAsync(2);
        await sandbox.AdvanceAsync(id, d => d.InstanceTerminationWaitTimeStarted == true);
        var waitStarted = sandbox.Clock.GetUtcNow();

        var exit = await sandbox.RunAsync(("operation", "continue"));

        Assert.True(exit == ExitCodes.Succeeded, sandbox.Log);
        Assert.Contains($"Ending the termination wait of deployment {id}", sandbox.Log, StringComparison.Ordinal);
        Assert.Equal(DeploymentStatus.Succeeded, (await sandbox.Apis.CodeDeploy.GetDeploymentAsync(id, CancellationToken.None)).Status);
        Assert.True(sandbox.Clock.GetUtcNow() - waitStarted < TimeSpan.FromMinutes(10), "the deployment ended long before its 120-minute termination wait");
    }

    [Fact]
    public async Task Continue_NotWaiting_FailsWithOneLine()
    {
        await using var sandbox = await SandboxOperations.StartAsync();
        var id = await sandbox.CreateDeploymentAsync(2);
        await sandbox.AdvanceAsync(id, Running);

        var exit = await sandbox.RunAsync(("operation", "continue"));

        Assert.Equal(ExitCodes.SetupFailed, exit);
        Assert.Contains($"::error title=continue failed::Deployment {id} (InProgress", sandbox.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_DeploymentAtReadyWait_PrintsLifecycleAndTraffic()
    {
        await using var sandbox = await SandboxOperations.StartAsync(readyWait: true);
        var id = await sandbox.CreateDeploymentAsync(2);
        await sandbox.AdvanceAsync(id, d => d.Status == DeploymentStatus.Ready);

        var exit = await sandbox.RunAsync(("operation", "status"));

        Assert.Equal(ExitCodes.Succeeded, exit);
        Assert.Contains($"Deployment group 'AppECS-prod-web/DgpECS-prod-web': deployment in progress is {id}", sandbox.Log, StringComparison.Ordinal);
        Assert.Contains("  Status: Ready\n", sandbox.Log, StringComparison.Ordinal);
        Assert.Contains("  Task definition: web:2\n", sandbox.Log, StringComparison.Ordinal);
        Assert.Contains("  Install: Succeeded (1m 00s)\n", sandbox.Log, StringComparison.Ordinal);
        Assert.Contains("  Traffic: blue 100% / green 0%\n", sandbox.Log, StringComparison.Ordinal);
        Assert.Contains("Waiting at the ready wait", sandbox.Log, StringComparison.Ordinal);
        Assert.Equal(id, sandbox.Outputs["codedeploy-deployment-id"]);
        Assert.Equal("Ready", sandbox.Outputs["deployment-status"]);
    }

    [Fact]
    public async Task Status_AfterDeploy_PrintsTheLastDeployment()
    {
        await using var sandbox = await SandboxOperations.StartAsync();
        await sandbox.DeployAsync(2);

        var exit = await sandbox.RunAsync(("operation", "status"));

        Assert.Equal(ExitCodes.Succeeded, exit);
        Assert.Contains("no deployment in progress; the last one", sandbox.Log, StringComparison.Ordinal);
        Assert.Contains("  Status: Succeeded\n", sandbox.Log, StringComparison.Ordinal);
        Assert.Contains("  Traffic: blue 0% / green 100%\n", sandbox.Log, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("stop", "image", "web:2", "Input 'image' value 'web:2' does not apply to operation 'stop'; remove it from this step (it is only used by operation 'deploy').")]
    [InlineData("status", "task-definition-arn", "web:1", "Input 'task-definition-arn' value 'web:1' does not apply to operation 'status'; remove it from this step (only operations 'deploy' and 'rollback' take a revision).")]
    [InlineData("rollback", "task-definition-arn", "web", "Input 'task-definition-arn' value 'web' is not a task definition revision;")]
    [InlineData("rollback", "rollback-on-stop", "false", "Input 'rollback-on-stop' value 'false' does not apply to operation 'rollback';")]
    [InlineData("continue", "if-deployment-in-progress", "stop", "Input 'if-deployment-in-progress' value 'stop' does not apply to operation 'continue';")]
    [InlineData("status", "service", "web app", "Input 'service' value 'web app' is not an ECS service name or ARN;")]
    [InlineData("stop", "cluster", "prod,eu", "Input 'cluster' value 'prod,eu' is not an ECS cluster name or ARN;")]
    [InlineData("undo", "image", "", "Input 'operation' value 'undo' is not one of deploy, rollback, stop, continue, status.")]
    public async Task BadInput_OneLineErrorAndNoAwsCall(string command, string input, string value, string expected)
    {
        await using var sandbox = await SandboxOperations.StartAsync();

        var exit = await sandbox.RunAsync(("operation", command), (input, value));

        Assert.Equal(ExitCodes.InvalidInput, exit);
        var error = SandboxAction.SingleError(sandbox.Log);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Equal(0, sandbox.RequestCount);
    }

    [Fact]
    public async Task Status_UnknownDeploymentGroup_OneLineSetupFailure()
    {
        await using var sandbox = await SandboxOperations.StartAsync();

        var exit = await sandbox.RunAsync(("operation", "status"), ("codedeploy-deployment-group", "DgpECS-prod-nope"));

        Assert.Equal(ExitCodes.SetupFailed, exit);
        var error = SandboxAction.SingleError(sandbox.Log);
        Assert.Contains("Reading deployment group 'AppECS-prod-web/DgpECS-prod-nope' failed (DeploymentGroupDoesNotExistException)", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InProgressWait_ActiveDeployment_FollowsItThenTheGroupIsFree()
    {
        await using var sandbox = await SandboxOperations.StartAsync();
        var id = await sandbox.CreateDeploymentAsync(2);
        await sandbox.AdvanceAsync(id, Running);
        var log = new RecordingJobLog();

        await InProgressGuard.ClearAsync(sandbox.Context(Inputs(InProgressPolicy.Wait), log), CancellationToken.None);

        Assert.Equal(DeploymentStatus.Succeeded, (await sandbox.Apis.CodeDeploy.GetDeploymentAsync(id, CancellationToken.None)).Status);
        Assert.Contains(log.Messages("info"), m => m.EndsWith($"] [{id}] Deployment {id}: Succeeded", StringComparison.Ordinal));
        Assert.NotEmpty(await sandbox.CreateDeploymentAsync(3));
    }

    [Fact]
    public async Task InProgressStop_ActiveDeployment_StopsItFollowsTheRollbackThenTheGroupIsFree()
    {
        await using var sandbox = await SandboxOperations.StartAsync(readyWait: true);
        var id = await sandbox.CreateDeploymentAsync(2);
        await sandbox.AdvanceAsync(id, d => d.Status == DeploymentStatus.Ready);
        var log = new RecordingJobLog();

        await InProgressGuard.ClearAsync(sandbox.Context(Inputs(InProgressPolicy.Stop), log), CancellationToken.None);

        var stopped = await sandbox.Apis.CodeDeploy.GetDeploymentAsync(id, CancellationToken.None);
        Assert.Equal(DeploymentStatus.Stopped, stopped.Status);
        Assert.Contains(log.Messages("info"), m => m.EndsWith($"] [rollback] Deployment {stopped.RollbackInfo?.RollbackDeploymentId}: Succeeded", StringComparison.Ordinal));
        Assert.Equal(Arn(1), sandbox.ServiceTaskDefinition);
        Assert.NotEmpty(await sandbox.CreateDeploymentAsync(3));
    }

    [Fact]
    public async Task InProgressFail_ActiveDeployment_OneLineNamingIt()
    {
        await using var sandbox = await SandboxOperations.StartAsync();
        var id = await sandbox.CreateDeploymentAsync(2);
        await sandbox.AdvanceAsync(id, Running);

        var error = await Assert.ThrowsAsync<OperationFailedException>(() =>
            InProgressGuard.ClearAsync(sandbox.Context(Inputs(InProgressPolicy.Fail), new RecordingJobLog()), CancellationToken.None));

        Assert.StartsWith($"Deployment group 'AppECS-prod-web/DgpECS-prod-web' already runs deployment {id} (InProgress", error.Message, StringComparison.Ordinal);
        Assert.Equal(DeploymentStatus.InProgress, (await sandbox.Apis.CodeDeploy.GetDeploymentAsync(id, CancellationToken.None)).Status);
    }

    [Fact]
    public async Task CreateDeployment_RaceWithActiveDeployment_LimitExceededTranslated()
    {
        await using var sandbox = await SandboxOperations.StartAsync();
        var id = await sandbox.CreateDeploymentAsync(2);
        var request = new CreateDeploymentRequest
        {
            ApplicationName = "AppECS-prod-web",
            DeploymentGroupName = "DgpECS-prod-web",
            Revision = new RevisionLocation { AppSpecContent = new AppSpecContent(FakeCodeDeploy.AppSpecYaml(Arn(3)), null) },
        };

        var error = await Assert.ThrowsAsync<OperationFailedException>(() =>
            InProgressGuard.CreateDeploymentAsync(sandbox.Apis.CodeDeploy, request, SandboxOperations.Target, CancellationToken.None));

        Assert.StartsWith($"Deployment group 'AppECS-prod-web/DgpECS-prod-web' already has a deployment in progress {id}, started by someone else", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("DeploymentLimitExceededException", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_InProgressFail_OneLineAndNoSecondDeployment()
    {
        await using var sandbox = await SandboxOperations.StartAsync();
        var id = await sandbox.CreateDeploymentAsync(2);
        await sandbox.AdvanceAsync(id, Running);
        sandbox.WriteTaskDefinitionFile("v4");

        var exit = await sandbox.RunAsync(("task-definition", "taskdef.json"), ("if-deployment-in-progress", "fail"));

        Assert.Equal(ExitCodes.SetupFailed, exit);
        var error = SandboxAction.SingleError(sandbox.Log);
        Assert.Contains($"already runs deployment {id} (InProgress", error, StringComparison.Ordinal);
        Assert.DoesNotContain("DeploymentLimitExceeded", sandbox.Log, StringComparison.Ordinal);
        Assert.Equal(1, sandbox.DeploymentCount);
    }

    [Fact]
    public async Task Deploy_InProgressWait_FollowsTheActiveOneThenDeploys()
    {
        await using var sandbox = await SandboxOperations.StartAsync();
        var id = await sandbox.CreateDeploymentAsync(2);
        await sandbox.AdvanceAsync(id, Running);
        sandbox.WriteTaskDefinitionFile("v4");

        var exit = await sandbox.RunAsync(("task-definition", "taskdef.json"));

        Assert.True(exit == ExitCodes.Succeeded, sandbox.Log);
        var followed = sandbox.Log.IndexOf($"[{id}] Deployment {id}: Succeeded", StringComparison.Ordinal);
        var created = sandbox.Log.IndexOf("Created deployment", StringComparison.Ordinal);
        Assert.True(followed >= 0 && created > followed, sandbox.Log);
        Assert.Equal(Arn(4), sandbox.ServiceTaskDefinition);
    }

    [Fact]
    public async Task Deploy_InProgressWaitFromTheServiceRevision_StartsFromWhatTheActiveOneInstalled()
    {
        await using var sandbox = await SandboxOperations.StartAsync();
        var id = await sandbox.CreateDeploymentAsync(2);
        await sandbox.AdvanceAsync(id, Running);

        var exit = await sandbox.RunAsync(("container-name", "web"), ("image", "111122223333.dkr.ecr.us-east-1.amazonaws.com/web:v4"));

        Assert.True(exit == ExitCodes.Succeeded, sandbox.Log);
        Assert.Contains($"Task definition changes from {Arn(2)}", sandbox.Log, StringComparison.Ordinal);
        Assert.Equal(Arn(4), sandbox.ServiceTaskDefinition);
    }

    [Fact]
    public async Task Deploy_InProgressStop_StopsWithRollbackThenDeploys()
    {
        await using var sandbox = await SandboxOperations.StartAsync();
        var id = await sandbox.CreateDeploymentAsync(2);
        await sandbox.AdvanceAsync(id, Running);
        sandbox.WriteTaskDefinitionFile("v4");

        var exit = await sandbox.RunAsync(("task-definition", "taskdef.json"), ("if-deployment-in-progress", "stop"));

        Assert.True(exit == ExitCodes.Succeeded, sandbox.Log);
        var stopped = await sandbox.Apis.CodeDeploy.GetDeploymentAsync(id, CancellationToken.None);
        Assert.Equal(DeploymentStatus.Stopped, stopped.Status);
        Assert.Contains($"[rollback] Deployment {stopped.RollbackInfo?.RollbackDeploymentId}: Succeeded", sandbox.Log, StringComparison.Ordinal);
        Assert.Equal(Arn(4), sandbox.ServiceTaskDefinition);
    }

    [Fact]
    public async Task Deploy_WithStopOnlyInput_InvalidInputAndNoAwsCall()
    {
        await using var sandbox = await SandboxOperations.StartAsync();
        sandbox.WriteTaskDefinitionFile("v4");

        var exit = await sandbox.RunAsync(("task-definition", "taskdef.json"), ("rollback-on-stop", "false"));

        Assert.Equal(ExitCodes.InvalidInput, exit);
        Assert.Contains("::error title=Invalid input::Input 'rollback-on-stop' value 'false' does not apply to operation 'deploy'", sandbox.Log, StringComparison.Ordinal);
        Assert.Equal(0, sandbox.RequestCount);
    }

    private static OperationInputs Inputs(InProgressPolicy policy) => new()
    {
        Command = OperationCommand.Deploy,
        Target = SandboxOperations.Target,
        IfDeploymentInProgress = policy,
        Watch = new EcsDeploy.CodeDeploy.WatchSettings(TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(30)),
    };
}
