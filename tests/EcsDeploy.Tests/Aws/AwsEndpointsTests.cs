using EcsDeploy.Aws;

namespace EcsDeploy.Tests.Aws;

public sealed class AwsEndpointsTests
{
    private static readonly Dictionary<string, string> NoEnvironment = [];

    [Theory]
    [InlineData("us-east-1", "https://ecs.us-east-1.amazonaws.com/")]
    [InlineData("cn-north-1", "https://ecs.cn-north-1.amazonaws.com.cn/")]
    [InlineData("cn-northwest-1", "https://ecs.cn-northwest-1.amazonaws.com.cn/")]
    [InlineData("us-gov-west-1", "https://ecs.us-gov-west-1.amazonaws.com/")]
    [InlineData("eu-central-2", "https://ecs.eu-central-2.amazonaws.com/")]
    public void Resolve_Ecs_UsesPartitionDnsSuffix(string region, string expected)
    {
        Assert.Equal(expected, AwsEndpoints.Resolve(AwsService.Ecs, region, NoEnvironment).AbsoluteUri);
    }

    [Theory]
    [InlineData("us-east-1", "https://api.ecr.us-east-1.amazonaws.com/")]
    [InlineData("cn-north-1", "https://api.ecr.cn-north-1.amazonaws.com.cn/")]
    [InlineData("us-gov-east-1", "https://api.ecr.us-gov-east-1.amazonaws.com/")]
    public void Resolve_Ecr_UsesApiEcrHost(string region, string expected)
    {
        Assert.Equal(expected, AwsEndpoints.Resolve(AwsService.Ecr, region, NoEnvironment).AbsoluteUri);
    }

    [Fact]
    public void Resolve_CodeDeploy_UsesCodeDeployHost()
    {
        Assert.Equal("https://codedeploy.ap-southeast-2.amazonaws.com/", AwsEndpoints.Resolve(AwsService.CodeDeploy, "ap-southeast-2", NoEnvironment).AbsoluteUri);
    }

    [Fact]
    public void EndpointVariable_PerService_FollowsSdkNaming()
    {
        Assert.Equal("AWS_ENDPOINT_URL_ECS", AwsService.Ecs.EndpointVariable);
        Assert.Equal("AWS_ENDPOINT_URL_CODEDEPLOY", AwsService.CodeDeploy.EndpointVariable);
        Assert.Equal("AWS_ENDPOINT_URL_ECR", AwsService.Ecr.EndpointVariable);
    }

    [Fact]
    public void Resolve_ServiceAndGlobalOverride_ServiceSpecificWins()
    {
        var environment = new Dictionary<string, string>
        {
            ["AWS_ENDPOINT_URL"] = "http://localhost:4566",
            ["AWS_ENDPOINT_URL_CODEDEPLOY"] = "http://127.0.0.1:9000",
        };

        Assert.Equal("http://127.0.0.1:9000/", AwsEndpoints.Resolve(AwsService.CodeDeploy, "us-east-1", environment).AbsoluteUri);
        Assert.Equal("http://localhost:4566/", AwsEndpoints.Resolve(AwsService.Ecs, "us-east-1", environment).AbsoluteUri);
        Assert.Equal("http://localhost:4566/", AwsEndpoints.Resolve(AwsService.Ecr, "eu-west-1", environment).AbsoluteUri);
    }

    [Theory]
    [InlineData("true")]
    [InlineData("TRUE")]
    public void Resolve_IgnoreConfiguredEndpoints_UsesRegionalHost(string ignore)
    {
        var environment = new Dictionary<string, string>
        {
            ["AWS_ENDPOINT_URL"] = "http://localhost:4566",
            ["AWS_ENDPOINT_URL_ECS"] = "http://localhost:4567",
            ["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = ignore,
        };

        Assert.Equal("https://ecs.us-east-1.amazonaws.com/", AwsEndpoints.Resolve(AwsService.Ecs, "us-east-1", environment).AbsoluteUri);
    }

    [Fact]
    public void Resolve_IgnoreSetToFalse_StillUsesOverride()
    {
        var environment = new Dictionary<string, string>
        {
            ["AWS_ENDPOINT_URL_ECS"] = "http://localhost:4567",
            ["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = "false",
        };

        Assert.Equal("http://localhost:4567/", AwsEndpoints.Resolve(AwsService.Ecs, "us-east-1", environment).AbsoluteUri);
    }

    [Fact]
    public void Resolve_OverrideNotAUrl_ErrorNamesVariableAndValue()
    {
        var environment = new Dictionary<string, string> { ["AWS_ENDPOINT_URL_ECS"] = "localhost" };

        var error = Assert.Throws<ArgumentException>(() => AwsEndpoints.Resolve(AwsService.Ecs, "us-east-1", environment));

        Assert.Contains("AWS_ENDPOINT_URL_ECS", error.Message, StringComparison.Ordinal);
        Assert.Contains("'localhost'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("us-east-1", "console.aws.amazon.com")]
    [InlineData("cn-north-1", "console.amazonaws.cn")]
    [InlineData("us-gov-west-1", "console.amazonaws-us-gov.com")]
    public void ConsoleHost_Partition_IsPartitionConsole(string region, string expected)
    {
        Assert.Equal(expected, AwsConsole.Host(region));
    }

    [Fact]
    public void ConsoleDeployment_CommercialRegion_LinksCodeDeployPage()
    {
        Assert.Equal("https://us-east-1.console.aws.amazon.com/codesuite/codedeploy/deployments/d-ABC123XYZ?region=us-east-1",
            AwsConsole.Deployment("us-east-1", "d-ABC123XYZ").AbsoluteUri);
    }

    [Fact]
    public void ConsoleDeployment_ChinaRegion_UsesChinaConsole()
    {
        Assert.Equal("https://cn-north-1.console.amazonaws.cn/codesuite/codedeploy/deployments/d-1?region=cn-north-1",
            AwsConsole.Deployment("cn-north-1", "d-1").AbsoluteUri);
    }

    [Fact]
    public void ConsoleEcsService_ClusterArn_UsesClusterName()
    {
        Assert.Equal("https://us-gov-west-1.console.amazonaws-us-gov.com/ecs/v2/clusters/prod/services/web/health?region=us-gov-west-1",
            AwsConsole.EcsService("us-gov-west-1", "arn:aws-us-gov:ecs:us-gov-west-1:123456789012:cluster/prod", "web").AbsoluteUri);
    }

    [Fact]
    public void ConsoleTaskDefinition_Revision_LinksRevisionPage()
    {
        Assert.Equal("https://eu-west-1.console.aws.amazon.com/ecs/v2/task-definitions/web/42/containers?region=eu-west-1",
            AwsConsole.TaskDefinition("eu-west-1", "web", 42).AbsoluteUri);
    }
}
