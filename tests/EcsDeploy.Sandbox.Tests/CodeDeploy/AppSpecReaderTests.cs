using EcsDeploy.Sandbox.CodeDeploy;

namespace EcsDeploy.Sandbox.Tests.CodeDeploy;

public sealed class AppSpecReaderTests
{
    [Fact]
    public void Read_Json_FindsTaskDefinitionContainerAndHooks()
    {
        const string json = """
            {"version": 0.0,
             "Resources": [{"TargetService": {"Type": "AWS::ECS::Service", "Properties": {
                "TaskDefinition": "arn:aws:ecs:us-east-1:1:task-definition/web:3",
                "LoadBalancerInfo": {"ContainerName": "web", "ContainerPort": 80}}}}],
             "Hooks": [{"BeforeAllowTraffic": "arn:aws:lambda:us-east-1:1:function:gate"}]}
            """;
        var spec = AppSpecReader.Read(json);
        Assert.Equal(("arn:aws:ecs:us-east-1:1:task-definition/web:3", "web", 80), (spec.TaskDefinition, spec.ContainerName, spec.ContainerPort));
        Assert.Equal("arn:aws:lambda:us-east-1:1:function:gate", spec.HookFor("BeforeAllowTraffic"));
        Assert.Null(spec.HookFor("AfterInstall"));
    }

    [Fact]
    public void Read_LowercaseYamlKeys_AreAccepted()
    {
        const string yaml = """
            version: 0.0
            resources:
              - myService:
                  type: AWS::ECS::Service
                  properties:
                    taskDefinition: web:2
                    loadBalancerInfo:
                      containerName: app
                      containerPort: 8080
            hooks:
              - afterAllowTestTraffic: check
            """;
        var spec = AppSpecReader.Read(yaml);
        Assert.Equal(("web:2", "app", 8080), (spec.TaskDefinition, spec.ContainerName, spec.ContainerPort));
        Assert.Equal("check", spec.HookFor("AfterAllowTestTraffic"));
    }

    [Theory]
    [InlineData("not: [valid")]
    [InlineData("just text")]
    [InlineData("Resources:\n  - TargetService:\n      Properties: {}\n")]
    [InlineData("Resources:\n  - T:\n      Properties:\n        TaskDefinition: web:1\n        LoadBalancerInfo:\n          ContainerPort: eighty\n")]
    public void Read_Malformed_ThrowsFormatExceptionWithReason(string content)
    {
        var e = Assert.Throws<FormatException>(() => AppSpecReader.Read(content));
        Assert.False(string.IsNullOrWhiteSpace(e.Message));
    }
}
