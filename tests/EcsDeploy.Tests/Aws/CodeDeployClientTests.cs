using System.Net;
using System.Text.Json.Nodes;
using EcsDeploy.Aws.CodeDeploy;

namespace EcsDeploy.Tests.Aws;

public sealed class CodeDeployClientTests
{
    private const string GetDeploymentJson = """
        {
          "deploymentInfo": {
            "applicationName": "web-app",
            "deploymentGroupName": "web-dg",
            "deploymentConfigName": "CodeDeployDefault.ECSAllAtOnce",
            "deploymentId": "d-ABCDEF123",
            "previousRevision": {
              "revisionType": "AppSpecContent",
              "appSpecContent": { "sha256": "0a1b" }
            },
            "revision": {
              "revisionType": "AppSpecContent",
              "appSpecContent": { "content": "version: 0.0", "sha256": "9f86d08" }
            },
            "status": "Failed",
            "errorInformation": { "code": "ECS_UPDATE_ERROR", "message": "The ECS service cannot be updated." },
            "createTime": 1700000000.123,
            "startTime": 1700000001.5,
            "completeTime": 1700000300,
            "deploymentOverview": { "Pending": 0, "InProgress": 0, "Succeeded": 0, "Failed": 1, "Skipped": 0, "Ready": 0 },
            "description": "Deployed by the workflow",
            "creator": "user",
            "ignoreApplicationStopFailures": false,
            "autoRollbackConfiguration": { "enabled": true, "events": ["DEPLOYMENT_FAILURE"] },
            "updateOutdatedInstancesOnly": false,
            "rollbackInfo": { "rollbackDeploymentId": "d-ROLLBACK1", "rollbackMessage": "Automatic rollback triggered" },
            "deploymentStyle": { "deploymentType": "BLUE_GREEN", "deploymentOption": "WITH_TRAFFIC_CONTROL" },
            "instanceTerminationWaitTimeStarted": false,
            "blueGreenDeploymentConfiguration": {
              "terminateBlueInstancesOnDeploymentSuccess": { "action": "TERMINATE", "terminationWaitTimeInMinutes": 5 },
              "deploymentReadyOption": { "actionOnTimeout": "CONTINUE_DEPLOYMENT", "waitTimeInMinutes": 0 }
            },
            "fileExistsBehavior": "DISALLOW",
            "deploymentStatusMessages": [],
            "computePlatform": "ECS"
          }
        }
        """;

    private const string GetDeploymentTargetJson = """
        {
          "deploymentTarget": {
            "deploymentTargetType": "ECSTarget",
            "ecsTarget": {
              "deploymentId": "d-ABCDEF123",
              "targetId": "prod:web",
              "targetArn": "arn:aws:ecs:us-east-1:123456789012:service/prod/web",
              "lastUpdatedAt": "2023-11-14T22:15:00.250Z",
              "lifecycleEvents": [
                { "lifecycleEventName": "BeforeInstall", "startTime": 1700000002, "endTime": 1700000003.25, "status": "Succeeded" },
                { "lifecycleEventName": "Install", "startTime": 1700000004, "status": "Failed",
                  "diagnostics": { "errorCode": "ScriptFailed", "scriptName": "", "message": "Tasks failed to start.", "logTail": "" } },
                { "lifecycleEventName": "AfterInstall", "status": "Pending" }
              ],
              "status": "Failed",
              "taskSetsInfo": [
                { "identifer": "ecs-svc/111", "desiredCount": 2, "pendingCount": 0, "runningCount": 2, "status": "PRIMARY",
                  "trafficWeight": 100.0, "targetGroup": { "name": "web-blue" }, "taskSetLabel": "Blue" },
                { "identifer": "ecs-svc/222", "desiredCount": 2, "pendingCount": 1, "runningCount": 0, "status": "ACTIVE",
                  "trafficWeight": 0.0, "targetGroup": { "name": "web-green" }, "taskSetLabel": "Green" }
              ]
            }
          }
        }
        """;

    [Fact]
    public async Task CreateDeployment_Request_SerializesCamelCaseWithoutNulls()
    {
        var handler = new FakeAwsHandler().Respond(HttpStatusCode.OK, """{"deploymentId":"d-NEW"}""");
        using var apis = TestClients.Create(handler);

        var id = await apis.CodeDeploy.CreateDeploymentAsync(new CreateDeploymentRequest
        {
            ApplicationName = "web-app",
            DeploymentGroupName = "web-dg",
            Revision = new RevisionLocation { AppSpecContent = new AppSpecContent("version: 0.0\n", "abc123") },
            Description = "from CI",
        }, CancellationToken.None);

        Assert.Equal("d-NEW", id);
        var request = Assert.Single(handler.Requests);
        Assert.Equal("CodeDeploy_20141006.CreateDeployment", request.Header("X-Amz-Target"));
        Assert.Equal("https://codedeploy.us-east-1.amazonaws.com/", request.Uri.AbsoluteUri);
        Assert.Contains("/us-east-1/codedeploy/aws4_request", request.Header("Authorization"), StringComparison.Ordinal);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            {
              "applicationName": "web-app",
              "deploymentGroupName": "web-dg",
              "revision": { "revisionType": "AppSpecContent", "appSpecContent": { "content": "version: 0.0\n", "sha256": "abc123" } },
              "description": "from CI"
            }
            """), JsonNode.Parse(request.BodyText)), request.BodyText);
    }

    [Fact]
    public async Task GetDeployment_RealisticResponse_ParsesEveryMemberUsed()
    {
        var handler = new FakeAwsHandler().Respond(HttpStatusCode.OK, GetDeploymentJson);
        using var apis = TestClients.Create(handler);

        var info = await apis.CodeDeploy.GetDeploymentAsync("d-ABCDEF123", CancellationToken.None);

        Assert.Equal("""{"deploymentId":"d-ABCDEF123"}""", handler.Requests[0].BodyText);
        Assert.Equal("d-ABCDEF123", info.DeploymentId);
        Assert.Equal(DeploymentStatus.Failed, info.Status);
        Assert.Equal(new ErrorInformation("ECS_UPDATE_ERROR", "The ECS service cannot be updated."), info.ErrorInformation);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123), info.CreateTime);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_001_500), info.StartTime);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_700_000_300), info.CompleteTime);
        Assert.Equal(1, info.DeploymentOverview!.Failed);
        Assert.Equal("d-ROLLBACK1", info.RollbackInfo!.RollbackDeploymentId);
        Assert.Equal("TERMINATE", info.BlueGreenDeploymentConfiguration!.TerminateBlueInstancesOnDeploymentSuccess!.Action);
        Assert.Equal(5, info.BlueGreenDeploymentConfiguration.TerminateBlueInstancesOnDeploymentSuccess.TerminationWaitTimeInMinutes);
        Assert.Equal("CONTINUE_DEPLOYMENT", info.BlueGreenDeploymentConfiguration.DeploymentReadyOption!.ActionOnTimeout);
        Assert.Equal("9f86d08", info.Revision!.AppSpecContent!.Sha256);
        Assert.Equal("ECS", info.ComputePlatform);
    }

    [Fact]
    public async Task GetDeploymentTarget_EcsTarget_ParsesLifecycleEventsAndTaskSets()
    {
        var handler = new FakeAwsHandler().Respond(HttpStatusCode.OK, GetDeploymentTargetJson);
        using var apis = TestClients.Create(handler);

        var target = await apis.CodeDeploy.GetDeploymentTargetAsync("d-ABCDEF123", "prod:web", CancellationToken.None);

        Assert.Equal("""{"deploymentId":"d-ABCDEF123","targetId":"prod:web"}""", handler.Requests[0].BodyText);
        Assert.NotNull(target);
        Assert.NotNull(target.LifecycleEvents);
        Assert.Equal(new DateTimeOffset(2023, 11, 14, 22, 15, 0, 250, TimeSpan.Zero), target.LastUpdatedAt);
        Assert.Equal(["BeforeInstall", "Install", "AfterInstall"], target.LifecycleEvents.Select(e => e.LifecycleEventName));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_003_250), target.LifecycleEvents[0].EndTime);
        Assert.Equal("Tasks failed to start.", target.LifecycleEvents[1].Diagnostics!.Message);
        Assert.Null(target.LifecycleEvents[2].StartTime);
        Assert.Equal("ecs-svc/222", target.TaskSetsInfo![1].Identifer);
        Assert.Equal("web-green", target.TaskSetsInfo[1].TargetGroup!.Name);
        Assert.Equal(100.0, target.TaskSetsInfo[0].TrafficWeight);
        Assert.Equal("Green", target.TaskSetsInfo[1].TaskSetLabel);
    }

    [Fact]
    public async Task GetDeploymentTarget_LambdaTarget_IsNull()
    {
        var handler = new FakeAwsHandler().Respond(HttpStatusCode.OK, """{"deploymentTarget":{"deploymentTargetType":"LambdaTarget","lambdaTarget":{}}}""");
        using var apis = TestClients.Create(handler);

        Assert.Null(await apis.CodeDeploy.GetDeploymentTargetAsync("d-1", "fn", CancellationToken.None));
    }

    [Fact]
    public async Task ListDeploymentTargets_TwoPages_FollowsNextToken()
    {
        var handler = new FakeAwsHandler()
            .Respond(HttpStatusCode.OK, """{"targetIds":["a"],"nextToken":"t1"}""")
            .Respond(HttpStatusCode.OK, """{"targetIds":["b","c"]}""");
        using var apis = TestClients.Create(handler);

        var targets = await apis.CodeDeploy.ListDeploymentTargetsAsync("d-1", CancellationToken.None);

        Assert.Equal(["a", "b", "c"], targets);
        Assert.Equal("""{"deploymentId":"d-1"}""", handler.Requests[0].BodyText);
        Assert.Equal("""{"deploymentId":"d-1","nextToken":"t1"}""", handler.Requests[1].BodyText);
    }

    [Fact]
    public async Task ListDeployments_PagesAndStatuses_KeepsServiceOrder()
    {
        var handler = new FakeAwsHandler()
            .Respond(HttpStatusCode.OK, """{"deployments":["d-3","d-2"],"nextToken":"n"}""")
            .Respond(HttpStatusCode.OK, """{"deployments":["d-1"],"nextToken":""}""");
        using var apis = TestClients.Create(handler);

        var ids = await apis.CodeDeploy.ListDeploymentsAsync("app", "dg", [DeploymentStatus.InProgress, DeploymentStatus.Ready], CancellationToken.None);

        Assert.Equal(["d-3", "d-2", "d-1"], ids);
        Assert.Equal("""{"applicationName":"app","deploymentGroupName":"dg","includeOnlyStatuses":["InProgress","Ready"]}""", handler.Requests[0].BodyText);
        Assert.EndsWith(""","nextToken":"n"}""", handler.Requests[1].BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StopDeployment_Response_ReturnsStatusAndMessage()
    {
        var handler = new FakeAwsHandler().Respond(HttpStatusCode.OK, """{"status":"Pending","statusMessage":"Stopping"}""");
        using var apis = TestClients.Create(handler);

        var (status, message) = await apis.CodeDeploy.StopDeploymentAsync("d-1", true, CancellationToken.None);

        Assert.Equal(("Pending", "Stopping"), (status, message));
        Assert.Equal("""{"deploymentId":"d-1","autoRollbackEnabled":true}""", handler.Requests[0].BodyText);
    }

    [Fact]
    public async Task ContinueDeployment_EmptyBody_Succeeds()
    {
        var handler = new FakeAwsHandler().Respond((_, _) => new HttpResponseMessage(HttpStatusCode.OK));
        using var apis = TestClients.Create(handler);

        await apis.CodeDeploy.ContinueDeploymentAsync("d-1", "READY_WAIT", CancellationToken.None);

        Assert.Equal("""{"deploymentId":"d-1","deploymentWaitType":"READY_WAIT"}""", handler.Requests[0].BodyText);
        Assert.Equal("CodeDeploy_20141006.ContinueDeployment", handler.Requests[0].Header("X-Amz-Target"));
    }

    [Fact]
    public async Task GetDeploymentGroup_Response_ParsesGroup()
    {
        var handler = new FakeAwsHandler().Respond(HttpStatusCode.OK, """
            {"deploymentGroupInfo":{"applicationName":"app","deploymentGroupName":"dg","computePlatform":"ECS",
             "ecsServices":[{"serviceName":"web","clusterName":"prod"}],
             "deploymentStyle":{"deploymentType":"BLUE_GREEN","deploymentOption":"WITH_TRAFFIC_CONTROL"},
             "lastAttemptedDeployment":{"deploymentId":"d-9","status":"Succeeded","endTime":1700000000,"createTime":1699999000}}}
            """);
        using var apis = TestClients.Create(handler);

        var group = await apis.CodeDeploy.GetDeploymentGroupAsync("app", "dg", CancellationToken.None);

        Assert.Equal(new EcsServiceRef("web", "prod"), Assert.Single(group.EcsServices!));
        Assert.Equal("BLUE_GREEN", group.DeploymentStyle!.DeploymentType);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), group.LastAttemptedDeployment!.EndTime);
        Assert.Equal("""{"applicationName":"app","deploymentGroupName":"dg"}""", handler.Requests[0].BodyText);
    }
}
