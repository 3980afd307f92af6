using EcsDeploy.Aws.CodeDeploy;
using EcsDeploy.Operations;

namespace EcsDeploy.Tests.Operations;

public sealed class PreviousRevisionTests
{
    private static string Arn(string familyRevision) => OperationFixture.Arn(familyRevision);

    [Fact]
    public async Task FindAsync_LastDeploymentInstalledCurrent_ReturnsTheOneBefore()
    {
        var codeDeploy = new FakeCodeDeploy();
        codeDeploy.Add("d-1", DeploymentStatus.Succeeded, Arn("web:1"));
        codeDeploy.Add("d-2", DeploymentStatus.Succeeded, Arn("web:2"));
        codeDeploy.Add("d-3", DeploymentStatus.Succeeded, Arn("web:3"));

        var revision = await PreviousRevision.FindAsync(codeDeploy, OperationFixture.Target, Arn("web:3"), CancellationToken.None);

        Assert.NotNull(revision);
        Assert.Equal(Arn("web:2"), revision.TaskDefinitionArn);
        Assert.Equal("d-2", revision.DeploymentId);
        Assert.Equal(Arn("web:2"), PreviousRevision.TaskDefinitionOf(revision.AppSpec!));
    }

    [Fact]
    public async Task FindAsync_FailedAndRolledBackDeployments_SkipsWhatIsServingNow()
    {
        // web:4 failed and CodeDeploy rolled it back, so web:3 serves; the rollback and d-3 both installed web:3.
        var codeDeploy = new FakeCodeDeploy();
        codeDeploy.Add("d-2", DeploymentStatus.Succeeded, Arn("web:2"));
        codeDeploy.Add("d-3", DeploymentStatus.Succeeded, Arn("web:3"));
        codeDeploy.Add("d-4", DeploymentStatus.Failed, Arn("web:4"));
        codeDeploy.Add("d-5", DeploymentStatus.Succeeded, Arn("web:3"), rollbackOf: "d-4");

        var revision = await PreviousRevision.FindAsync(codeDeploy, OperationFixture.Target, Arn("web:3"), CancellationToken.None);

        Assert.Equal(Arn("web:2"), revision?.TaskDefinitionArn);
        Assert.Contains("ListDeployments Succeeded", codeDeploy.Calls);
    }

    [Fact]
    public async Task FindAsync_HistoryHoldsOnlyCurrent_UsesThePreviousRevisionCodeDeployRecorded()
    {
        var codeDeploy = new FakeCodeDeploy();
        var only = codeDeploy.Add("d-3", DeploymentStatus.Succeeded, Arn("web:3"));
        codeDeploy.Update("d-3", d => d with { PreviousRevision = new RevisionLocation { AppSpecContent = new AppSpecContent(FakeCodeDeploy.AppSpecYaml(Arn("web:2")), null) } });

        var revision = await PreviousRevision.FindAsync(codeDeploy, OperationFixture.Target, Arn("web:3"), CancellationToken.None);

        Assert.Equal(Arn("web:2"), revision?.TaskDefinitionArn);
        Assert.Equal(only.DeploymentId, revision?.DeploymentId);
    }

    [Fact]
    public async Task FindAsync_OnlyTheCurrentRevisionWasDeployed_ReturnsNull()
    {
        var codeDeploy = new FakeCodeDeploy();
        codeDeploy.Add("d-1", DeploymentStatus.Succeeded, Arn("web:3"));

        Assert.Null(await PreviousRevision.FindAsync(codeDeploy, OperationFixture.Target, Arn("web:3"), CancellationToken.None));
    }

    [Fact]
    public async Task FindAsync_AppSpecNamesFamilyRevision_ComparesByFamilyAndRevision()
    {
        var codeDeploy = new FakeCodeDeploy();
        codeDeploy.Add("d-1", DeploymentStatus.Succeeded, "web:2");
        codeDeploy.Add("d-2", DeploymentStatus.Succeeded, "web:3");

        var revision = await PreviousRevision.FindAsync(codeDeploy, OperationFixture.Target, Arn("web:3"), CancellationToken.None);

        Assert.Equal("web:2", revision?.TaskDefinitionArn);
    }

    [Theory]
    [InlineData("arn:aws:ecs:us-east-1:111122223333:task-definition/web:3", "web:3", true)]
    [InlineData("arn:aws:ecs:us-east-1:111122223333:task-definition/web:3", "web:30", false)]
    [InlineData("web:3", "api:3", false)]
    public void SameRevision_ArnOrFamilyRevision_ComparesTheRevision(string a, string b, bool expected)
    {
        Assert.Equal(expected, PreviousRevision.SameRevision(a, b));
    }

    [Fact]
    public void TaskDefinitionOf_JsonAppSpecWithOtherCase_FindsIt()
    {
        var appSpec = EcsDeploy.CodeDeploy.AppSpec.Parse("""{"version":0.0,"resources":[{"TargetService":{"type":"AWS::ECS::Service","properties":{"taskDefinition":"web:9"}}}]}""");

        Assert.Equal("web:9", PreviousRevision.TaskDefinitionOf(appSpec));
    }
}
