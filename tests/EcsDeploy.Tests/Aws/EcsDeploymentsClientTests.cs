using System.Net;
using System.Text.Json.Nodes;

namespace EcsDeploy.Tests.Aws;

public sealed class EcsDeploymentsClientTests
{
    [Fact]
    public async Task DescribeServiceDeployments_BlueGreenInProgress_ParsesStageWeightsHooksAndMonitors()
    {
        var handler = new FakeAwsHandler().Respond(HttpStatusCode.OK, """
            {"serviceDeployments":[{"serviceDeploymentArn":"arn:aws:ecs:us-east-1:1:service-deployment/prod/web/abc",
              "status":"IN_PROGRESS","lifecycleStage":"PRODUCTION_TRAFFIC_SHIFT","createdAt":1700000000,
              "targetServiceRevision":{"arn":"arn:rev:2","requestedTaskCount":2,"runningTaskCount":2,"pendingTaskCount":0,
                "requestedProductionTrafficWeight":10.0,"requestedTestTrafficWeight":100.0},
              "sourceServiceRevisions":[{"arn":"arn:rev:1","requestedTaskCount":2,"runningTaskCount":2,"pendingTaskCount":0}],
              "lifecycleHookDetails":[{"hookId":"h-1","targetType":"PAUSE","status":"AWAITING_ACTION","expiresAt":1700000600,"timeoutAction":"ROLLBACK"}],
              "deploymentConfiguration":{"strategy":"CANARY","bakeTimeInMinutes":5,"canaryConfiguration":{"canaryPercent":10.0,"canaryBakeTimeInMinutes":3}},
              "deploymentCircuitBreaker":{"status":"MONITORING","failureCount":1,"threshold":3},
              "alarms":{"status":"TRIGGERED","alarmNames":["web-5xx"],"triggeredAlarmNames":["web-5xx"]}}],
             "failures":[{"arn":"arn:unknown","reason":"MISSING"}]}
            """);
        using var apis = TestClients.Create(handler);

        var result = await apis.EcsDeployments.DescribeServiceDeploymentsAsync(["arn:aws:ecs:us-east-1:1:service-deployment/prod/web/abc", "arn:unknown"], CancellationToken.None);

        var deployment = Assert.Single(result.ServiceDeployments);
        Assert.Equal("PRODUCTION_TRAFFIC_SHIFT", deployment.LifecycleStage);
        Assert.Equal(10.0, deployment.TargetServiceRevision!.RequestedProductionTrafficWeight);
        Assert.Equal("AWAITING_ACTION", deployment.LifecycleHookDetails![0].Status);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1700000600), deployment.LifecycleHookDetails[0].ExpiresAt);
        Assert.Equal(3, deployment.DeploymentConfiguration!.CanaryConfiguration!.CanaryBakeTimeInMinutes);
        Assert.Equal(1, deployment.DeploymentCircuitBreaker!.FailureCount);
        Assert.Equal(["web-5xx"], deployment.Alarms!.TriggeredAlarmNames);
        Assert.Equal("MISSING", Assert.Single(result.Failures).Reason);
        Assert.Equal("""{"serviceDeploymentArns":["arn:aws:ecs:us-east-1:1:service-deployment/prod/web/abc","arn:unknown"]}""", handler.Requests[0].BodyText);
    }

    [Fact]
    public async Task ListServiceDeployments_Filters_SentAsTheModelNamesThem()
    {
        var handler = new FakeAwsHandler().Respond(HttpStatusCode.OK, """
            {"serviceDeployments":[{"serviceDeploymentArn":"arn:sd:1","targetServiceRevisionArn":"arn:rev:2","status":"PENDING","createdAt":1700000001}],"nextToken":"t2"}
            """);
        using var apis = TestClients.Create(handler);

        var page = await apis.EcsDeployments.ListServiceDeploymentsAsync(new() { Service = "web", Cluster = "prod", CreatedAt = new(null, DateTimeOffset.FromUnixTimeSeconds(1700000000)) }, CancellationToken.None);

        Assert.Equal("arn:rev:2", Assert.Single(page.ServiceDeployments).TargetServiceRevisionArn);
        Assert.Equal("t2", page.NextToken);
        Assert.Equal("AmazonEC2ContainerServiceV20141113.ListServiceDeployments", handler.Requests[0].Header("X-Amz-Target"));
        var body = JsonNode.Parse(handler.Requests[0].BodyText)!;
        Assert.Equal("web", (string?)body["service"]);
        Assert.Equal(1700000000, (long)body["createdAt"]!["after"]!);
        Assert.Null(body["createdAt"]!["before"]);
    }

    [Fact]
    public async Task ListTasks_SeveralPages_ReturnsEveryArn()
    {
        var handler = new FakeAwsHandler()
            .Respond(HttpStatusCode.OK, """{"taskArns":["arn:task:1"],"nextToken":"n1"}""")
            .Respond(HttpStatusCode.OK, """{"taskArns":["arn:task:2"]}""");
        using var apis = TestClients.Create(handler);

        var arns = await apis.EcsDeployments.ListTasksAsync(new() { Cluster = "prod", ServiceName = "web", DesiredStatus = "STOPPED" }, CancellationToken.None);

        Assert.Equal(["arn:task:1", "arn:task:2"], arns);
        Assert.Contains("\"nextToken\":\"n1\"", handler.Requests[1].BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DescribeServices_EcsController_ParsesDeploymentsEventsAndConfiguration()
    {
        var handler = new FakeAwsHandler().Respond(HttpStatusCode.OK, """
            {"services":[{"serviceArn":"arn:svc","serviceName":"web","status":"ACTIVE","deploymentController":{"type":"ECS"},
              "deploymentConfiguration":{"strategy":"BLUE_GREEN","bakeTimeInMinutes":10,"deploymentCircuitBreaker":{"enable":true,"rollback":true}},
              "deployments":[{"id":"ecs-svc/1","status":"PRIMARY","taskDefinition":"arn:td:2","desiredCount":2,"runningCount":1,"pendingCount":1,"failedTasks":1,"rolloutState":"IN_PROGRESS","rolloutStateReason":"ECS deployment ecs-svc/1 in progress."}],
              "events":[{"id":"e-2","createdAt":1700000010,"message":"(service web) has started 1 tasks: (task 1)."}],
              "currentServiceDeployment":"arn:sd:1"}]}
            """);
        using var apis = TestClients.Create(handler);

        var service = (await apis.Ecs.DescribeServiceAsync("prod", "web", CancellationToken.None))!;

        Assert.Equal("BLUE_GREEN", service.DeploymentConfiguration!.Strategy);
        Assert.True(service.DeploymentConfiguration.DeploymentCircuitBreaker!.Rollback);
        Assert.Equal("IN_PROGRESS", service.Deployments![0].RolloutState);
        Assert.Equal(1, service.Deployments[0].FailedTasks);
        Assert.Equal("e-2", service.Events![0].Id);
        Assert.Equal("arn:sd:1", service.CurrentServiceDeployment);
    }
}
