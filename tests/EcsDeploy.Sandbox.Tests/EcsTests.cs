using System.Text.Json.Nodes;
using EcsDeploy.Sandbox.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace EcsDeploy.Sandbox.Tests;

public sealed class EcsTests
{
    private const string Example = "sandbox/canary-success.yaml";
    private const string Arn1 = "arn:aws:ecs:us-east-1:111122223333:task-definition/web:1";
    private const string Arn2 = "arn:aws:ecs:us-east-1:111122223333:task-definition/web:2";

    private static JsonNode TaskDefinition() => JsonNode.Parse(File.ReadAllText(TestSandbox.Example("taskdef.json")))!;

    [Fact]
    public async Task RegisterTaskDefinition_ExistingFamily_NextRevisionWithArn()
    {
        await using var sandbox = await TestSandbox.StartExampleAsync(Example);
        using var client = new SandboxClient(sandbox.BaseUrl);
        var request = TaskDefinition().AsObject();
        request["tags"] = new JsonArray(new JsonObject { ["key"] = "team", ["value"] = "web" });

        var response = await client.EcsAsync("RegisterTaskDefinition", request);

        var definition = response["taskDefinition"]!;
        Assert.Equal(Arn2, (string?)definition["taskDefinitionArn"]);
        Assert.Equal(2, (int)definition["revision"]!);
        Assert.Equal("ACTIVE", (string?)definition["status"]);
        Assert.Equal(["EC2", "FARGATE"], definition["compatibilities"]!.AsArray().Select(n => (string)n!));
        Assert.Equal(TestSandbox.Start.ToUnixTimeSeconds(), (double)definition["registeredAt"]!);
        Assert.Contains(definition["requiresAttributes"]!.AsArray(), a => (string?)a!["name"] == "ecs.capability.task-eni");
        Assert.Equal("8080", (string?)definition["containerDefinitions"]![0]!["environment"]![0]!["value"]);
        Assert.Equal(8080, (int)definition["containerDefinitions"]![0]!["portMappings"]![0]!["hostPort"]!);
        Assert.Null(definition["tags"]);
        Assert.Equal("team", (string?)response["tags"]![0]!["key"]);
    }

    [Theory]
    [InlineData("web", 2)]
    [InlineData("web:1", 1)]
    [InlineData(Arn2, 2)]
    public async Task DescribeTaskDefinition_ByFamilyRevisionOrArn_FindsRevision(string reference, int revision)
    {
        await using var sandbox = await TestSandbox.StartExampleAsync(Example);
        using var client = new SandboxClient(sandbox.BaseUrl);
        await client.EcsAsync("RegisterTaskDefinition", TaskDefinition());

        var response = await client.EcsAsync("DescribeTaskDefinition", new { taskDefinition = reference, include = new[] { "TAGS" } });

        Assert.Equal(revision, (int)response["taskDefinition"]!["revision"]!);
        Assert.NotNull(response["tags"]);
    }

    [Fact]
    public async Task DescribeTaskDefinition_Missing_ClientException()
    {
        await using var sandbox = await TestSandbox.StartExampleAsync(Example);
        using var client = new SandboxClient(sandbox.BaseUrl);

        var response = await client.SendAsync(SandboxClient.EcsPrefix, "ecs", "DescribeTaskDefinition", new { taskDefinition = "api:7" });

        Assert.Equal(400, response.Status);
        Assert.Equal("ClientException", response.ErrorCode);
        Assert.Equal("Unable to describe task definition.", response.Message);
    }

    [Fact]
    public async Task DeregisterTaskDefinition_Revision_InactiveAndNotListed()
    {
        await using var sandbox = await TestSandbox.StartExampleAsync(Example);
        using var client = new SandboxClient(sandbox.BaseUrl);
        await client.EcsAsync("RegisterTaskDefinition", TaskDefinition());

        var deregistered = await client.EcsAsync("DeregisterTaskDefinition", new { taskDefinition = "web:1" });
        var active = await client.EcsAsync("ListTaskDefinitions", new { familyPrefix = "web", sort = "DESC" });
        var inactive = await client.EcsAsync("ListTaskDefinitions", new { status = "INACTIVE" });

        Assert.Equal("INACTIVE", (string?)deregistered["taskDefinition"]!["status"]);
        Assert.Equal([Arn2], active["taskDefinitionArns"]!.AsArray().Select(n => (string)n!));
        Assert.Equal([Arn1], inactive["taskDefinitionArns"]!.AsArray().Select(n => (string)n!));
    }

    [Fact]
    public async Task DescribeServices_UnknownService_FailureMissing()
    {
        await using var sandbox = await TestSandbox.StartExampleAsync(Example);
        using var client = new SandboxClient(sandbox.BaseUrl);

        var response = await client.EcsAsync("DescribeServices", new { cluster = "arn:aws:ecs:us-east-1:111122223333:cluster/prod", services = new[] { "web", "api" } });

        var service = response["services"]![0]!;
        Assert.Single(response["services"]!.AsArray());
        Assert.Equal("arn:aws:ecs:us-east-1:111122223333:service/prod/web", (string?)service["serviceArn"]);
        Assert.Equal(Arn1, (string?)service["taskDefinition"]);
        Assert.Equal("CODE_DEPLOY", (string?)service["deploymentController"]!["type"]);
        var taskSet = service["taskSets"]![0]!;
        Assert.Equal("PRIMARY", (string?)taskSet["status"]);
        Assert.Equal(100.0, (double)taskSet["scale"]!["value"]!);
        Assert.Equal(2, (int)taskSet["runningCount"]!);
        var failure = response["failures"]![0]!;
        Assert.Equal("arn:aws:ecs:us-east-1:111122223333:service/prod/api", (string?)failure["arn"]);
        Assert.Equal("MISSING", (string?)failure["reason"]);
    }

    [Fact]
    public async Task DescribeServices_UnknownCluster_ClusterNotFoundException()
    {
        await using var sandbox = await TestSandbox.StartExampleAsync(Example);
        using var client = new SandboxClient(sandbox.BaseUrl);

        var response = await client.SendAsync(SandboxClient.EcsPrefix, "ecs", "DescribeServices", new { cluster = "staging", services = new[] { "web" } });

        Assert.Equal("ClusterNotFoundException", response.ErrorCode);
    }

    [Fact]
    public async Task UpdateService_TaskDefinitionOnCodeDeployService_InvalidParameterException()
    {
        await using var sandbox = await TestSandbox.StartExampleAsync(Example);
        using var client = new SandboxClient(sandbox.BaseUrl);

        var response = await client.SendAsync(SandboxClient.EcsPrefix, "ecs", "UpdateService", new { cluster = "prod", service = "web", taskDefinition = "web:1" });

        Assert.Equal(400, response.Status);
        Assert.Equal("InvalidParameterException", response.ErrorCode);
        Assert.StartsWith("Unable to update task definition on services with a CODE_DEPLOY deployment controller.", response.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateService_DesiredCount_Changed()
    {
        await using var sandbox = await TestSandbox.StartExampleAsync(Example);
        using var client = new SandboxClient(sandbox.BaseUrl);

        var response = await client.EcsAsync("UpdateService", new { cluster = "prod", service = "web", desiredCount = 4 });

        Assert.Equal(4, (int)response["service"]!["desiredCount"]!);
        Assert.Equal(4, (int)response["service"]!["taskSets"]![0]!["runningCount"]!);
    }

    [Fact]
    public async Task DescribeTasks_AfterRunTime_Stopped()
    {
        var time = new FakeTimeProvider(TestSandbox.Start);
        await using var sandbox = await TestSandbox.StartExampleAsync(Example, time);
        using var client = new SandboxClient(sandbox.BaseUrl);
        var run = await client.EcsAsync("RunTask", new { cluster = "prod", taskDefinition = "web", networkConfiguration = new { awsvpcConfiguration = new { subnets = new[] { "subnet-0a1b2c3d4e5f60001" } } } });
        var arn = (string)run["tasks"]![0]!["taskArn"]!;

        time.Advance(TimeSpan.FromSeconds(0.5)); // 30 simulated seconds at timeScale 60: RUNNING
        var before = await client.EcsAsync("DescribeTasks", new { cluster = "prod", tasks = new[] { arn } });
        time.Advance(TimeSpan.FromSeconds(1)); // 60 more: the default run time is over
        var after = await client.EcsAsync("DescribeTasks", new { cluster = "prod", tasks = new[] { arn, "missing" } });

        Assert.Equal("RUNNING", (string?)before["tasks"]![0]!["lastStatus"]);
        Assert.Equal("STOPPED", (string?)after["tasks"]![0]!["lastStatus"]);
        Assert.Equal(0, (int)after["tasks"]![0]!["containers"]![0]!["exitCode"]!);
        Assert.Equal("MISSING", (string?)after["failures"]![0]!["reason"]);
    }
}
