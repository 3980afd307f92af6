using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using EcsDeploy.Sandbox.Tests.Support;

namespace EcsDeploy.Sandbox.Tests;

public sealed class ControlApiTests
{
    private const string Example = "sandbox/canary-success.yaml";

    [Fact]
    public async Task Requests_AfterCalls_LogsServiceOperationStatusAndError()
    {
        await using var sandbox = await TestSandbox.StartExampleAsync(Example);
        using var client = new SandboxClient(sandbox.BaseUrl);
        using var http = new HttpClient();
        await client.EcsAsync("DescribeServices", new { cluster = "prod", services = new[] { "web" } });
        await client.SendAsync(SandboxClient.EcrPrefix, "ecr", "DescribeImages", new { repositoryName = "api" });

        var log = await http.GetFromJsonAsync<JsonObject>(sandbox.BaseUrl + "/_sandbox/requests?clear=true");
        var after = await http.GetFromJsonAsync<JsonObject>(sandbox.BaseUrl + "/_sandbox/requests");

        var requests = log!["requests"]!.AsArray();
        Assert.Equal(2, requests.Count);
        Assert.Equal("ecs", (string?)requests[0]!["service"]);
        Assert.Equal("DescribeServices", (string?)requests[0]!["operation"]);
        Assert.Equal("prod", (string?)requests[0]!["body"]!["cluster"]);
        Assert.Equal(200, (int)requests[0]!["status"]!);
        Assert.Equal("RepositoryNotFoundException", (string?)requests[1]!["errorCode"]);
        Assert.Equal(400, (int)requests[1]!["status"]!);
        Assert.Empty(after!["requests"]!.AsArray());
    }

    [Fact]
    public async Task Reset_AfterRegistering_BackToScenario()
    {
        await using var sandbox = await TestSandbox.StartExampleAsync(Example);
        using var client = new SandboxClient(sandbox.BaseUrl);
        using var http = new HttpClient();
        await client.EcsAsync("RegisterTaskDefinition", File.ReadAllText(TestSandbox.Example("taskdef.json")));

        using var reset = await http.PostAsync(sandbox.BaseUrl + "/_sandbox/reset", null);
        var latest = await client.EcsAsync("DescribeTaskDefinition", new { taskDefinition = "web" });

        Assert.Equal(200, (int)reset.StatusCode);
        Assert.Equal(1, (int)latest["taskDefinition"]!["revision"]!);
    }

    [Fact]
    public async Task Scenario_PostedYaml_ReplacesWorld()
    {
        await using var sandbox = await TestSandbox.StartExampleAsync(Example);
        using var client = new SandboxClient(sandbox.BaseUrl);
        using var http = new HttpClient();
        const string yaml = """
            credentials:
              - { accessKeyId: AKIDSANDBOXEXAMPLE, secretAccessKey: "sandbox/secret/EXAMPLEKEY0000000000000" }
            clusters:
              - name: staging
                services:
                  - name: api
                    deploymentController: ECS
                    taskDefinition: { family: api, containerDefinitions: [{ name: api, image: "api:1" }] }
            """;

        using var load = await http.PostAsync(sandbox.BaseUrl + "/_sandbox/scenario", new StringContent(yaml, Encoding.UTF8));
        var staging = await client.EcsAsync("DescribeServices", new { cluster = "staging", services = new[] { "api" } });
        var prod = await client.SendAsync(SandboxClient.EcsPrefix, "ecs", "DescribeServices", new { cluster = "prod", services = new[] { "web" } });

        Assert.Equal(200, (int)load.StatusCode);
        Assert.Equal("arn:aws:ecs:us-east-1:111122223333:task-definition/api:1", (string?)staging["services"]![0]!["taskDefinition"]);
        Assert.Equal("PRIMARY", (string?)staging["services"]![0]!["deployments"]![0]!["status"]);
        Assert.Equal("ClusterNotFoundException", prod.ErrorCode);
    }

    [Fact]
    public async Task Scenario_InvalidYaml_400()
    {
        await using var sandbox = await TestSandbox.StartExampleAsync(Example);
        using var http = new HttpClient();

        using var load = await http.PostAsync(sandbox.BaseUrl + "/_sandbox/scenario", new StringContent("clusters: [ {name: x", Encoding.UTF8));

        Assert.Equal(400, (int)load.StatusCode);
    }

    [Fact]
    public async Task Health_Running_ReportsSimulatedTime()
    {
        await using var sandbox = await TestSandbox.StartExampleAsync(Example);
        using var http = new HttpClient();

        var health = await http.GetFromJsonAsync<JsonObject>(sandbox.BaseUrl + "/_sandbox/health");

        Assert.Equal("ok", (string?)health!["status"]);
        Assert.Equal(60.0, (double)health["timeScale"]!);
        Assert.Equal(TestSandbox.Start, DateTimeOffset.Parse((string)health["now"]!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Faults_PostedRules_ApplyToNextCalls()
    {
        await using var sandbox = await TestSandbox.StartExampleAsync(Example);
        using var client = new SandboxClient(sandbox.BaseUrl);
        using var http = new HttpClient();
        const string faults = """{"seed":3,"rules":[{"operation":"DescribeRepositories","service":"ecr","throttleRate":1}]}""";

        using var set = await http.PostAsync(sandbox.BaseUrl + "/_sandbox/faults", new StringContent(faults, Encoding.UTF8));
        var throttled = await client.SendAsync(SandboxClient.EcrPrefix, "ecr", "DescribeRepositories");
        var other = await client.SendAsync(SandboxClient.EcrPrefix, "ecr", "DescribeImages", new { repositoryName = "web" });

        Assert.Equal(200, (int)set.StatusCode);
        Assert.Equal((400, "ThrottlingException", "Rate exceeded"), (throttled.Status, throttled.ErrorCode, throttled.Message));
        Assert.Equal(200, other.Status);
    }
}
