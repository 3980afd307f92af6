using EcsDeploy.Sandbox.Tests.Support;

namespace EcsDeploy.Sandbox.Tests;

/// <summary>RunTask's clientToken as ECS honours it: a repeat starts nothing new; a different request with the same token conflicts.</summary>
public sealed class RunTaskClientTokenTests
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
        """;

    private static readonly object Network = new { awsvpcConfiguration = new { subnets = new[] { "subnet-0a1b2c3d4e5f60001" } } };

    [Fact]
    public async Task RunTask_SameTokenSameRequest_AnswersWithTheFirstTasksAndStartsNone()
    {
        await using var sandbox = await TestSandbox.StartAsync(Scenario);
        using var client = new SandboxClient(sandbox.BaseUrl);
        var request = new { cluster = "prod", taskDefinition = "web", networkConfiguration = Network, clientToken = "run-1" };

        var first = await client.EcsAsync("RunTask", request);
        var again = await client.EcsAsync("RunTask", request);

        Assert.Equal((string?)first["tasks"]![0]!["taskArn"], (string?)again["tasks"]![0]!["taskArn"]);
        Assert.Single(sandbox.World.OneOffTasks);
    }

    [Fact]
    public async Task RunTask_SameTokenOtherRequest_IsAConflictNamingTheTasks()
    {
        await using var sandbox = await TestSandbox.StartAsync(Scenario);
        using var client = new SandboxClient(sandbox.BaseUrl);
        var first = await client.EcsAsync("RunTask", new { cluster = "prod", taskDefinition = "web", networkConfiguration = Network, clientToken = "run-1" });

        var conflict = await client.SendAsync(SandboxClient.EcsPrefix, "ecs", "RunTask", new { cluster = "prod", taskDefinition = "web", count = 2, networkConfiguration = Network, clientToken = "run-1" });

        Assert.Equal((400, "ConflictException"), (conflict.Status, conflict.ErrorCode));
        Assert.Contains((string)first["tasks"]![0]!["taskArn"]!, conflict.Message, StringComparison.Ordinal);
        Assert.Single(sandbox.World.OneOffTasks);
    }

    [Fact]
    public async Task RunTask_OtherTokens_StartTasksEachTime()
    {
        await using var sandbox = await TestSandbox.StartAsync(Scenario);
        using var client = new SandboxClient(sandbox.BaseUrl);

        await client.EcsAsync("RunTask", new { cluster = "prod", taskDefinition = "web", networkConfiguration = Network, clientToken = "run-1" });
        await client.EcsAsync("RunTask", new { cluster = "prod", taskDefinition = "web", networkConfiguration = Network, clientToken = "run-2" });
        await client.EcsAsync("RunTask", new { cluster = "prod", taskDefinition = "web", networkConfiguration = Network });

        Assert.Equal(3, sandbox.World.OneOffTasks.Count);
    }
}
