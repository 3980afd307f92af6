using System.Text.Json.Nodes;
using EcsDeploy.Sandbox.Hosting;
using EcsDeploy.Sandbox.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace EcsDeploy.Sandbox.Tests.EcsDeployments;

/// <summary>A sandbox started from an ECS-controller example on a virtual clock, with helpers to deploy and step simulated time.</summary>
public sealed class EcsDeploymentFixture : IAsyncDisposable
{
    public const string TaskDefinitionV1 = "arn:aws:ecs:us-east-1:111122223333:task-definition/web:1";
    public const string TaskDefinitionV2 = "arn:aws:ecs:us-east-1:111122223333:task-definition/web:2";

    private EcsDeploymentFixture(SandboxServer sandbox, FakeTimeProvider time)
    {
        Sandbox = sandbox;
        Time = time;
        Client = new SandboxClient(sandbox.BaseUrl);
    }

    public SandboxServer Sandbox { get; }

    public FakeTimeProvider Time { get; }

    public SandboxClient Client { get; }

    /// <summary>Simulated seconds since the sandbox started.</summary>
    public double Elapsed => (Sandbox.Clock.Now - TestSandbox.Start).TotalSeconds;

    public static async Task<EcsDeploymentFixture> StartExampleAsync(string example)
    {
        var time = new FakeTimeProvider(TestSandbox.Start);
        return new EcsDeploymentFixture(await TestSandbox.StartExampleAsync($"sandbox/{example}.yaml", time), time);
    }

    public static async Task<EcsDeploymentFixture> StartAsync(string scenarioYaml)
    {
        var time = new FakeTimeProvider(TestSandbox.Start);
        return new EcsDeploymentFixture(await TestSandbox.StartAsync(scenarioYaml, time), time);
    }

    /// <summary>
    /// A scenario with the ECS-controller service web (2 tasks of web:1 behind blue/green target groups) in cluster prod;
    /// <paramref name="configuration"/> and <paramref name="deployments"/> are YAML mapping and list bodies, indented by 10 and 2.
    /// </summary>
    public static string ScenarioYaml(string configuration, string deployments = "  - {}", int desiredCount = 2) => $$"""
        timeScale: 60
        credentials:
          - { accessKeyId: AKIDSANDBOXEXAMPLE, secretAccessKey: sandbox/secret/EXAMPLEKEY0000000000000 }
        clusters:
          - name: prod
            services:
              - name: web
                taskDefinition: taskdef-v1.json
                desiredCount: {{desiredCount}}
                deploymentController: ECS
                deploymentConfiguration:
        {{configuration}}
                loadBalancers:
                  - targetGroupArn: arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/tg-web-blue/0123456789abcdef
                    containerName: web
                    containerPort: 8080
                    advancedConfiguration:
                      alternateTargetGroupArn: arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/tg-web-green/fedcba9876543210
                networkConfiguration:
                  awsvpcConfiguration: { subnets: [subnet-0a1b2c3d4e5f60001] }
        repositories:
          - name: web
            images: [{ tags: [v1] }, { tags: [v2] }]
        serviceDeployments:
        {{deployments}}
        """;

    /// <summary>Moves simulated time on (the examples run 60 simulated seconds per virtual second).</summary>
    public void Wait(double simulatedSeconds) => Time.Advance(TimeSpan.FromTicks((long)Math.Round(simulatedSeconds * TimeSpan.TicksPerSecond / Sandbox.Clock.Scale)));

    /// <summary>Registers examples/taskdef.json (web:2) and points the service at it; returns the UpdateService answer.</summary>
    public async Task<JsonNode> DeployV2Async(object? extra = null)
    {
        await Client.EcsAsync("RegisterTaskDefinition", File.ReadAllText(TestSandbox.Example("taskdef.json")));
        var body = new JsonObject { ["cluster"] = "prod", ["service"] = "web", ["taskDefinition"] = "web:2" };
        if (extra is not null)
        {
            foreach (var (name, value) in JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(extra))!.AsObject())
            {
                body[name] = value?.DeepClone();
            }
        }

        return (await Client.EcsAsync("UpdateService", body))["service"]!;
    }

    public async Task<JsonNode> ServiceAsync() =>
        (await Client.EcsAsync("DescribeServices", new { cluster = "prod", services = new[] { "web" } }))["services"]![0]!;

    public async Task<JsonNode> DeploymentAsync(string arn) =>
        (await Client.EcsAsync("DescribeServiceDeployments", new { serviceDeploymentArns = new[] { arn } }))["serviceDeployments"]![0]!;

    /// <summary>Polls the deployment every <paramref name="step"/> simulated seconds until it is done; returns every answer.</summary>
    public async Task<List<JsonNode>> PollUntilDoneAsync(string arn, double step = 5, double limit = 3600)
    {
        var seen = new List<JsonNode>();
        for (double waited = 0; waited <= limit; waited += step)
        {
            var d = await DeploymentAsync(arn);
            seen.Add(d);
            if ((string?)d["status"] is "SUCCESSFUL" or "STOPPED" or "ROLLBACK_SUCCESSFUL" or "ROLLBACK_FAILED")
            {
                return seen;
            }

            Wait(step);
        }

        throw new TimeoutException($"Service deployment {arn} did not finish within {limit} simulated seconds.");
    }

    /// <summary>Values in order with consecutive repeats removed.</summary>
    public static List<string> Transitions(IEnumerable<JsonNode> answers, Func<JsonNode, string?> pick)
    {
        var result = new List<string>();
        foreach (var value in answers.Select(pick).OfType<string>())
        {
            if (result.Count == 0 || result[^1] != value)
            {
                result.Add(value);
            }
        }

        return result;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Sandbox.DisposeAsync();
    }
}
