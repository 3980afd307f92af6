using System.Text.Json.Nodes;
using EcsDeploy.Aws.CodeDeploy;
using EcsDeploy.Operations;

namespace EcsDeploy.Tests.Operations;

/// <summary>The commands against in-memory fakes: which calls they make, what they print, how they exit.</summary>
public sealed class OperationCommandTests
{
    private static string Arn(string familyRevision) => OperationFixture.Arn(familyRevision);

    [Fact]
    public async Task Rollback_AfterSuccessfulDeploys_DeploysThePreviousRevisionWithItsAppSpec()
    {
        var fixture = new OperationFixture("web:3");
        fixture.CodeDeploy.Add("d-2", DeploymentStatus.Succeeded, Arn("web:2"));
        fixture.CodeDeploy.Add("d-3", DeploymentStatus.Succeeded, Arn("web:3"));

        var exit = await fixture.RunAsync(OperationCommand.Rollback);

        Assert.Equal(0, exit);
        var request = Assert.Single(fixture.CodeDeploy.Created);
        var appSpec = JsonNode.Parse(request.Revision.AppSpecContent!.Content!)!.AsObject();
        Assert.Equal(Arn("web:2"), PreviousRevision.TaskDefinitionOf(appSpec));
        Assert.Equal(8080, appSpec["Resources"]![0]!["TargetService"]!["Properties"]!["LoadBalancerInfo"]!["ContainerPort"]!.GetValue<int>());
        Assert.Equal("Rollback of web to web:2", request.Description);
        Assert.Equal(["d-NEW100"], fixture.Follower.Followed);
        Assert.Equal("d-NEW100", fixture.Outputs.Values["codedeploy-deployment-id"]);
        Assert.Equal(Arn("web:2"), fixture.Outputs.Values["task-definition-arn"]);
        Assert.Contains("Rolling back service 'web' from web:3 to web:2 (the revision deployment d-2 installed)", fixture.Log.Messages("info"));
    }

    [Fact]
    public async Task Rollback_CancelledWhileCreatingTheDeployment_StillLearnsItsIdAndStopsIt()
    {
        var fixture = new OperationFixture("web:3");
        fixture.CodeDeploy.Add("d-2", DeploymentStatus.Succeeded, Arn("web:2"));
        fixture.CodeDeploy.Add("d-3", DeploymentStatus.Succeeded, Arn("web:3"));
        using var cancellation = new CancellationTokenSource();
        fixture.CodeDeploy.OnCreated = cancellation.Cancel;

        var exit = await fixture.RunAsync(OperationCommand.Rollback, cancellationToken: cancellation.Token);

        Assert.Equal(130, exit);
        Assert.Contains("StopDeployment d-NEW100 rollback=True", fixture.CodeDeploy.Calls);
        Assert.Equal("d-NEW100", fixture.Outputs.Values["codedeploy-deployment-id"]);
    }

    [Fact]
    public async Task Rollback_GivenRevision_UsesItWithTheLatestAppSpec()
    {
        var fixture = new OperationFixture("web:3");
        fixture.Ecs.Registered.Add(Arn("web:1"));
        fixture.CodeDeploy.Add("d-3", DeploymentStatus.Succeeded, Arn("web:3"));

        var exit = await fixture.RunAsync(OperationCommand.Rollback, i => i with { TaskDefinitionArn = "web:1" });

        Assert.Equal(0, exit);
        var appSpec = JsonNode.Parse(Assert.Single(fixture.CodeDeploy.Created).Revision.AppSpecContent!.Content!)!.AsObject();
        Assert.Equal(Arn("web:1"), PreviousRevision.TaskDefinitionOf(appSpec));
    }

    [Fact]
    public async Task Rollback_GivenRevisionUnknown_FailsNamingTheInput()
    {
        var fixture = new OperationFixture("web:3");

        var exit = await fixture.RunAsync(OperationCommand.Rollback, i => i with { TaskDefinitionArn = "web:9" });

        Assert.Equal(4, exit);
        Assert.Equal("Input 'task-definition-arn' value 'web:9' names no registered task definition (ClientException); give a revision that exists.", Assert.Single(fixture.Log.Messages("error")));
        Assert.DoesNotContain("CreateDeployment", fixture.CodeDeploy.Calls);
    }

    [Fact]
    public async Task Rollback_NoEarlierRevision_FailsSayingWhatToGive()
    {
        var fixture = new OperationFixture("web:3");
        fixture.CodeDeploy.Add("d-3", DeploymentStatus.Succeeded, Arn("web:3"));

        var exit = await fixture.RunAsync(OperationCommand.Rollback);

        Assert.Equal(4, exit);
        Assert.Equal(
            "No earlier revision of service 'web' was found: no successful deployment of group 'AppECS-prod-web/DgpECS-prod-web' installed a task definition other than the current web:3, and CodeDeploy records none before a group's first deployment; give the revision in 'task-definition-arn'.",
            Assert.Single(fixture.Log.Messages("error")));
    }

    [Fact]
    public async Task Rollback_DeploymentInProgress_StopsItAndFollowsTheRollback()
    {
        var fixture = new OperationFixture("web:3");
        fixture.CodeDeploy.Add("d-3", DeploymentStatus.Succeeded, Arn("web:3"));
        fixture.CodeDeploy.Add("d-4", DeploymentStatus.InProgress, Arn("web:4"));

        var exit = await fixture.RunAsync(OperationCommand.Rollback);

        Assert.Equal(0, exit);
        Assert.Contains("StopDeployment d-4 rollback=True", fixture.CodeDeploy.Calls);
        Assert.DoesNotContain("CreateDeployment", fixture.CodeDeploy.Calls);
        Assert.Equal(["d-4", "[rollback] d-RB100"], fixture.Follower.Followed);
        Assert.Equal("d-RB100", fixture.Outputs.Values["rollback-deployment-id"]);
    }

    [Fact]
    public async Task Rollback_NewDeploymentFailsAndItsRollbackIsRecordedLate_WaitsForItAndFollowsIt()
    {
        var fixture = new OperationFixture("web:3");
        fixture.CodeDeploy.Add("d-2", DeploymentStatus.Succeeded, Arn("web:2"));
        fixture.CodeDeploy.Add("d-3", DeploymentStatus.Succeeded, Arn("web:3"));
        fixture.Follower.Endings["d-NEW100"] = DeploymentStatus.Failed;
        var reads = 0;
        fixture.CodeDeploy.BeforeGet = id =>
        {
            // CodeDeploy records the rollback on the third read after the failure.
            if (id == "d-NEW100" && fixture.CodeDeploy.Get(id).Status == DeploymentStatus.Failed && ++reads == 3)
            {
                fixture.CodeDeploy.Add("d-RB7", DeploymentStatus.InProgress, Arn("web:3"), rollbackOf: id);
                fixture.CodeDeploy.Update(id, d => d with { RollbackInfo = new RollbackInfo("d-RB7", null, null) });
            }
        };
        var context = fixture.Context(OperationCommand.Rollback) with { GroupRollsBack = true, Time = new EcsDeploy.Tests.Integration.VirtualClock() };

        var exit = await OperationCommands.RunAsync(context, CancellationToken.None);

        Assert.Equal(1, exit);
        Assert.Equal(["d-NEW100", "[rollback] d-RB7"], fixture.Follower.Followed);
        Assert.Equal("d-RB7", fixture.Outputs.Values["rollback-deployment-id"]);
    }

    [Fact]
    public async Task Rollback_NewDeploymentFails_ExitsOneAndFollowsItsRollback()
    {
        var fixture = new OperationFixture("web:3");
        fixture.CodeDeploy.Add("d-2", DeploymentStatus.Succeeded, Arn("web:2"));
        fixture.CodeDeploy.Add("d-3", DeploymentStatus.Succeeded, Arn("web:3"));
        fixture.Follower.Endings["d-NEW100"] = DeploymentStatus.Failed;

        var exit = await fixture.RunAsync(OperationCommand.Rollback);

        Assert.Equal(1, exit);
        Assert.Equal("Deployment d-NEW100: Failed. No rollback ran; check which task set serves the service.", Assert.Single(fixture.Log.Messages("error")));
        Assert.Equal("false", fixture.Outputs.Values["rolled-back"]);
    }

    [Fact]
    public async Task Stop_NothingInProgress_NoticeAndExitZero()
    {
        var fixture = new OperationFixture();
        fixture.CodeDeploy.Add("d-3", DeploymentStatus.Succeeded, Arn("web:3"));

        var exit = await fixture.RunAsync(OperationCommand.Stop);

        Assert.Equal(0, exit);
        Assert.Equal("No deployment of group 'AppECS-prod-web/DgpECS-prod-web' is in progress; nothing to stop.", Assert.Single(fixture.Log.Messages("notice")));
        Assert.DoesNotContain(fixture.CodeDeploy.Calls, c => c.StartsWith("StopDeployment", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stop_WithoutRollback_StopsAndFollowsNoRollback()
    {
        var fixture = new OperationFixture();
        fixture.CodeDeploy.Add("d-4", DeploymentStatus.Ready, Arn("web:4"));

        var exit = await fixture.RunAsync(OperationCommand.Stop, i => i with { RollbackOnStop = false });

        Assert.Equal(0, exit);
        Assert.Contains("StopDeployment d-4 rollback=False", fixture.CodeDeploy.Calls);
        Assert.Equal(["d-4"], fixture.Follower.Followed);
        Assert.StartsWith("Deployment d-4 stopped without rollback", Assert.Single(fixture.Log.Messages("notice")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stop_RollbackFails_ExitsOne()
    {
        var fixture = new OperationFixture();
        fixture.CodeDeploy.Add("d-4", DeploymentStatus.InProgress, Arn("web:4"));
        fixture.Follower.Endings["d-RB100"] = DeploymentStatus.Failed;

        var exit = await fixture.RunAsync(OperationCommand.Stop);

        Assert.Equal(1, exit);
        Assert.Equal("Deployment d-4 Stopped. Rollback d-RB100 itself ended Failed; check the service in the console.", Assert.Single(fixture.Log.Messages("error")));
        Assert.Equal("true", fixture.Outputs.Values["rolled-back"]);
    }

    [Fact]
    public async Task Stop_ActiveIsCodeDeploysRollback_FollowsItWithoutStopping()
    {
        var fixture = new OperationFixture();
        fixture.CodeDeploy.Add("d-4", DeploymentStatus.Failed, Arn("web:4"));
        fixture.CodeDeploy.Add("d-5", DeploymentStatus.InProgress, Arn("web:3"), rollbackOf: "d-4");

        var exit = await fixture.RunAsync(OperationCommand.Stop);

        Assert.Equal(0, exit);
        Assert.DoesNotContain(fixture.CodeDeploy.Calls, c => c.StartsWith("StopDeployment", StringComparison.Ordinal));
        Assert.Equal(["d-4", "[rollback] d-5"], fixture.Follower.Followed);
        Assert.Contains("Deployment d-5 is CodeDeploy's rollback of deployment d-4; following it instead of stopping it.", fixture.Log.Messages("info"));
    }

    [Fact]
    public async Task Stop_DeploymentSucceededFirst_ExitsOneSayingRollback()
    {
        var fixture = new OperationFixture();
        fixture.CodeDeploy.Add("d-4", DeploymentStatus.InProgress, Arn("web:4"));
        fixture.CodeDeploy.StopError = new EcsDeploy.Aws.AwsServiceException("codedeploy", "StopDeployment", "DeploymentAlreadyCompletedException", "The deployment d-4 has already completed.", null, 400);

        var exit = await fixture.RunAsync(OperationCommand.Stop);

        Assert.Equal(1, exit);
        Assert.Equal("Deployment d-4 succeeded before the stop took effect, so its revision is serving; run operation 'rollback' to go back to the previous one.", Assert.Single(fixture.Log.Messages("error")));
    }

    [Fact]
    public async Task Continue_AtReadyWait_PromotesAndFollows()
    {
        var fixture = new OperationFixture();
        fixture.CodeDeploy.Add("d-4", DeploymentStatus.Ready, Arn("web:4"));

        var exit = await fixture.RunAsync(OperationCommand.Continue);

        Assert.Equal(0, exit);
        Assert.Contains("ContinueDeployment d-4 READY_WAIT", fixture.CodeDeploy.Calls);
        Assert.Equal(["d-4"], fixture.Follower.Followed);
    }

    [Fact]
    public async Task Continue_CancelledWhilePromoting_StopsThePromotedDeployment()
    {
        var fixture = new OperationFixture();
        fixture.CodeDeploy.Add("d-4", DeploymentStatus.Ready, Arn("web:4"));
        using var cancellation = new CancellationTokenSource();
        fixture.CodeDeploy.OnCreated = cancellation.Cancel;

        var exit = await fixture.RunAsync(OperationCommand.Continue, cancellationToken: cancellation.Token);

        Assert.Equal(130, exit);
        Assert.Contains("StopDeployment d-4 rollback=True", fixture.CodeDeploy.Calls);
    }

    [Fact]
    public async Task Continue_InTerminationWait_EndsTheWait()
    {
        var fixture = new OperationFixture();
        fixture.CodeDeploy.Add("d-4", DeploymentStatus.InProgress, Arn("web:4"));
        fixture.CodeDeploy.Update("d-4", d => d with { InstanceTerminationWaitTimeStarted = true });

        var exit = await fixture.RunAsync(OperationCommand.Continue);

        Assert.Equal(0, exit);
        Assert.Contains("ContinueDeployment d-4 TERMINATION_WAIT", fixture.CodeDeploy.Calls);
    }

    [Fact]
    public async Task Continue_NotWaiting_FailsWithoutCallingContinue()
    {
        var fixture = new OperationFixture();
        fixture.CodeDeploy.Add("d-4", DeploymentStatus.InProgress, Arn("web:4"));

        var exit = await fixture.RunAsync(OperationCommand.Continue);

        Assert.Equal(4, exit);
        Assert.StartsWith("Deployment d-4 (InProgress) is not waiting", Assert.Single(fixture.Log.Messages("error")), StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.CodeDeploy.Calls, c => c.StartsWith("ContinueDeployment", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Status_ActiveDeployment_PrintsLifecycleAndTrafficAndExitsZero()
    {
        var fixture = new OperationFixture();
        fixture.CodeDeploy.Add("d-3", DeploymentStatus.Succeeded, Arn("web:3"));
        fixture.CodeDeploy.Add("d-4", DeploymentStatus.Ready, Arn("web:4"));

        var exit = await fixture.RunAsync(OperationCommand.Status);

        Assert.Equal(0, exit);
        Assert.Equal(
        [
            "Deployment group 'AppECS-prod-web/DgpECS-prod-web': deployment in progress is d-4",
            "  Status: Ready",
            "  Task definition: web:4",
            "  Install: Succeeded (1m 05s)",
            "  Traffic: blue 100% / green 0%",
            "  Waiting at the ready wait: promote it with operation 'continue', or stop it with operation 'stop'.",
        ], fixture.Log.Messages("info"));
        Assert.Equal("Ready", fixture.Outputs.Values["deployment-status"]);
        Assert.Contains("| Install | Succeeded | 1m 05s |", Assert.Single(fixture.Outputs.Markdown), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_NoDeployments_SaysSoAndExitsZero()
    {
        var fixture = new OperationFixture();

        var exit = await fixture.RunAsync(OperationCommand.Status);

        Assert.Equal(0, exit);
        Assert.Equal("Deployment group 'AppECS-prod-web/DgpECS-prod-web' has no deployments yet.", Assert.Single(fixture.Log.Messages("info")));
    }
}
