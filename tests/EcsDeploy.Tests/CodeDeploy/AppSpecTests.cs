using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using EcsDeploy.Aws.Ecs;
using EcsDeploy.Yaml;
using EcsDeploy.CodeDeploy;
using EcsDeploy.Tests.Support;

namespace EcsDeploy.Tests.CodeDeploy;

public class AppSpecTests
{
    private const string Arn = "arn:aws:ecs:us-east-1:111122223333:task-definition/web:7";

    [Fact]
    public void SetTaskDefinition_YamlWithTwoResources_RewritesBoth()
    {
        const string yaml = """
            version: 0.0
            Resources:
              - TargetService:
                  Type: AWS::ECS::Service
                  Properties:
                    TaskDefinition: "<TASK_DEFINITION>"
                    LoadBalancerInfo:
                      ContainerName: "web"
                      ContainerPort: 8080
              - OtherService:
                  Type: AWS::ECS::Service
                  Properties:
                    LoadBalancerInfo: { ContainerName: api, ContainerPort: 80 }
            Hooks:
              - AfterAllowTestTraffic: "smoke"
            """;
        var appSpec = AppSpec.Parse(yaml);

        var count = AppSpec.SetTaskDefinition(appSpec, Arn);

        Assert.Equal(2, count);
        var resources = appSpec["Resources"]!.AsArray();
        Assert.Equal(Arn, resources[0]!["TargetService"]!["Properties"]!["TaskDefinition"]!.GetValue<string>());
        Assert.Equal(Arn, resources[1]!["OtherService"]!["Properties"]!["TaskDefinition"]!.GetValue<string>());
        Assert.Equal(8080, resources[0]!["TargetService"]!["Properties"]!["LoadBalancerInfo"]!["ContainerPort"]!.GetValue<int>());
        Assert.Contains("\"version\": 0.0", AppSpec.ToContent(appSpec).Content, StringComparison.Ordinal);
    }

    [Fact]
    public void SetTaskDefinition_JsonWithOtherKeyCase_KeepsTheFileSpelling()
    {
        const string json = """{"Version": 0.0, "resources": [{"TargetService": {"type": "AWS::ECS::Service", "properties": {"taskdefinition": "old", "LoadBalancerInfo": {"ContainerName": "web", "ContainerPort": 80}}}}]}""";
        var appSpec = AppSpec.Parse(json);

        var count = AppSpec.SetTaskDefinition(appSpec, Arn);

        Assert.Equal(1, count);
        var properties = appSpec["resources"]![0]!["TargetService"]!["properties"]!.AsObject();
        Assert.Equal(Arn, properties["taskdefinition"]!.GetValue<string>());
        Assert.False(properties.ContainsKey("TaskDefinition"));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("version: 0.0\n", "no Resources")]
    [InlineData("Resources:\n  - TargetService:\n      Type: AWS::ECS::Service\n", "Properties")]
    [InlineData("Resources: [\n  - a", "line")]
    public void Parse_BadAppSpec_ThrowsFormatExceptionSayingWhy(string text, string expected)
    {
        var error = Assert.ThrowsAny<FormatException>(() => AppSpec.Parse(text));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToContent_AnyAppSpec_HashIsSha256OfContent()
    {
        var content = AppSpec.ToContent(AppSpec.Parse("Resources:\n  - T:\n      Properties: {}\n"));

        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content.Content!)));
        Assert.Equal(expected, content.Sha256);
        Assert.Equal(64, content.Sha256!.Length);
    }

    [Fact]
    public void Generate_FargateServiceWithHooks_MatchesGoldenFile()
    {
        var service = new EcsService
        {
            ServiceName = "web",
            PlatformVersion = "1.4.0",
            LoadBalancers = [new EcsLoadBalancer { TargetGroupArn = "arn:tg", ContainerName = "web", ContainerPort = 8080 }],
            NetworkConfiguration = new NetworkConfiguration(new AwsVpcConfiguration { Subnets = ["subnet-1", "subnet-2"], SecurityGroups = ["sg-1"], AssignPublicIp = "DISABLED" }),
            CapacityProviderStrategy = [new CapacityProviderStrategyItem { CapacityProvider = "FARGATE_SPOT", Weight = 3, Base = 1 }],
        };
        var (hooks, problems) = AppSpecHook.ParseLines("codedeploy-hooks", ["afterallowtesttraffic=arn:aws:lambda:us-east-1:111122223333:function:smoke", "BeforeInstall=prepare"]);

        var appSpec = AppSpec.Generate(service, Arn, hooks);

        Assert.Empty(problems);
        GoldenFiles.AssertMatches("Deploy", "generated-appspec.json", AppSpec.ToContent(appSpec).Content + "\n");
    }

    [Fact]
    public void Generate_ServiceWithoutNetworkSettings_OmitsThem()
    {
        var service = new EcsService { ServiceName = "web", LoadBalancers = [new EcsLoadBalancer { ContainerName = "web", ContainerPort = 80 }] };

        var properties = AppSpec.Generate(service, Arn, [])["Resources"]![0]!["TargetService"]!["Properties"]!.AsObject();

        Assert.Equal(["TaskDefinition", "LoadBalancerInfo"], properties.Select(p => p.Key));
    }

    [Fact]
    public void GenerationProblem_NoLoadBalancer_SaysToAddAnAppSpecFile()
    {
        var problem = AppSpec.GenerationProblem(new EcsService { ServiceName = "worker" });

        Assert.NotNull(problem);
        Assert.Contains("'worker'", problem, StringComparison.Ordinal);
        Assert.Contains("codedeploy-appspec", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Install=fn", "unknown hook event 'Install'")]
    [InlineData("BeforeInstall", "not of the form")]
    [InlineData("BeforeInstall=", "not of the form")]
    [InlineData("BeforeInstall=a b", "not of the form")]
    public void ParseLines_BadHook_NamesInputAndValue(string line, string expected)
    {
        var (hooks, problems) = AppSpecHook.ParseLines("codedeploy-hooks", [line]);

        Assert.Empty(hooks);
        var problem = Assert.Single(problems);
        Assert.StartsWith($"Input 'codedeploy-hooks' value '{line}'", problem, StringComparison.Ordinal);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseLines_SameEventTwice_ReportsTheRepeat()
    {
        var (_, problems) = AppSpecHook.ParseLines("codedeploy-hooks", ["BeforeInstall=a", "beforeinstall=b"]);

        Assert.Contains("repeats the hook event BeforeInstall", Assert.Single(problems), StringComparison.Ordinal);
    }

    [Fact]
    public void YamlToJson_QuotedNumber_StaysAString()
    {
        var node = YamlToJson.Convert("a: \"80\"\nb: 80\nc: true\nd: ~\n")!.AsObject();

        Assert.Equal("80", node["a"]!.GetValue<string>());
        Assert.Equal(80, node["b"]!.GetValue<int>());
        Assert.True(node["c"]!.GetValue<bool>());
        Assert.Null(node["d"]);
        Assert.IsType<JsonObject>(node);
    }
}
