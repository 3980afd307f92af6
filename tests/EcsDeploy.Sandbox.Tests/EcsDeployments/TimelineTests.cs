using System.Text.Json.Nodes;
using static EcsDeploy.Sandbox.Tests.EcsDeployments.EcsDeploymentFixture;

namespace EcsDeploy.Sandbox.Tests.EcsDeployments;

// Each strategy's success timeline over HTTP on the virtual clock (durations: EcsDeployments/DeploymentTimings.cs).
public sealed class TimelineTests
{
    [Fact]
    public async Task DescribeServices_EcsServiceBeforeAnyUpdate_OneCompletedPrimaryDeploymentAndSteadyState()
    {
        await using var f = await StartExampleAsync("ecs-rolling");

        var service = await f.ServiceAsync();
        var listed = await f.Client.EcsAsync("ListServiceDeployments", new { cluster = "prod", service = "web" });

        var deployment = Assert.Single(service["deployments"]!.AsArray())!;
        Assert.Equal("PRIMARY", (string?)deployment["status"]);
        Assert.Equal("COMPLETED", (string?)deployment["rolloutState"]);
        Assert.Equal(TaskDefinitionV1, (string?)deployment["taskDefinition"]);
        Assert.Equal(2, (int)deployment["runningCount"]!);
        Assert.StartsWith("ecs-svc/", (string?)deployment["id"], StringComparison.Ordinal);
        Assert.Equal("(service web) has reached a steady state.", (string?)service["events"]![0]!["message"]);
        Assert.Equal("ROLLING", (string?)service["deploymentConfiguration"]!["strategy"]);
        var brief = Assert.Single(listed["serviceDeployments"]!.AsArray())!;
        Assert.Equal("SUCCESSFUL", (string?)brief["status"]);
        Assert.Equal((string?)service["currentServiceDeployment"], (string?)brief["serviceDeploymentArn"]);
        Assert.StartsWith("arn:aws:ecs:us-east-1:111122223333:service-deployment/prod/web/", (string?)brief["serviceDeploymentArn"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateService_Rolling_OneBatchWithinPercentagesThenSteadyState()
    {
        await using var f = await StartExampleAsync("ecs-rolling");

        var updated = await f.DeployV2Async();
        var arn = (string)updated["currentServiceDeployment"]!;
        var pending = await f.DeploymentAsync(arn);
        f.Wait(10);
        var during = await f.DeploymentAsync(arn);
        var serviceDuring = await f.ServiceAsync();
        var answers = await f.PollUntilDoneAsync(arn);
        var final = answers[^1];
        var service = await f.ServiceAsync();

        Assert.Equal("PENDING", (string?)pending["status"]);
        Assert.Equal("IN_PROGRESS", (string?)during["status"]);
        // minimumHealthyPercent 50 and maximumPercent 150 of 2 tasks: one old task stops, two new ones start.
        Assert.Equal(2, (int)during["targetServiceRevision"]!["requestedTaskCount"]!);
        Assert.Equal(2, (int)during["targetServiceRevision"]!["pendingTaskCount"]!);
        Assert.Equal(1, (int)during["sourceServiceRevisions"]![0]!["runningTaskCount"]!);
        Assert.Null(during["lifecycleStage"]);
        Assert.Null(during["targetServiceRevision"]!["requestedProductionTrafficWeight"]);
        Assert.Equal(["PRIMARY", "ACTIVE"], serviceDuring["deployments"]!.AsArray().Select(d => (string)d!["status"]!));
        Assert.Equal("IN_PROGRESS", (string?)serviceDuring["deployments"]![0]!["rolloutState"]);
        Assert.Equal(["PENDING", "IN_PROGRESS", "SUCCESSFUL"], Transitions([pending, .. answers], d => (string?)d["status"]));
        Assert.Equal(5 + 60, (double)final["finishedAt"]! - (double)final["createdAt"]!);
        Assert.Equal("MONITORING_COMPLETE", (string?)final["deploymentCircuitBreaker"]!["status"]);
        Assert.Equal(3, (int)final["deploymentCircuitBreaker"]!["threshold"]!);
        var primary = Assert.Single(service["deployments"]!.AsArray())!;
        Assert.Equal(TaskDefinitionV2, (string?)primary["taskDefinition"]);
        Assert.Equal("COMPLETED", (string?)primary["rolloutState"]);
        Assert.Equal(2, (int)service["runningCount"]!);
        var events = service["events"]!.AsArray().Select(e => (string)e!["message"]!).ToList();
        Assert.Equal("(service web) has reached a steady state.", events[0]);
        Assert.Matches(@"^\(service web\) \(deployment ecs-svc/\d{19}\) deployment completed\.$", events[1]);
        Assert.Matches(@"^\(service web\) has stopped 1 running tasks: \(task [0-9a-f]{32}\)\.$", events[2]);
        Assert.Equal(events.Count, service["events"]!.AsArray().Select(e => (string)e!["id"]!).Distinct().Count());
    }

    [Fact]
    public async Task UpdateService_BlueGreen_StagesInOrderTrafficShiftsAndBakeTime()
    {
        await using var f = await StartExampleAsync("ecs-blue-green");

        var arn = (string)(await f.DeployV2Async())["currentServiceDeployment"]!;
        var answers = await f.PollUntilDoneAsync(arn, step: 2.5);
        var final = answers[^1];

        Assert.Equal(
            ["PRE_SCALE_UP", "SCALE_UP", "POST_SCALE_UP", "TEST_TRAFFIC_SHIFT", "POST_TEST_TRAFFIC_SHIFT",
             "PRODUCTION_TRAFFIC_SHIFT", "POST_PRODUCTION_TRAFFIC_SHIFT", "BAKE_TIME", "CLEAN_UP"],
            Transitions(answers, d => (string?)d["lifecycleStage"]));
        Assert.Equal(["PENDING", "IN_PROGRESS", "SUCCESSFUL"], Transitions(answers, d => (string?)d["status"]));
        Assert.Equal(["0", "100"], Transitions(answers, d => Weight(d, "requestedProductionTrafficWeight")));
        Assert.Equal(["0", "100"], Transitions(answers, d => Weight(d, "requestedTestTrafficWeight")));
        // Test traffic reaches green before production traffic moves.
        Assert.Contains(answers, d => Weight(d, "requestedTestTrafficWeight") == "100" && Weight(d, "requestedProductionTrafficWeight") == "0");
        // During BAKE_TIME both revisions run; blue keeps no production traffic.
        var baking = answers.First(d => (string?)d["lifecycleStage"] == "BAKE_TIME");
        Assert.Equal(2, (int)baking["sourceServiceRevisions"]![0]!["runningTaskCount"]!);
        Assert.Equal(0.0, (double)baking["sourceServiceRevisions"]![0]!["requestedProductionTrafficWeight"]!);
        // pending 5 + PRE_SCALE_UP 5 + SCALE_UP 60 + POST_SCALE_UP 5 + TEST_TRAFFIC_SHIFT 10 + hook (5 + one retry 30)
        // + PRODUCTION_TRAFFIC_SHIFT 10 + POST_PRODUCTION_TRAFFIC_SHIFT 5 + BAKE_TIME 120 + CLEAN_UP 30
        Assert.Equal(285, (double)final["finishedAt"]! - (double)final["createdAt"]!);
        var hook = Assert.Single(final["lifecycleHookDetails"]!.AsArray())!;
        Assert.Equal("SUCCEEDED", (string?)hook["status"]);
        Assert.Equal("AWS_LAMBDA", (string?)hook["targetType"]);
        Assert.Contains(answers, d => (string?)d["lifecycleHookDetails"]?[0]?["status"] == "IN_PROGRESS");
        Assert.Equal(0, (int)final["sourceServiceRevisions"]![0]!["runningTaskCount"]!);
        Assert.Equal(2, (int)final["targetServiceRevision"]!["runningTaskCount"]!);
        var events = (await f.ServiceAsync())["events"]!.AsArray();
        var messages = events.Select(e => (string)e!["message"]!).ToList();
        Assert.Contains("(service web) registered 2 targets in (target-group arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/tg-web-green/fedcba9876543210)", messages);
        Assert.Contains("(service web) deregistered 2 targets in (target-group arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/tg-web-blue/0123456789abcdef)", messages);
        Assert.Contains("(service web) has begun draining connections on 2 tasks.", messages);
        var times = events.Select(e => (double)e!["createdAt"]!).ToList();
        Assert.Equal(times.OrderDescending(), times);
    }

    [Fact]
    public async Task UpdateService_WhileDeploying_FirstStoppedAndSecondReconcilesBothRevisions()
    {
        await using var f = await StartExampleAsync("ecs-blue-green");
        var first = (string)(await f.DeployV2Async())["currentServiceDeployment"]!;
        f.Wait(30);

        var second = (string)(await f.Client.EcsAsync("UpdateService", new { cluster = "prod", service = "web", forceNewDeployment = true }))["service"]!["currentServiceDeployment"]!;
        var stopped = await f.DeploymentAsync(first);
        var answers = await f.PollUntilDoneAsync(second, step: 2.5);
        var listed = await f.Client.EcsAsync("ListServiceDeployments", new { service = "arn:aws:ecs:us-east-1:111122223333:service/prod/web" });

        Assert.NotEqual(first, second);
        Assert.Equal("STOPPED", (string?)stopped["status"]);
        Assert.False(string.IsNullOrEmpty((string?)stopped["statusReason"]));
        Assert.NotNull(stopped["stoppedAt"]);
        Assert.Equal(2, answers[^1]["sourceServiceRevisions"]!.AsArray().Count);
        Assert.Equal("RECONCILE_SERVICE", Transitions(answers, d => (string?)d["lifecycleStage"])[0]);
        Assert.Equal("SUCCESSFUL", (string?)answers[^1]["status"]);
        Assert.Equal(["SUCCESSFUL", "STOPPED", "SUCCESSFUL"], listed["serviceDeployments"]!.AsArray().Select(d => (string)d!["status"]!));
    }

    private static string? Weight(JsonNode deployment, string member) =>
        deployment["targetServiceRevision"]?[member] is JsonNode w ? ((double)w).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
}
