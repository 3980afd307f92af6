using EcsDeploy.Aws.CodeDeploy;
using EcsDeploy.Aws.Ecs;
using EcsDeploy.CodeDeploy;
using EcsDeploy.Deploy;
using EcsDeploy.TaskDefinitions;
using EcsDeploy.Tests.Support;

namespace EcsDeploy.Tests.Deploy;

public sealed class DeployHeaderTests : IDisposable
{
    private readonly TempDirectory _workspace = new();

    public void Dispose() => _workspace.Dispose();

    private static readonly EcsService Service = new() { ServiceName = "web", TaskDefinition = "arn:aws:ecs:us-east-1:111122223333:task-definition/web:7" };

    private static readonly DeploymentGroupInfo Group = new()
    {
        DeploymentGroupName = "DgpECS-prod-web",
        DeploymentConfigName = "CodeDeployDefault.ECSCanary10Percent5Minutes",
        BlueGreenDeploymentConfiguration = new BlueGreenDeploymentConfiguration { TerminateBlueInstancesOnDeploymentSuccess = new BlueInstanceTerminationOption("TERMINATE", 6) },
    };

    private static DeployInputs Inputs(TaskDefinitionInputs taskDefinition) => new()
    {
        TaskDefinition = taskDefinition,
        Service = "web",
        Cluster = "prod",
        Region = "us-east-1",
        AppSpecPath = "appspec.yaml",
        Application = "AppECS-prod-web",
        DeploymentGroup = "DgpECS-prod-web",
        Description = "test",
    };

    [Fact]
    public void Describe_FileAndGroupConfig_NamesFamilyFileGroupConfigAndTimeout()
    {
        File.WriteAllText(_workspace.File("taskdef.json"), """{"family":"web","containerDefinitions":[{"name":"web","image":"nginx"}]}""");

        var line = DeployHeader.Describe(Inputs(new TaskDefinitionInputs { File = _workspace.File("taskdef.json") }), Service, Group, _workspace.Path);

        Assert.Equal("Deploying web (new revision from taskdef.json) to service web in cluster prod with CodeDeploy AppECS-prod-web / DgpECS-prod-web (CodeDeployDefault.ECSCanary10Percent5Minutes); waiting until deployed, up to 36 min", line);
    }

    [Fact]
    public void Describe_InputConfigAndTrafficShifted_PrefersTheInputAndSaysWhereItStops()
    {
        var inputs = Inputs(new TaskDefinitionInputs()) with { DeploymentConfig = "CodeDeployDefault.ECSAllAtOnce", WaitUntil = WaitUntil.TrafficShifted, WaitForMinutes = 10 };

        var line = DeployHeader.Describe(inputs, Service, Group, _workspace.Path);

        Assert.Equal("Deploying web:7 (the service's current task definition) to service web in cluster prod with CodeDeploy AppECS-prod-web / DgpECS-prod-web (CodeDeployDefault.ECSAllAtOnce); waiting until all traffic is on green, up to 16 min", line);
    }

    [Fact]
    public void Describe_NoWait_SaysItDoesNotWait()
    {
        var inputs = Inputs(new TaskDefinitionInputs { Arn = "arn:aws:ecs:us-east-1:111122223333:task-definition/web:9" }) with { WaitForServiceStability = false };

        var line = DeployHeader.Describe(inputs, Service, Group, _workspace.Path);

        Assert.StartsWith("Deploying web:9 (input 'task-definition-arn') to service web", line, StringComparison.Ordinal);
        Assert.EndsWith("; not waiting for the deployment (wait-for-service-stability is false)", line, StringComparison.Ordinal);
    }
}
