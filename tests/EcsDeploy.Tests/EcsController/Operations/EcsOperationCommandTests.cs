using EcsDeploy.Aws;
using EcsDeploy.Aws.Ecs;
using EcsDeploy.Deploy;

namespace EcsDeploy.Tests.EcsController.Operations;

/// <summary>Rollback, stop, continue and status on an ECS-controller service, run whole over fakes: the calls made, the exit code, the lines.</summary>
public sealed class EcsOperationCommandTests
{
    private static Func<ServiceDeployment, ServiceDeployment> Same => d => d;

    [Fact]
    public async Task Stop_ActiveDeployment_StopsWithRollbackAndSucceedsWhenRolledBack()
    {
        using var harness = new EcsOperationHarness();
        harness.Deployments.Add("SUCCESSFUL", "web:2", "web:1");
        var active = harness.Deployments.Add("IN_PROGRESS", "web:3", "web:2", d => d with { LifecycleStage = "SCALE_UP" });

        var exit = await harness.RunAsync(("operation", "stop"));

        Assert.Equal(ExitCodes.Succeeded, exit);
        Assert.Contains("StopServiceDeployment sd2 ROLLBACK", harness.Deployments.Calls);
        Assert.Equal("ROLLBACK_SUCCESSFUL", harness.Deployments.Get(active.ServiceDeploymentArn).Status);
        Assert.Equal("ROLLBACK_SUCCESSFUL", harness.Outputs["deployment-status"]);
        Assert.Equal("true", harness.Outputs["rolled-back"]);
        Assert.Empty(harness.CodeDeploy.Calls);
    }

    [Fact]
    public async Task Stop_NothingRunning_SaysSoAndExitsZeroWithoutStopping()
    {
        using var harness = new EcsOperationHarness();
        harness.Deployments.Add("SUCCESSFUL", "web:3", "web:2");

        Assert.Equal(ExitCodes.Succeeded, await harness.RunAsync(("operation", "stop")));

        Assert.DoesNotContain(harness.Deployments.Calls, c => c.StartsWith("StopServiceDeployment", StringComparison.Ordinal));
        Assert.Contains("No service deployment of service 'web' in cluster 'prod' is in progress; nothing to stop.", harness.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stop_RollbackOnStopFalse_IsRefusedBeforeAnyServiceDeploymentCall()
    {
        using var harness = new EcsOperationHarness();
        harness.Deployments.Add("IN_PROGRESS", "web:3", "web:2");

        Assert.Equal(ExitCodes.InvalidInput, await harness.RunAsync(("operation", "stop"), ("rollback-on-stop", "false")));

        Assert.Empty(harness.Deployments.Calls);
        Assert.Contains("Input 'rollback-on-stop' value 'false' does not apply", harness.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stop_DeploymentAlreadyRollingBack_FollowsItWithoutStoppingAgain()
    {
        using var harness = new EcsOperationHarness();
        var active = harness.Deployments.Add("ROLLBACK_IN_PROGRESS", "web:3", "web:2");
        harness.Deployments.Script(active.ServiceDeploymentArn, d => d with { Status = "ROLLBACK_SUCCESSFUL" });

        Assert.Equal(ExitCodes.Succeeded, await harness.RunAsync(("operation", "stop")));

        Assert.DoesNotContain(harness.Deployments.Calls, c => c.StartsWith("StopServiceDeployment", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stop_DeploymentSucceedsBeforeTheStop_FailsSayingTheStopCameTooLate()
    {
        using var harness = new EcsOperationHarness();
        var active = harness.Deployments.Add("IN_PROGRESS", "web:3", "web:2");
        harness.Deployments.StopError = FakeServiceDeployments.Conflict("Service deployment is SUCCESSFUL.");
        harness.Deployments.Script(active.ServiceDeploymentArn, d => d with { Status = "SUCCESSFUL" });

        Assert.Equal(ExitCodes.DeploymentFailed, await harness.RunAsync(("operation", "stop")));

        Assert.Contains("succeeded before the stop took effect", harness.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Continue_PausedDeployment_ContinuesTheHookAndFollowsToSuccessful()
    {
        using var harness = new EcsOperationHarness();
        var paused = harness.AddPaused();

        Assert.Equal(ExitCodes.Succeeded, await harness.RunAsync(("operation", "continue")));

        Assert.Contains("ContinueServiceDeployment sd2 hook-smoke CONTINUE", harness.Deployments.Calls);
        Assert.Equal("SUCCESSFUL", harness.Deployments.Get(paused.ServiceDeploymentArn).Status);
        Assert.Equal(paused.ServiceDeploymentArn, harness.Outputs["service-deployment-arn"]);
    }

    [Fact]
    public async Task Continue_HookStillReadsAwaitingRightAfterTheAnswer_IsNotTakenForANewPause()
    {
        using var harness = new EcsOperationHarness();
        var paused = harness.AddPaused();
        harness.Deployments.HookLagsOnePoll = true;

        Assert.Equal(ExitCodes.Succeeded, await harness.RunAsync(("operation", "continue")));

        Assert.Equal("SUCCESSFUL", harness.Deployments.Get(paused.ServiceDeploymentArn).Status);
        Assert.False(harness.Outputs.ContainsKey("lifecycle-hook-id"));
        Assert.Single(harness.Deployments.Calls, c => c.StartsWith("ContinueServiceDeployment", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Continue_AnswerLostAfterTheHookMovedOn_IsCheckedAndNotReportedAsFailure()
    {
        using var harness = new EcsOperationHarness();
        harness.AddPaused();
        harness.Deployments.ContinueLostAnswer = new AwsServiceException("ecs", "ContinueServiceDeployment", AwsRetry.ConnectionErrorCode, "connection reset", null, 0);

        Assert.Equal(ExitCodes.Succeeded, await harness.RunAsync(("operation", "continue")));

        Assert.Single(harness.Deployments.Calls, c => c.StartsWith("ContinueServiceDeployment", StringComparison.Ordinal));
        Assert.Contains("but hook hook-smoke is now SUCCEEDED", harness.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Continue_RefusedWhileTheHookStillWaits_FailsWithTheAwsAnswer()
    {
        using var harness = new EcsOperationHarness();
        harness.AddPaused();
        harness.Deployments.ContinueError = FakeServiceDeployments.Conflict("Service deployment is being updated.");

        Assert.Equal(ExitCodes.SetupFailed, await harness.RunAsync(("operation", "continue")));

        Assert.Contains("ContinueServiceDeployment CONTINUE on hook hook-smoke of service deployment sd2 failed (ConflictException): Service deployment is being updated.; the hook is AWAITING_ACTION", harness.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Continue_NoHookAwaitingAction_FailsBeforeAnyChange()
    {
        using var harness = new EcsOperationHarness();
        harness.Deployments.Add("IN_PROGRESS", "web:3", "web:2", d => d with { LifecycleStage = "SCALE_UP" });

        Assert.Equal(ExitCodes.SetupFailed, await harness.RunAsync(("operation", "continue")));

        Assert.DoesNotContain(harness.Deployments.Calls, c => c.StartsWith("ContinueServiceDeployment", StringComparison.Ordinal));
        Assert.Contains("has no PAUSE hook awaiting action", harness.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Continue_CancelledDuringBakeTime_StopsTheDeploymentWithRollback()
    {
        using var harness = new EcsOperationHarness();
        var paused = harness.AddPaused();
        using var cancellation = new CancellationTokenSource();
        harness.Deployments.AfterStep = () =>
        {
            if (harness.Deployments.Get(paused.ServiceDeploymentArn).LifecycleStage == "BAKE_TIME")
            {
                cancellation.Cancel();
            }
        };

        Assert.Equal(ExitCodes.Cancelled, await harness.RunAsync(cancellation.Token, ("operation", "continue")));

        Assert.Contains("StopServiceDeployment sd2 ROLLBACK", harness.Deployments.Calls);
        Assert.Contains("was stopped with rollback", harness.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rollback_PausedDeployment_AnswersTheHookWithRollback()
    {
        using var harness = new EcsOperationHarness();
        var paused = harness.AddPaused();

        Assert.Equal(ExitCodes.Succeeded, await harness.RunAsync(("operation", "rollback")));

        Assert.Contains("ContinueServiceDeployment sd2 hook-smoke ROLLBACK", harness.Deployments.Calls);
        Assert.DoesNotContain(harness.Deployments.Calls, c => c.StartsWith("StopServiceDeployment", StringComparison.Ordinal) || c.StartsWith("UpdateService", StringComparison.Ordinal));
        Assert.Equal("ROLLBACK_SUCCESSFUL", harness.Deployments.Get(paused.ServiceDeploymentArn).Status);
    }

    [Fact]
    public async Task Rollback_ActiveDeployment_StopsItWithRollback()
    {
        using var harness = new EcsOperationHarness();
        harness.Deployments.Add("IN_PROGRESS", "web:3", "web:2");

        Assert.Equal(ExitCodes.Succeeded, await harness.RunAsync(("operation", "rollback")));

        Assert.Contains("StopServiceDeployment sd1 ROLLBACK", harness.Deployments.Calls);
        Assert.Empty(harness.Deployments.Updates);
    }

    [Fact]
    public async Task Rollback_NothingRunning_RedeploysTheRevisionThatServedBeforeTheLastSuccessfulDeployment()
    {
        using var harness = new EcsOperationHarness("web:3");
        harness.Deployments.Add("SUCCESSFUL", "web:2", "web:1");
        harness.Deployments.Add("SUCCESSFUL", "web:3", "web:2");

        Assert.Equal(ExitCodes.Succeeded, await harness.RunAsync(("operation", "rollback")));

        var update = Assert.Single(harness.Deployments.Updates);
        Assert.Equal(FakeServiceDeployments.TaskDefinitionArn("web:2"), update["taskDefinition"]!.GetValue<string>());
        Assert.Equal(["cluster", "service", "taskDefinition"], update.Select(p => p.Key));
        Assert.Equal("SUCCESSFUL", harness.Deployments.All[^1].Status);
        Assert.Equal(harness.Deployments.All[^1].ServiceDeploymentArn, harness.Outputs["service-deployment-arn"]);
        Assert.Equal(FakeServiceDeployments.TaskDefinitionArn("web:2"), harness.Outputs["task-definition-arn"]);
        Assert.Contains("Rolling back service 'web' in cluster 'prod' from web:3 to web:2 (the revision that served before service deployment sd2)", harness.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rollback_TaskDefinitionArnGiven_RedeploysThatRevision()
    {
        using var harness = new EcsOperationHarness("web:3");
        harness.Ecs.Registered.Add(FakeServiceDeployments.TaskDefinitionArn("web:1"));

        Assert.Equal(ExitCodes.Succeeded, await harness.RunAsync(("operation", "rollback"), ("task-definition-arn", "web:1")));

        Assert.Equal(FakeServiceDeployments.TaskDefinitionArn("web:1"), Assert.Single(harness.Deployments.Updates)["taskDefinition"]!.GetValue<string>());
    }

    [Fact]
    public async Task Rollback_NoHistory_FailsAskingForTheRevisionWithoutUpdatingTheService()
    {
        using var harness = new EcsOperationHarness("web:3");

        Assert.Equal(ExitCodes.SetupFailed, await harness.RunAsync(("operation", "rollback")));

        Assert.Empty(harness.Deployments.Updates);
        Assert.Contains("give the revision in 'task-definition-arn'", harness.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rollback_RedeployRollsBackItself_FailsWithTheCause()
    {
        using var harness = new EcsOperationHarness("web:3");
        harness.Deployments.Add("SUCCESSFUL", "web:3", "web:2");
        harness.Deployments.NewDeploymentScript =
        [
            d => d with { Status = "IN_PROGRESS" },
            d => d with { Status = "ROLLBACK_IN_PROGRESS", Rollback = new ServiceDeploymentRollback("Circuit breaker: 3 of 3 tasks failed to start", d.UpdatedAt, null) },
            d => d with { Status = "ROLLBACK_SUCCESSFUL" },
        ];

        Assert.Equal(ExitCodes.DeploymentFailed, await harness.RunAsync(("operation", "rollback")));

        Assert.Contains("failed and ECS rolled the service back to the previous revision (ROLLBACK_SUCCESSFUL). Cause: Circuit breaker: 3 of 3 tasks failed to start", harness.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rollback_RedeployOutlastsTheWait_IsStoppedWithRollbackAndTimesOut()
    {
        using var harness = new EcsOperationHarness("web:3", strategy: "ROLLING");
        harness.Deployments.Add("SUCCESSFUL", "web:3", "web:2");
        harness.Deployments.NewDeploymentScript = [.. Enumerable.Repeat(Same, 200)];

        Assert.Equal(ExitCodes.TimedOut, await harness.RunAsync(("operation", "rollback"), ("wait-for-minutes", "1")));

        Assert.Contains("StopServiceDeployment sd2 ROLLBACK", harness.Deployments.Calls);
        Assert.Contains("did not finish within 1m", harness.Log, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("codedeploy-deployment-config", "CodeDeployDefault.ECSAllAtOnce")]
    [InlineData("codedeploy-deployment-description", "hotfix")]
    public async Task Rollback_CodeDeployInputGiven_IsRefusedNamingTheInput(string input, string value)
    {
        using var harness = new EcsOperationHarness();

        Assert.Equal(ExitCodes.InvalidInput, await harness.RunAsync(("operation", "rollback"), (input, value)));

        Assert.Contains($"Input '{input}' value '{value}' does not apply", harness.Log, StringComparison.Ordinal);
        Assert.Empty(harness.Deployments.Calls);
    }

    [Fact]
    public async Task AnyCommand_ExternalController_FailsInOneLine()
    {
        using var harness = new EcsOperationHarness();
        harness.Ecs.Service = harness.Ecs.Service! with { DeploymentController = new DeploymentController("EXTERNAL") };

        Assert.Equal(ExitCodes.SetupFailed, await harness.RunAsync(("operation", "status")));

        Assert.Single(harness.Log.Split('\n'), l => l.StartsWith("::error", StringComparison.Ordinal));
        Assert.Contains("uses the EXTERNAL deployment controller", harness.Log, StringComparison.Ordinal);
        Assert.Empty(harness.Deployments.Calls);
        Assert.Empty(harness.CodeDeploy.Calls);
    }

    [Fact]
    public async Task Status_PausedDeployment_NamesTheHookAndExitsZero()
    {
        using var harness = new EcsOperationHarness();
        harness.AddPaused();

        Assert.Equal(ExitCodes.Succeeded, await harness.RunAsync(("operation", "status")));

        Assert.Equal("hook-smoke", harness.Outputs["lifecycle-hook-id"]);
        Assert.Equal("IN_PROGRESS", harness.Outputs["deployment-status"]);
        Assert.DoesNotContain(harness.Deployments.Calls, c => c.StartsWith("Stop", StringComparison.Ordinal) || c.StartsWith("Continue", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Status_NoDeployments_SaysSoAndExitsZero()
    {
        using var harness = new EcsOperationHarness();

        Assert.Equal(ExitCodes.Succeeded, await harness.RunAsync(("operation", "status")));

        Assert.Contains("No service deployments yet.", harness.Log, StringComparison.Ordinal);
    }
}
