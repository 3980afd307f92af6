using System.Text.Json.Nodes;
using EcsDeploy.Sandbox.Tests.Support;
using EcsDeploy.Sandbox.Validation;
using Microsoft.Extensions.Time.Testing;

namespace EcsDeploy.Sandbox.Tests;

/// <summary>One-off tasks: the lifecycle on simulated time, the scenario's runTasks knob and StopTask.</summary>
public sealed class RunTaskTests
{
    private const string Scenario = """
        timeScale: 1
        credentials:
          - { accessKeyId: AKIDSANDBOXEXAMPLE, secretAccessKey: sandbox/secret/EXAMPLEKEY0000000000000 }
        clusters:
          - name: prod
            services:
              - name: web
                taskDefinition: taskdef-v1.json
        runTasks:
          - { exitCode: 1, reason: "migration failed", runSeconds: 100 }
          - { failure: "RESOURCE:MEMORY", failureDetail: "no capacity" }
        """;

    private static readonly object Network = new { awsvpcConfiguration = new { subnets = new[] { "subnet-0a1b2c3d4e5f60001" } } };

    private static async Task<string> RunAsync(SandboxClient client)
    {
        var run = await client.EcsAsync("RunTask", new { cluster = "prod", taskDefinition = "web", networkConfiguration = Network });
        Assert.Empty(ModelValidator.ValidateOutput("ecs", "RunTask", run));
        return (string)run["tasks"]![0]!["taskArn"]!;
    }

    private static async Task<JsonObject> DescribeAsync(SandboxClient client, string arn)
    {
        var response = await client.EcsAsync("DescribeTasks", new { cluster = "prod", tasks = new[] { arn } });
        Assert.Empty(ModelValidator.ValidateOutput("ecs", "DescribeTasks", response));
        return response["tasks"]![0]!.AsObject();
    }

    [Fact]
    public async Task DescribeTasks_ScenarioExitCode_GoesThroughEveryStatusAndStopsWithIt()
    {
        var time = new FakeTimeProvider(TestSandbox.Start);
        await using var sandbox = await TestSandbox.StartAsync(Scenario, time);
        using var client = new SandboxClient(sandbox.BaseUrl);
        var arn = await RunAsync(client);
        var statuses = new List<string?>();
        foreach (var step in new[] { 9, 1, 20, 99, 1 })
        {
            statuses.Add((string?)(await DescribeAsync(client, arn))["lastStatus"]);
            time.Advance(TimeSpan.FromSeconds(step));
        }

        var stopped = await DescribeAsync(client, arn);

        Assert.Equal(["PROVISIONING", "PROVISIONING", "PENDING", "RUNNING", "RUNNING"], statuses);
        Assert.Equal(("STOPPED", "EssentialContainerExited"), ((string?)stopped["lastStatus"], (string?)stopped["stopCode"]));
        Assert.Equal(1, (int)stopped["containers"]![0]!["exitCode"]!);
        Assert.Equal("migration failed", (string?)stopped["containers"]![0]!["reason"]);
    }

    [Fact]
    public async Task RunTask_SecondScenarioEntry_AnswersWithFailureAndNoTask()
    {
        await using var sandbox = await TestSandbox.StartAsync(Scenario);
        using var client = new SandboxClient(sandbox.BaseUrl);
        await RunAsync(client);

        var second = await client.EcsAsync("RunTask", new { cluster = "prod", taskDefinition = "web", networkConfiguration = Network });
        var third = await RunAsync(client);

        Assert.Empty(ModelValidator.ValidateOutput("ecs", "RunTask", second));
        Assert.Empty(second["tasks"]!.AsArray());
        Assert.Equal("RESOURCE:MEMORY", (string?)second["failures"]![0]!["reason"]);
        Assert.NotNull(third);
    }

    [Fact]
    public async Task StopTask_WhilePending_StopsUserInitiatedWithoutExitCode()
    {
        var time = new FakeTimeProvider(TestSandbox.Start);
        await using var sandbox = await TestSandbox.StartAsync(Scenario, time);
        using var client = new SandboxClient(sandbox.BaseUrl);
        var arn = await RunAsync(client);
        time.Advance(TimeSpan.FromSeconds(15));

        var response = await client.EcsAsync("StopTask", new { cluster = "prod", task = arn, reason = "cancelled" });
        time.Advance(TimeSpan.FromMinutes(5));
        var later = await DescribeAsync(client, arn);

        Assert.Empty(ModelValidator.ValidateOutput("ecs", "StopTask", response));
        Assert.Equal(("STOPPED", "UserInitiated", "cancelled"), ((string?)later["lastStatus"], (string?)later["stopCode"], (string?)later["stoppedReason"]));
        Assert.Null(later["containers"]![0]!["exitCode"]);
    }

    [Fact]
    public async Task RunTask_AwsvpcWithoutNetwork_IsRefusedAsEcsDoes()
    {
        await using var sandbox = await TestSandbox.StartAsync(Scenario);
        using var client = new SandboxClient(sandbox.BaseUrl);

        var error = await Assert.ThrowsAsync<SandboxCallException>(() => client.EcsAsync("RunTask", new { cluster = "prod", taskDefinition = "web" }));

        Assert.Equal("InvalidParameterException", error.Response.ErrorCode);
    }
}
