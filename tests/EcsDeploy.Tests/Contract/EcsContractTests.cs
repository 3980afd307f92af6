using System.Text.Json.Nodes;
using EcsDeploy.Aws.Ecs;

namespace EcsDeploy.Tests.Contract;

/// <summary>The ECS operations the action uses, through the real client against the sandbox.</summary>
public sealed class EcsContractTests
{
    /// <summary>examples/sandbox/taskdef-v1.json with the image moved to <paramref name="tag"/>, as a RegisterTaskDefinition body.</summary>
    internal static JsonObject TaskDefinitionRequest(string tag = "v2") =>
        JsonNode.Parse(File.ReadAllText(ContractSandbox.Example("taskdef-v1.json")).Replace("/web:v1", "/web:" + tag, StringComparison.Ordinal))!.AsObject();

    [Fact]
    public async Task DescribeServiceAsync_CodeDeployService_SendsModelValidBodyAndParsesWorldService()
    {
        await using var sandbox = await ContractSandbox.StartAsync();

        var service = await sandbox.Apis.Ecs.DescribeServiceAsync(ContractSandbox.Cluster, ContractSandbox.Service, CancellationToken.None);

        var body = await sandbox.SingleValidRequestAsync("ecs", "DescribeServices");
        Assert.Equal(ContractSandbox.Cluster, body["cluster"]!.GetValue<string>());
        Assert.Equal("""["web"]""", body["services"]!.ToJsonString());
        var expected = sandbox.Read(w => w.Clusters["prod"].Services["web"]);
        Assert.NotNull(service);
        Assert.Equal(expected.Arn, service.ServiceArn);
        Assert.Equal(expected.ClusterArn, service.ClusterArn);
        Assert.Equal(expected.TaskDefinitionArn, service.TaskDefinition);
        Assert.EndsWith(":task-definition/web:1", service.TaskDefinition, StringComparison.Ordinal);
        Assert.Equal("CODE_DEPLOY", service.DeploymentController?.Type);
        Assert.Equal((expected.DesiredCount, "ACTIVE", "FARGATE", "1.4.0"), (service.DesiredCount, service.Status, service.LaunchType, service.PlatformVersion));
        var balancer = Assert.Single(service.LoadBalancers!);
        Assert.Equal(expected.LoadBalancers[0]!["targetGroupArn"]!.GetValue<string>(), balancer.TargetGroupArn);
        Assert.Equal(("web", 8080), (balancer.ContainerName, balancer.ContainerPort));
        Assert.Equal(["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"], service.NetworkConfiguration!.AwsvpcConfiguration!.Subnets);
        Assert.Equal("DISABLED", service.NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp);
        var taskSet = Assert.Single(service.TaskSets!);
        var worldSet = Assert.Single(expected.TaskSets);
        Assert.Equal((worldSet.Id, worldSet.Arn, "PRIMARY", worldSet.TaskDefinitionArn), (taskSet.Id, taskSet.TaskSetArn, taskSet.Status, taskSet.TaskDefinition));
        Assert.Equal(100, taskSet.Scale?.Value);
    }

    [Fact]
    public async Task DescribeServiceAsync_UnknownService_ReturnsNull()
    {
        await using var sandbox = await ContractSandbox.StartAsync();

        var service = await sandbox.Apis.Ecs.DescribeServiceAsync(ContractSandbox.Cluster, "api", CancellationToken.None);

        Assert.Null(service);
        await sandbox.SingleValidRequestAsync("ecs", "DescribeServices");
    }

    [Fact]
    public async Task RegisterTaskDefinitionAsync_NewImage_RegistersRevisionTwoAsWorldHoldsIt()
    {
        await using var sandbox = await ContractSandbox.StartAsync();
        var request = TaskDefinitionRequest();
        request["tags"] = new JsonArray(new JsonObject { ["key"] = "team", ["value"] = "web" });

        var registered = await sandbox.Apis.Ecs.RegisterTaskDefinitionAsync(request, CancellationToken.None);

        var body = await sandbox.SingleValidRequestAsync("ecs", "RegisterTaskDefinition");
        Assert.True(JsonNode.DeepEquals(request, body), body.ToJsonString());
        var revisions = sandbox.Read(w => w.TaskDefinitions["web"].ToList());
        Assert.Equal(2, revisions.Count);
        Assert.Equal(revisions[1].Arn, registered.Arn);
        Assert.Equal($"arn:aws:ecs:us-east-1:{ContractSandbox.Account}:task-definition/web:2", registered.Arn);
        Assert.Equal(2, registered.TaskDefinition["revision"]!.GetValue<int>());
        Assert.Equal(ContractSandbox.Registry + "/web:v2", registered.TaskDefinition["containerDefinitions"]![0]!["image"]!.GetValue<string>());
        Assert.Equal([new EcsTag("team", "web")], registered.Tags);
    }

    [Fact]
    public async Task DescribeTaskDefinitionAsync_FamilyAndRevision_ReturnsWorldDefinitionWithTags()
    {
        await using var sandbox = await ContractSandbox.StartAsync();

        var described = await sandbox.Apis.Ecs.DescribeTaskDefinitionAsync("web:1", CancellationToken.None);

        var body = await sandbox.SingleValidRequestAsync("ecs", "DescribeTaskDefinition");
        Assert.Equal("web:1", body["taskDefinition"]!.GetValue<string>());
        Assert.Equal("""["TAGS"]""", body["include"]!.ToJsonString());
        var expected = sandbox.Read(w => w.TaskDefinitions["web"][0]);
        Assert.Equal(expected.Arn, described.Arn);
        Assert.True(JsonNode.DeepEquals(expected.Definition, described.TaskDefinition), described.TaskDefinition.ToJsonString());
        Assert.Equal("ACTIVE", described.TaskDefinition["status"]!.GetValue<string>());
        Assert.Empty(described.Tags);
    }
}
