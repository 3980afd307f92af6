using EcsDeploy.Sandbox.Scenario;
using EcsDeploy.Sandbox.State;
using EcsDeploy.Sandbox.Tests.Support;

namespace EcsDeploy.Sandbox.Tests;

public sealed class ScenarioTests
{
    private static World Load(string yaml, string? baseDirectory = null)
    {
        var world = new World();
        ScenarioLoader.Apply(world, SandboxScenario.Parse(yaml, baseDirectory), TestSandbox.Start);
        return world;
    }

    [Fact]
    public void Apply_CanaryExample_SeedsBlueTaskSetGroupAndImages()
    {
        var world = new World();

        ScenarioLoader.Apply(world, SandboxScenario.Load(TestSandbox.Example("sandbox/canary-success.yaml")), TestSandbox.Start);

        Assert.Equal("sandbox/secret/EXAMPLEKEY0000000000000", world.Credentials["AKIDSANDBOXEXAMPLE"]);
        var service = world.Clusters["prod"].Services["web"];
        var blue = Assert.Single(service.TaskSets);
        Assert.Equal(("PRIMARY", "Blue", 100.0, 2), (blue.Status, blue.Label, blue.ScalePercent, blue.RunningCount));
        Assert.Equal("arn:aws:ecs:us-east-1:111122223333:task-definition/web:1", blue.TaskDefinitionArn);
        var group = world.Applications["AppECS-prod-web"].Groups["DgpECS-prod-web"];
        Assert.Equal("CodeDeployDefault.ECSCanary10Percent5Minutes", group.DeploymentConfigName);
        Assert.Equal(1, group.TerminationWaitMinutes);
        Assert.Equal(["tg-web-blue", "tg-web-green"], group.TargetGroups);
        Assert.Equal(["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"], group.AutoRollbackEvents);
        Assert.Equal(2, world.Repositories["web"].Images.Count);
        Assert.Single(world.NextDeployments);
    }

    [Fact]
    public void Apply_HookFailureExample_QueuesFailingBehavior()
    {
        var world = new World();

        ScenarioLoader.Apply(world, SandboxScenario.Load(TestSandbox.Example("sandbox/hook-failure-rollback.yaml")), TestSandbox.Start);

        var behavior = world.NextDeployments.Peek();
        Assert.Equal("AfterAllowTestTraffic", behavior.FailEvent);
        Assert.Equal(30, behavior.HookSeconds);
        Assert.Contains("attempt 3/3: 503", behavior.FailLogTail, StringComparison.Ordinal);
        Assert.True(world.Applications["AppECS-prod-web"].Groups["DgpECS-prod-web"].AutoRollbackEnabled);
    }

    [Fact]
    public void Apply_YamlNumbersForModelStrings_StoredAsStrings()
    {
        var world = Load("""
            account: "444455556666"
            region: eu-west-1
            taskDefinitions:
              - family: api
                cpu: 256
                memory: 512
                containerDefinitions:
                  - name: api
                    image: api:1
                    environment: [{ name: WORKERS, value: 4 }]
            """);

        var definition = world.TaskDefinitions["api"][0];
        Assert.Equal("arn:aws:ecs:eu-west-1:444455556666:task-definition/api:1", definition.Arn);
        Assert.Equal("256", (string?)definition.Definition["cpu"]);
        Assert.Equal("4", (string?)definition.Definition["containerDefinitions"]![0]!["environment"]![0]!["value"]);
    }

    [Fact]
    public void Apply_ImageWithDigest_KeepsDigestElseDerivesFromTags()
    {
        var world = Load("""
            repositories:
              - name: web
                images:
                  - { tags: [v1], digest: "sha256:aaaa" }
                  - { tags: [v2, latest] }
            deploymentConfigs:
              - { name: Custom.Linear25Every1Minute, type: TimeBasedLinear, percentage: 25, intervalMinutes: 1 }
            """);

        var images = world.Repositories["web"].Images;
        Assert.Equal("sha256:aaaa", images[0].Digest);
        Assert.Equal("sha256:" + StableIds.Hex("web:v2,latest"), images[1].Digest);
        Assert.Equal(25, world.DeploymentConfigs["Custom.Linear25Every1Minute"].Percentage);
    }

    [Fact]
    public void Apply_ServiceWithoutTaskDefinition_FormatExceptionNamesService()
    {
        var error = Assert.Throws<FormatException>(() => Load("clusters: [{ name: prod, services: [{ name: web }] }]"));

        Assert.Contains("'web'", error.Message, StringComparison.Ordinal);
    }
}
