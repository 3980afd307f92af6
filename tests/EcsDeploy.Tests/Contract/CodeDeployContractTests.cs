using System.Security.Cryptography;
using System.Text;
using EcsDeploy.Aws.CodeDeploy;
using EcsDeploy.Sandbox.CodeDeploy;
using EcsDeploy.Sandbox.State;

namespace EcsDeploy.Tests.Contract;

/// <summary>The CodeDeploy operations the action uses, through the real client against the sandbox.</summary>
public sealed class CodeDeployContractTests
{
    private const string TargetId = "prod:web";

    private static string AppSpec(string taskDefinitionArn) => $"""
        version: 0.0
        Resources:
          - TargetService:
              Type: AWS::ECS::Service
              Properties:
                TaskDefinition: "{taskDefinitionArn}"
                LoadBalancerInfo:
                  ContainerName: web
                  ContainerPort: 8080
        """;

    private static CreateDeploymentRequest Request(string taskDefinitionArn)
    {
        var content = AppSpec(taskDefinitionArn);
        return new CreateDeploymentRequest
        {
            ApplicationName = ContractSandbox.Application,
            DeploymentGroupName = ContractSandbox.Group,
            Revision = new RevisionLocation { AppSpecContent = new AppSpecContent(content, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)))) },
            Description = "web v2 from contract tests",
        };
    }

    // Registers web:2 and starts a deployment of it; the request log is cleared afterwards.
    private static async Task<(string Id, string Arn)> DeployV2Async(ContractSandbox sandbox)
    {
        var registered = await sandbox.Apis.Ecs.RegisterTaskDefinitionAsync(EcsContractTests.TaskDefinitionRequest(), CancellationToken.None);
        var id = await sandbox.Apis.CodeDeploy.CreateDeploymentAsync(Request(registered.Arn), CancellationToken.None);
        await sandbox.RequestsAsync(clear: true);
        return (id, registered.Arn);
    }

    private static DeploymentState Deployment(ContractSandbox sandbox, string id) => sandbox.Read(w => w.Deployments[id]);

    [Fact]
    public async Task GetDeploymentConfigAsync_BuiltInAndCustom_ParsesTheTrafficRouting()
    {
        await using var sandbox = await ContractSandbox.StartAsync();
        sandbox.Read(w => w.DeploymentConfigs["Linear20Every2"] = new DeploymentConfigState { Name = "Linear20Every2", Type = "TimeBasedLinear", Percentage = 20, IntervalMinutes = 2 });

        var canary = await sandbox.Apis.CodeDeploy.GetDeploymentConfigAsync("CodeDeployDefault.ECSCanary10Percent5Minutes", CancellationToken.None);
        var body = await sandbox.SingleValidRequestAsync("codedeploy", "GetDeploymentConfig");
        var linear = await sandbox.Apis.CodeDeploy.GetDeploymentConfigAsync("Linear20Every2", CancellationToken.None);

        Assert.Equal("""{"deploymentConfigName":"CodeDeployDefault.ECSCanary10Percent5Minutes"}""", body.ToJsonString());
        Assert.Equal(new TrafficRoutingConfig("TimeBasedCanary", new TimeBasedCanary(10, 5), null), canary?.TrafficRoutingConfig);
        Assert.Equal(new TrafficRoutingConfig("TimeBasedLinear", null, new TimeBasedLinear(20, 2)), linear?.TrafficRoutingConfig);
        Assert.Equal(new EcsDeploy.CodeDeploy.TrafficRouting(4, TimeSpan.FromMinutes(2)), EcsDeploy.CodeDeploy.TrafficRouting.Of(linear?.TrafficRoutingConfig));
        var missing = await Assert.ThrowsAsync<EcsDeploy.Aws.AwsServiceException>(() => sandbox.Apis.CodeDeploy.GetDeploymentConfigAsync("nope", CancellationToken.None));
        Assert.Equal("DeploymentConfigDoesNotExistException", missing.ErrorCode);
    }

    [Fact]
    public async Task GetDeploymentGroupAsync_ExampleGroup_ParsesWorldGroup()
    {
        await using var sandbox = await ContractSandbox.StartAsync();

        var group = await sandbox.Apis.CodeDeploy.GetDeploymentGroupAsync(ContractSandbox.Application, ContractSandbox.Group, CancellationToken.None);

        var body = await sandbox.SingleValidRequestAsync("codedeploy", "GetDeploymentGroup");
        Assert.Equal("""{"applicationName":"AppECS-prod-web","deploymentGroupName":"DgpECS-prod-web"}""", body.ToJsonString());
        var expected = sandbox.Read(w => w.Applications[ContractSandbox.Application].Groups[ContractSandbox.Group]);
        Assert.Equal((expected.Id, expected.Name, expected.DeploymentConfigName, expected.ServiceRoleArn), (group.DeploymentGroupId, group.DeploymentGroupName, group.DeploymentConfigName, group.ServiceRoleArn));
        Assert.Equal("CodeDeployDefault.ECSCanary10Percent5Minutes", group.DeploymentConfigName);
        Assert.Equal("ECS", group.ComputePlatform);
        Assert.Equal(new DeploymentStyle("BLUE_GREEN", "WITH_TRAFFIC_CONTROL"), group.DeploymentStyle);
        Assert.True(group.AutoRollbackConfiguration!.Enabled);
        Assert.Equal(expected.AutoRollbackEvents, group.AutoRollbackConfiguration.Events);
        Assert.False(group.AlarmConfiguration!.Enabled);
        Assert.Equal(new DeploymentReadyOption(expected.ReadyAction, expected.ReadyWaitMinutes), group.BlueGreenDeploymentConfiguration!.DeploymentReadyOption);
        Assert.Equal(new BlueInstanceTerminationOption("TERMINATE", expected.TerminationWaitMinutes), group.BlueGreenDeploymentConfiguration.TerminateBlueInstancesOnDeploymentSuccess);
        var pair = Assert.Single(group.LoadBalancerInfo!.TargetGroupPairInfoList!);
        Assert.Equal(expected.TargetGroups, pair.TargetGroups!.Select(t => t.Name));
        Assert.Equal(expected.ProdListenerArns, pair.ProdTrafficRoute!.ListenerArns);
        Assert.Equal(expected.TestListenerArns, pair.TestTrafficRoute!.ListenerArns);
        Assert.Equal([new EcsServiceRef("web", "prod")], group.EcsServices);
        Assert.Null(group.LastAttemptedDeployment);
    }

    [Fact]
    public async Task CreateDeploymentAsync_AppSpecForNewRevision_CreatesWorldDeploymentOfIt()
    {
        await using var sandbox = await ContractSandbox.StartAsync();
        var registered = await sandbox.Apis.Ecs.RegisterTaskDefinitionAsync(EcsContractTests.TaskDefinitionRequest(), CancellationToken.None);
        await sandbox.RequestsAsync(clear: true);
        var request = Request(registered.Arn);

        var id = await sandbox.Apis.CodeDeploy.CreateDeploymentAsync(request, CancellationToken.None);

        var body = await sandbox.SingleValidRequestAsync("codedeploy", "CreateDeployment");
        Assert.Equal("AppSpecContent", body["revision"]!["revisionType"]!.GetValue<string>());
        Assert.Equal(request.Revision.AppSpecContent!.Content, body["revision"]!["appSpecContent"]!["content"]!.GetValue<string>());
        Assert.Matches("^d-[A-Z0-9]{9}$", id);
        var deployment = Deployment(sandbox, id);
        Assert.Equal((registered.Arn, request.Revision.AppSpecContent.Sha256, "web v2 from contract tests"), (deployment.TaskDefinitionArn, deployment.AppSpecSha256, deployment.Description));
        Assert.EndsWith("task-definition/web:1", deployment.PreviousTaskDefinitionArn, StringComparison.Ordinal);
        Assert.Equal((ContractSandbox.Application, ContractSandbox.Group), (deployment.ApplicationName, deployment.GroupName));
    }

    [Fact]
    public async Task GetDeploymentAsync_FinishedDeployment_ParsesWorldStatusAndTimes()
    {
        await using var sandbox = await ContractSandbox.StartAsync();
        var (id, _) = await DeployV2Async(sandbox);
        sandbox.AdvanceSimulated(TimeSpan.FromMinutes(10));

        var info = await sandbox.Apis.CodeDeploy.GetDeploymentAsync(id, CancellationToken.None);

        var body = await sandbox.SingleValidRequestAsync("codedeploy", "GetDeployment");
        Assert.Equal(id, body["deploymentId"]!.GetValue<string>());
        var expected = Deployment(sandbox, id);
        Assert.Equal(DeploymentStatus.Succeeded, expected.Status);
        Assert.Equal((id, expected.Status, expected.ConfigName, expected.Description), (info.DeploymentId, info.Status, info.DeploymentConfigName, info.Description));
        Assert.Equal(expected.CreateTime, info.CreateTime);
        Assert.Equal(expected.StartTime, info.StartTime);
        Assert.Equal(expected.CompleteTime, info.CompleteTime);
        Assert.InRange(info.CompleteTime!.Value, info.StartTime!.Value, ContractSandbox.Start.AddMinutes(10));
        Assert.Equal(1, info.DeploymentOverview!.Succeeded);
        Assert.Equal(expected.AppSpecContent, info.Revision!.AppSpecContent!.Content);
        Assert.Null(info.ErrorInformation);
        Assert.Null(info.RollbackInfo);
    }

    [Fact]
    public async Task GetDeploymentAsync_HookFailure_ParsesErrorAndRollbackFromWorld()
    {
        await using var sandbox = await ContractSandbox.StartAsync("hook-failure-rollback.yaml");
        var (id, _) = await DeployV2Async(sandbox);
        sandbox.AdvanceSimulated(TimeSpan.FromMinutes(10));

        var info = await sandbox.Apis.CodeDeploy.GetDeploymentAsync(id, CancellationToken.None);

        await sandbox.SingleValidRequestAsync("codedeploy", "GetDeployment");
        var expected = Deployment(sandbox, id);
        Assert.Equal((DeploymentStatus.Failed, expected.Status), (info.Status, expected.Status));
        Assert.Equal(new ErrorInformation(expected.ErrorCode, expected.ErrorMessage), info.ErrorInformation);
        Assert.NotNull(expected.RollbackDeploymentId);
        Assert.Equal(expected.RollbackDeploymentId, info.RollbackInfo?.RollbackDeploymentId);
    }

    [Fact]
    public async Task ListDeploymentTargetsAsync_StartedDeployment_ReturnsItsEcsTarget()
    {
        await using var sandbox = await ContractSandbox.StartAsync();
        var (id, _) = await DeployV2Async(sandbox);
        sandbox.AdvanceSimulated(TimeSpan.FromSeconds(30));

        var targets = await sandbox.Apis.CodeDeploy.ListDeploymentTargetsAsync(id, CancellationToken.None);

        var body = await sandbox.SingleValidRequestAsync("codedeploy", "ListDeploymentTargets");
        Assert.Equal(id, body["deploymentId"]!.GetValue<string>());
        var run = sandbox.Read(w => LifecycleEngine.RunOf(w.Deployments[id])!);
        Assert.Equal([CodeDeployViews.TargetId(run)], targets);
        Assert.Equal([TargetId], targets);
    }

    [Fact]
    public async Task GetDeploymentTargetAsync_DuringCanary_ParsesWorldLifecycleEventsAndTrafficWeights()
    {
        await using var sandbox = await ContractSandbox.StartAsync();
        var (id, _) = await DeployV2Async(sandbox);
        sandbox.AdvanceSimulated(TimeSpan.FromMinutes(3));

        var target = await sandbox.Apis.CodeDeploy.GetDeploymentTargetAsync(id, TargetId, CancellationToken.None);

        var body = await sandbox.SingleValidRequestAsync("codedeploy", "GetDeploymentTarget");
        Assert.Equal((id, TargetId), (body["deploymentId"]!.GetValue<string>(), body["targetId"]!.GetValue<string>()));
        Assert.NotNull(target);
        var (run, serviceArn) = sandbox.Read(w => (LifecycleEngine.RunOf(w.Deployments[id])!, w.Clusters["prod"].Services["web"].Arn));
        Assert.Equal((id, TargetId, serviceArn, run.TargetStatus), (target.DeploymentId, target.TargetId, target.TargetArn, target.Status));
        Assert.Equal(run.Events.Select(e => (e.Name, (string?)e.Status, e.StartTime, e.EndTime)),
            target.LifecycleEvents!.Select(e => (e.LifecycleEventName, e.Status, e.StartTime, e.EndTime)));
        Assert.Equal("Succeeded", target.LifecycleEvents!.Single(e => e.LifecycleEventName == "Install").Status);
        Assert.Equal("InProgress", target.LifecycleEvents!.Single(e => e.LifecycleEventName == "AllowTraffic").Status);
        var blue = target.TaskSetsInfo!.Single(t => t.TaskSetLabel == "Blue");
        var green = target.TaskSetsInfo!.Single(t => t.TaskSetLabel == "Green");
        Assert.Equal((run.Blue!.Id, run.Blue.TrafficWeight, run.Blue.Status), (blue.Identifer, blue.TrafficWeight, blue.Status));
        Assert.Equal((run.Green!.Id, run.Green.TrafficWeight, run.Green.Status), (green.Identifer, green.TrafficWeight, green.Status));
        Assert.Equal((90.0, 10.0), (blue.TrafficWeight, green.TrafficWeight));
        Assert.Equal(run.Green.TargetGroupName, green.TargetGroup?.Name);
    }

    [Fact]
    public async Task ListDeploymentsAsync_OnlyActiveStatuses_ReturnsWorldDeploymentsThatMatch()
    {
        await using var sandbox = await ContractSandbox.StartAsync();
        var (id, _) = await DeployV2Async(sandbox);
        sandbox.AdvanceSimulated(TimeSpan.FromSeconds(30));

        var active = await sandbox.Apis.CodeDeploy.ListDeploymentsAsync(ContractSandbox.Application, ContractSandbox.Group,
            [DeploymentStatus.Created, DeploymentStatus.Queued, DeploymentStatus.InProgress, DeploymentStatus.Ready], CancellationToken.None);

        var body = await sandbox.SingleValidRequestAsync("codedeploy", "ListDeployments");
        Assert.Equal("""["Created","Queued","InProgress","Ready"]""", body["includeOnlyStatuses"]!.ToJsonString());
        Assert.Equal((ContractSandbox.Application, ContractSandbox.Group), (body["applicationName"]!.GetValue<string>(), body["deploymentGroupName"]!.GetValue<string>()));
        Assert.Equal(DeploymentStatus.InProgress, Deployment(sandbox, id).Status);
        Assert.Equal([id], active);
    }

    [Fact]
    public async Task StopDeploymentAsync_WithRollback_ReturnsPendingAndWorldStartsRollback()
    {
        await using var sandbox = await ContractSandbox.StartAsync();
        var (id, _) = await DeployV2Async(sandbox);
        sandbox.AdvanceSimulated(TimeSpan.FromMinutes(2));

        var (status, message) = await sandbox.Apis.CodeDeploy.StopDeploymentAsync(id, autoRollbackEnabled: true, CancellationToken.None);

        var body = await sandbox.SingleValidRequestAsync("codedeploy", "StopDeployment");
        Assert.Equal($$"""{"deploymentId":"{{id}}","autoRollbackEnabled":true}""", body.ToJsonString());
        var stopped = Deployment(sandbox, id);
        Assert.Equal("Pending", status);
        Assert.NotNull(stopped.RollbackDeploymentId);
        Assert.Equal($"Deployment {id} stopped; rollback deployment {stopped.RollbackDeploymentId} started.", message);
        Assert.Equal(DeploymentStatus.Stopped, stopped.Status);
    }

    [Fact]
    public async Task ContinueDeploymentAsync_ReadyWait_MovesWorldDeploymentIntoTraffic()
    {
        var scenario = File.ReadAllText(ContractSandbox.Example("canary-success.yaml"));
        var waiting = scenario.Replace("readyWait: { action: CONTINUE_DEPLOYMENT, minutes: 0 }", "readyWait: { action: STOP_DEPLOYMENT, minutes: 0 }", StringComparison.Ordinal);
        Assert.NotEqual(scenario, waiting);
        await using var sandbox = await ContractSandbox.StartWithTextAsync(waiting);
        var (id, _) = await DeployV2Async(sandbox);
        sandbox.AdvanceSimulated(TimeSpan.FromMinutes(5));
        Assert.Equal(DeploymentStatus.Ready, (await sandbox.Apis.CodeDeploy.GetDeploymentAsync(id, CancellationToken.None)).Status);
        await sandbox.RequestsAsync(clear: true);

        await sandbox.Apis.CodeDeploy.ContinueDeploymentAsync(id, "READY_WAIT", CancellationToken.None);

        var body = await sandbox.SingleValidRequestAsync("codedeploy", "ContinueDeployment");
        Assert.Equal($$"""{"deploymentId":"{{id}}","deploymentWaitType":"READY_WAIT"}""", body.ToJsonString());
        var run = sandbox.Read(w => LifecycleEngine.RunOf(w.Deployments[id])!);
        Assert.Equal(DeploymentStatus.InProgress, Deployment(sandbox, id).Status);
        Assert.Equal("InProgress", run.Event("AllowTraffic")!.Status);
    }
}
