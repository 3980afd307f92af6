using System.Text.Json.Nodes;
using EcsDeploy.Aws.Ecs;
using EcsDeploy.RunTask;
using EcsDeploy.Runtime;

namespace EcsDeploy.Tests.RunTask;

public sealed class RunTaskInputsTests
{
    private static (RunTaskInputs Inputs, InputReader Reader) Parse(params (string Name, string Value)[] inputs)
    {
        var reader = new InputReader(inputs.ToDictionary(i => InputReader.VariableName(i.Name), i => i.Value, StringComparer.Ordinal));
        return (RunTaskInputs.Parse(reader), reader);
    }

    private static JsonObject Request(params (string Name, string Value)[] inputs)
    {
        var (parsed, reader) = Parse(inputs);
        Assert.Empty(reader.Errors);
        return parsed.ToRequest("prod", "web:2");
    }

    [Fact]
    public void ToRequest_Defaults_FargateStartedByGitHubActionsNoNetwork()
    {
        var request = Request();

        Assert.Equal("""{"cluster":"prod","taskDefinition":"web:2","startedBy":"GitHub-Actions","launchType":"FARGATE"}""", request.ToJsonString());
    }

    [Fact]
    public void ToRequest_CapacityProviderStrategy_LeavesOutLaunchType()
    {
        var request = Request(("run-task-capacity-provider-strategy", """[{"capacityProvider":"FARGATE_SPOT","weight":1,"base":0}]"""), ("run-task-launch-type", "EC2"));

        Assert.Null(request["launchType"]);
        Assert.Equal("FARGATE_SPOT", request["capacityProviderStrategy"]![0]!["capacityProvider"]!.GetValue<string>());
    }

    [Fact]
    public void ToRequest_SubnetsAndGroups_BuildAwsvpcConfigurationWithPublicIp()
    {
        var request = Request(("run-task-subnets", "subnet-0a1b2c3d4e5f60001, subnet-0a1b2c3d4e5f60002"), ("run-task-security-groups", "sg-0a1b2c3d"), ("run-task-assign-public-IP", "enabled"));

        Assert.Equal("""{"subnets":["subnet-0a1b2c3d4e5f60001","subnet-0a1b2c3d4e5f60002"],"securityGroups":["sg-0a1b2c3d"],"assignPublicIp":"ENABLED"}""",
            request["networkConfiguration"]!["awsvpcConfiguration"]!.ToJsonString());
    }

    [Fact]
    public void ToRequest_NoSubnets_UsesTheServiceNetwork()
    {
        var (inputs, _) = Parse();

        var request = inputs.ToRequest("prod", "web:2", new AwsVpcConfiguration { Subnets = ["subnet-0a1b2c3d"], SecurityGroups = ["sg-0a1b2c3d"], AssignPublicIp = "DISABLED" });

        Assert.Equal("""{"subnets":["subnet-0a1b2c3d"],"securityGroups":["sg-0a1b2c3d"],"assignPublicIp":"DISABLED"}""",
            request["networkConfiguration"]!["awsvpcConfiguration"]!.ToJsonString());
    }

    [Fact]
    public void ToRequest_OverridesTagsManagedTagsAndVolume_AllSent()
    {
        var request = Request(
            ("run-task-container-overrides", """[{"name":"web","command":["./migrate"]}]"""),
            ("run-task-tags", """[{"key":"purpose","value":"migration"}]"""),
            ("enable-ecs-managed-tags", "false"),
            ("run-task-managed-ebs-volume-name", "data"),
            ("run-task-managed-ebs-volume", """{"roleArn":"arn:aws:iam::111122223333:role/ebs","sizeInGiB":20}"""));

        Assert.Equal("""{"containerOverrides":[{"name":"web","command":["./migrate"]}]}""", request["overrides"]!.ToJsonString());
        Assert.Equal("""[{"key":"purpose","value":"migration"}]""", request["tags"]!.ToJsonString());
        Assert.False(request["enableECSManagedTags"]!.GetValue<bool>());
        Assert.Equal("""[{"name":"data","managedEBSVolume":{"roleArn":"arn:aws:iam::111122223333:role/ebs","sizeInGiB":20}}]""", request["volumeConfigurations"]!.ToJsonString());
    }

    [Fact]
    public void Parse_VolumeNameWithoutVolume_WarnsAndSendsNoVolume()
    {
        var (inputs, reader) = Parse(("run-task-managed-ebs-volume-name", "data"));

        Assert.Empty(reader.Errors);
        Assert.Contains("'run-task-managed-ebs-volume-name' is given without 'run-task-managed-ebs-volume'", Assert.Single(inputs.Warnings), StringComparison.Ordinal);
        Assert.Null(inputs.ToRequest("prod", "web:2")["volumeConfigurations"]);
    }

    [Fact]
    public void Parse_EbsVolumeWithoutRoleArn_ErrorNamesInputAndRoleArn()
    {
        var (_, reader) = Parse(("run-task-managed-ebs-volume-name", "data"), ("run-task-managed-ebs-volume", """{"sizeInGiB":20}"""));

        var error = Assert.Single(reader.Errors);
        Assert.StartsWith("Input 'run-task-managed-ebs-volume' value '{\"sizeInGiB\":20}' has no \"roleArn\"", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MisspelledOverrideMember_ErrorListsTheKnownMembers()
    {
        var (_, reader) = Parse(("run-task-container-overrides", """[{"name":"web","commands":["x"]}]"""));

        Assert.Contains("unknown member \"commands\"; ECS accepts name, command,", Assert.Single(reader.Errors), StringComparison.Ordinal);
    }
}
