using EcsDeploy.Sandbox.Tests.Support;
using EcsDeploy.Sandbox.Validation;

namespace EcsDeploy.Sandbox.Tests;

public sealed class OutputShapeTests
{
    public static TheoryData<string, string, string> Calls() => new()
    {
        { "ecs", "RegisterTaskDefinition", "@taskdef" },
        { "ecs", "DescribeTaskDefinition", """{"taskDefinition":"web","include":["TAGS"]}""" },
        { "ecs", "ListTaskDefinitions", """{"familyPrefix":"web"}""" },
        { "ecs", "DescribeServices", """{"cluster":"prod","services":["web","api"]}""" },
        { "ecs", "UpdateService", """{"cluster":"prod","service":"web","desiredCount":3}""" },
        { "ecs", "DescribeClusters", """{"clusters":["prod","nope"]}""" },
        { "ecs", "RunTask", """{"cluster":"prod","taskDefinition":"web:1","networkConfiguration":{"awsvpcConfiguration":{"subnets":["subnet-0a1b2c3d4e5f60001"]}}}""" },
        { "ecs", "DeregisterTaskDefinition", """{"taskDefinition":"web:1"}""" },
        { "ecs", "ListTasks", """{"cluster":"prod","desiredStatus":"STOPPED"}""" },
        { "ecs", "ListServiceDeployments", """{"cluster":"prod","service":"web","status":["IN_PROGRESS"]}""" },
        { "ecs", "DescribeServiceDeployments", """{"serviceDeploymentArns":["arn:aws:ecs:us-east-1:111122223333:service-deployment/prod/web/none"]}""" },
        { "ecs", "DescribeServiceRevisions", """{"serviceRevisionArns":["arn:aws:ecs:us-east-1:111122223333:service-revision/prod/web/1"]}""" },
        { "ecr", "DescribeRepositories", "{}" },
        { "ecr", "DescribeImages", """{"repositoryName":"web"}""" },
        { "ecr", "BatchGetImage", """{"repositoryName":"web","imageIds":[{"imageTag":"v2"},{"imageTag":"v7"}]}""" },
    };

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task Response_AnyEcsOrEcrOperation_ValidatesAgainstOutputShape(string service, string operation, string body)
    {
        await using var sandbox = await TestSandbox.StartExampleAsync("sandbox/canary-success.yaml");
        using var client = new SandboxClient(sandbox.BaseUrl);
        var prefix = service == "ecs" ? SandboxClient.EcsPrefix : SandboxClient.EcrPrefix;
        var request = body == "@taskdef" ? File.ReadAllText(TestSandbox.Example("taskdef.json")) : body;

        var response = await client.CallAsync(prefix, service, operation, request);

        Assert.Empty(ModelValidator.ValidateOutput(service, operation, response));
    }

    [Fact]
    public async Task DescribeTasks_StoppedTask_ValidatesAgainstOutputShape()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(TestSandbox.Start);
        await using var sandbox = await TestSandbox.StartExampleAsync("sandbox/canary-success.yaml", time);
        using var client = new SandboxClient(sandbox.BaseUrl);
        var run = await client.EcsAsync("RunTask", new { cluster = "prod", taskDefinition = "web", networkConfiguration = new { awsvpcConfiguration = new { subnets = new[] { "subnet-0a1b2c3d4e5f60001" } } } });
        time.Advance(TimeSpan.FromMinutes(1));

        var response = await client.EcsAsync("DescribeTasks", new { cluster = "prod", tasks = new[] { (string)run["tasks"]![0]!["taskArn"]! } });

        Assert.Empty(ModelValidator.ValidateOutput("ecs", "DescribeTasks", response));
    }
}
