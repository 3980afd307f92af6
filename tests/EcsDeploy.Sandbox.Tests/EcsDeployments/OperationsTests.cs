using System.Text.Json.Nodes;
using EcsDeploy.Sandbox.Tests.Support;
using EcsDeploy.Sandbox.Validation;
using static EcsDeploy.Sandbox.Tests.EcsDeployments.EcsDeploymentFixture;

namespace EcsDeploy.Sandbox.Tests.EcsDeployments;

// Listing, filters, pagination, revisions, the errors of the service-deployment operations and their answers' shapes.
public sealed class OperationsTests
{
    [Fact]
    public async Task ListServiceDeployments_PagesAndFilters_NewestFirst()
    {
        await using var f = await StartExampleAsync("ecs-rolling");
        var first = (string)(await f.DeployV2Async())["currentServiceDeployment"]!;
        f.Wait(600);
        var cutoff = f.Sandbox.Clock.Now.ToUnixTimeMilliseconds() / 1000.0;
        f.Wait(60);
        var second = (string)(await f.Client.EcsAsync("UpdateService", new { cluster = "prod", service = "web", forceNewDeployment = true }))["service"]!["currentServiceDeployment"]!;

        var page1 = await f.Client.EcsAsync("ListServiceDeployments", new { cluster = "prod", service = "web", maxResults = 2 });
        var page2 = await f.Client.EcsAsync("ListServiceDeployments", new { cluster = "prod", service = "web", maxResults = 2, nextToken = (string)page1["nextToken"]! });
        var successful = await f.Client.EcsAsync("ListServiceDeployments", new { cluster = "prod", service = "web", status = new[] { "SUCCESSFUL" } });
        var recent = await f.Client.EcsAsync("ListServiceDeployments", new { cluster = "prod", service = "web", createdAt = new { after = cutoff } });
        var missing = await f.Client.SendAsync(SandboxClient.EcsPrefix, "ecs", "ListServiceDeployments", new { cluster = "prod", service = "api" });

        Assert.Equal([second, first], Arns(page1));
        Assert.Single(Arns(page2));
        Assert.Null(page2["nextToken"]);
        Assert.Equal(2, Arns(successful).Count);
        Assert.DoesNotContain(second, Arns(successful));
        Assert.Equal([second], Arns(recent));
        Assert.Equal("ServiceNotFoundException", missing.ErrorCode);
    }

    [Fact]
    public async Task DescribeServiceDeployments_UnknownAndTooMany_FailuresAndInvalidParameter()
    {
        await using var f = await StartExampleAsync("ecs-rolling");
        var arn = (string)(await f.DeployV2Async())["currentServiceDeployment"]!;

        var mixed = await f.Client.EcsAsync("DescribeServiceDeployments", new { serviceDeploymentArns = new[] { arn, arn + "-gone" } });
        var tooMany = await f.Client.SendAsync(SandboxClient.EcsPrefix, "ecs", "DescribeServiceDeployments", new { serviceDeploymentArns = Enumerable.Repeat(arn, 21).ToArray() });

        Assert.Single(mixed["serviceDeployments"]!.AsArray());
        Assert.Equal(arn + "-gone", (string?)mixed["failures"]![0]!["arn"]);
        Assert.Equal("MISSING", (string?)mixed["failures"]![0]!["reason"]);
        Assert.Equal("InvalidParameterException", tooMany.ErrorCode);
    }

    [Fact]
    public async Task DescribeServiceRevisions_TargetRevision_TaskDefinitionAndEcrDigest()
    {
        await using var f = await StartExampleAsync("ecs-blue-green");
        var arn = (string)(await f.DeployV2Async())["currentServiceDeployment"]!;
        var target = (string)(await f.DeploymentAsync(arn))["targetServiceRevision"]!["arn"]!;
        var digest = (string)(await f.Client.EcrAsync("DescribeImages", new { repositoryName = "web", imageIds = new[] { new { imageTag = "v2" } } }))["imageDetails"]![0]!["imageDigest"]!;

        var response = await f.Client.EcsAsync("DescribeServiceRevisions", new { serviceRevisionArns = new[] { target, target + "0" } });

        var revision = Assert.Single(response["serviceRevisions"]!.AsArray())!;
        Assert.Matches(@"^arn:aws:ecs:us-east-1:111122223333:service-revision/prod/web/\d{19}$", target);
        Assert.Equal(TaskDefinitionV2, (string?)revision["taskDefinition"]);
        Assert.Equal(digest, (string?)revision["containerImages"]![0]!["imageDigest"]);
        Assert.Equal("tg-web-green", ((string)revision["loadBalancers"]![0]!["advancedConfiguration"]!["alternateTargetGroupArn"]!).Split('/')[1]);
        Assert.Equal("MISSING", (string?)response["failures"]![0]!["reason"]);
    }

    [Fact]
    public async Task UpdateService_UnknownTaskDefinitionOrAbortStop_Errors()
    {
        await using var f = await StartExampleAsync("ecs-rolling");
        var arn = (string)(await f.DeployV2Async())["currentServiceDeployment"]!;

        var unknown = await f.Client.SendAsync(SandboxClient.EcsPrefix, "ecs", "UpdateService", new { cluster = "prod", service = "web", taskDefinition = "web:9" });
        var abort = await f.Client.SendAsync(SandboxClient.EcsPrefix, "ecs", "StopServiceDeployment", new { serviceDeploymentArn = arn, stopType = "ABORT" });
        var badStrategy = await f.Client.SendAsync(SandboxClient.EcsPrefix, "ecs", "UpdateService", new { cluster = "prod", service = "web", deploymentConfiguration = new { strategy = "ROLLING", canaryConfiguration = new { canaryPercent = 5.0 } } });

        Assert.Equal("ClientException", unknown.ErrorCode);
        Assert.Equal("InvalidParameterException", abort.ErrorCode);
        Assert.Equal("InvalidParameterException", badStrategy.ErrorCode);
    }

    [Fact]
    public async Task Responses_ThroughDeployPauseStopAndRollback_MatchTheEcsModel()
    {
        var config = """
                          strategy: CANARY
                          canaryConfiguration: { canaryPercent: 20, canaryBakeTimeInMinutes: 1 }
                          alarms: { alarmNames: [web-5xx], enable: true, rollback: true }
                          deploymentCircuitBreaker: { enable: true, rollback: true }
                          lifecycleHooks:
                            - { targetType: PAUSE, lifecycleStages: [POST_SCALE_UP] }
                            - { targetType: AWS_LAMBDA, hookTargetArn: "arn:aws:lambda:us-east-1:111122223333:function:check", lifecycleStages: [PRODUCTION_TRAFFIC_SHIFT] }
                """;
        await using var f = await StartAsync(ScenarioYaml(config, "  - { alarmAtMinute: 3, tasksFailHealthChecks: 1 }"));
        var problems = new List<string>();
        async Task<JsonNode> Check(string operation, object body)
        {
            var response = await f.Client.EcsAsync(operation, body);
            problems.AddRange(ModelValidator.ValidateOutput("ecs", operation, response).Select(p => $"{operation}: {p}"));
            return response;
        }

        var arn = (string)(await Check("UpdateService", new { cluster = "prod", service = "web", forceNewDeployment = true }))["service"]!["currentServiceDeployment"]!;
        for (var i = 0; i < 40; i++)
        {
            var d = (await Check("DescribeServiceDeployments", new { serviceDeploymentArns = new[] { arn } }))["serviceDeployments"]![0]!;
            await Check("DescribeServices", new { cluster = "prod", services = new[] { "web" } });
            await Check("ListServiceDeployments", new { service = "web", cluster = "prod" });
            var revisions = new[] { (string)d["targetServiceRevision"]!["arn"]! };
            await Check("DescribeServiceRevisions", new { serviceRevisionArns = revisions });
            var tasks = await Check("ListTasks", new { cluster = "prod", desiredStatus = i % 2 == 0 ? "RUNNING" : "STOPPED" });
            if (tasks["taskArns"]!.AsArray().Count > 0)
            {
                await Check("DescribeTasks", new { cluster = "prod", tasks = tasks["taskArns"]!.AsArray().Select(a => (string)a!).ToArray() });
            }

            if (d["lifecycleHookDetails"]?.AsArray().FirstOrDefault(h => (string?)h!["status"] == "AWAITING_ACTION") is { } paused)
            {
                await Check("ContinueServiceDeployment", new { serviceDeploymentArn = arn, hookId = (string)paused["hookId"]!, action = "CONTINUE" });
            }

            f.Wait(15);
        }

        var last = (string)(await Check("UpdateService", new { cluster = "prod", service = "web", forceNewDeployment = true }))["service"]!["currentServiceDeployment"]!;
        f.Wait(30);
        await Check("StopServiceDeployment", new { serviceDeploymentArn = last });
        f.Wait(300);
        var final = (await Check("DescribeServiceDeployments", new { serviceDeploymentArns = new[] { arn, last } }))["serviceDeployments"]!.AsArray();

        Assert.True(problems.Count == 0, string.Join("\n", problems.Distinct()));
        Assert.Equal("ROLLBACK_SUCCESSFUL", (string?)final[0]!["status"]);
        Assert.Equal("ROLLBACK_SUCCESSFUL", (string?)final[1]!["status"]);
    }

    private static List<string> Arns(JsonNode page) => [.. page["serviceDeployments"]!.AsArray().Select(d => (string)d!["serviceDeploymentArn"]!)];
}
