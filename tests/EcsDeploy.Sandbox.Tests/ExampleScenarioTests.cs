using System.Text.Json.Nodes;
using EcsDeploy.Sandbox.Tests.Support;
using EcsDeploy.Sandbox.Validation;
using Microsoft.Extensions.Time.Testing;

namespace EcsDeploy.Sandbox.Tests;

// The example scenarios end to end over HTTP: register examples/taskdef.json, deploy examples/appspec.yaml.
public sealed class ExampleScenarioTests
{
    [Fact]
    public async Task CreateDeployment_CanaryExample_SucceedsAndGreenServes()
    {
        var time = new FakeTimeProvider(TestSandbox.Start);
        await using var sandbox = await TestSandbox.StartExampleAsync("sandbox/canary-success.yaml", time);
        using var client = new SandboxClient(sandbox.BaseUrl);
        var (id, arn) = await DeployAsync(client);

        var final = await WaitForEndAsync(client, time, id);
        var service = (await client.EcsAsync("DescribeServices", new { cluster = "prod", services = new[] { "web" } }))["services"]![0]!;

        Assert.Equal("Succeeded", (string?)final["status"]);
        Assert.Equal(arn, (string?)Assert.Single(service["taskSets"]!.AsArray())!["taskDefinition"]);
    }

    [Fact]
    public async Task CreateDeployment_HookFailureExample_FailsWithHookErrorAndRollsBack()
    {
        var time = new FakeTimeProvider(TestSandbox.Start);
        await using var sandbox = await TestSandbox.StartExampleAsync("sandbox/hook-failure-rollback.yaml", time);
        using var client = new SandboxClient(sandbox.BaseUrl);
        var (id, _) = await DeployAsync(client);

        var final = await WaitForEndAsync(client, time, id);

        Assert.Equal("Failed", (string?)final["status"]);
        Assert.Equal("HOOK_EXECUTION_FAILURE", (string?)final["errorInformation"]!["code"]);
        Assert.Contains("Smoke test failed", (string?)final["errorInformation"]!["message"], StringComparison.Ordinal);
        Assert.NotNull(final["rollbackInfo"]!["rollbackDeploymentId"]);
    }

    [Fact]
    public async Task GetDeployment_MissingId_DeploymentIdRequiredException()
    {
        await using var sandbox = await TestSandbox.StartExampleAsync("sandbox/canary-success.yaml");
        using var client = new SandboxClient(sandbox.BaseUrl);

        var response = await client.SendAsync(SandboxClient.CodeDeployPrefix, "codedeploy", "GetDeployment", new { });

        Assert.Equal(400, response.Status);
        Assert.Equal("DeploymentIdRequiredException", response.ErrorCode);
    }

    private static async Task<(string Id, string Arn)> DeployAsync(SandboxClient client)
    {
        var registered = await client.EcsAsync("RegisterTaskDefinition", File.ReadAllText(TestSandbox.Example("taskdef.json")));
        var arn = (string)registered["taskDefinition"]!["taskDefinitionArn"]!;
        var appSpec = File.ReadAllText(TestSandbox.Example("appspec.yaml")).Replace("<TASK_DEFINITION>", arn, StringComparison.Ordinal);
        var created = await client.CodeDeployAsync("CreateDeployment", new JsonObject
        {
            ["applicationName"] = "AppECS-prod-web",
            ["deploymentGroupName"] = "DgpECS-prod-web",
            ["revision"] = new JsonObject
            {
                ["revisionType"] = "AppSpecContent",
                ["appSpecContent"] = new JsonObject { ["content"] = appSpec },
            },
        });
        return ((string)created["deploymentId"]!, arn);
    }

    // Polls like the action does, one real second (a simulated minute) apart, checking every answer against the models.
    private static async Task<JsonNode> WaitForEndAsync(SandboxClient client, FakeTimeProvider time, string id)
    {
        for (var minute = 0; minute < 30; minute++)
        {
            var response = await client.CodeDeployAsync("GetDeployment", new { deploymentId = id });
            var services = await client.EcsAsync("DescribeServices", new { cluster = "prod", services = new[] { "web" } });
            Assert.Empty(ModelValidator.ValidateOutput("codedeploy", "GetDeployment", response));
            Assert.Empty(ModelValidator.ValidateOutput("ecs", "DescribeServices", services));
            var info = response["deploymentInfo"]!;
            if ((string?)info["status"] is "Succeeded" or "Failed" or "Stopped")
            {
                return info;
            }

            time.Advance(TimeSpan.FromSeconds(1));
        }

        throw new TimeoutException($"Deployment {id} did not finish in 30 simulated minutes.");
    }
}
