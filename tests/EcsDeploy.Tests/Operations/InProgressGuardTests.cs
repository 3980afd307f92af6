using EcsDeploy.Aws.CodeDeploy;
using EcsDeploy.Operations;

namespace EcsDeploy.Tests.Operations;

public sealed class InProgressGuardTests
{
    private static Task<bool> ClearAsync(OperationFixture fixture, InProgressPolicy policy) =>
        InProgressGuard.ClearAsync(fixture.Context(OperationCommand.Deploy, i => i with { IfDeploymentInProgress = policy }), CancellationToken.None);

    [Theory]
    [InlineData(InProgressPolicy.Wait)]
    [InlineData(InProgressPolicy.Stop)]
    [InlineData(InProgressPolicy.Fail)]
    public async Task ClearAsync_GroupIdle_ReturnsWithoutStoppingOrFollowing(InProgressPolicy policy)
    {
        var fixture = new OperationFixture();
        fixture.CodeDeploy.Add("d-3", DeploymentStatus.Succeeded, "web:3");

        await ClearAsync(fixture, policy);

        Assert.Empty(fixture.Follower.Followed);
    }

    [Fact]
    public async Task ClearAsync_Wait_FollowsTheActiveOneToItsEnd()
    {
        var fixture = new OperationFixture();
        fixture.CodeDeploy.Add("d-4", DeploymentStatus.InProgress, "web:4");

        await ClearAsync(fixture, InProgressPolicy.Wait);

        Assert.Equal(["[d-4] d-4"], fixture.Follower.Followed);
        Assert.DoesNotContain(fixture.CodeDeploy.Calls, c => c.StartsWith("StopDeployment", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ClearAsync_Stop_StopsWithRollbackAndFollowsIt()
    {
        var fixture = new OperationFixture();
        fixture.CodeDeploy.Add("d-4", DeploymentStatus.Ready, "web:4");

        await ClearAsync(fixture, InProgressPolicy.Stop);

        Assert.Contains("StopDeployment d-4 rollback=True", fixture.CodeDeploy.Calls);
        Assert.Equal(["d-4", "[rollback] d-RB100"], fixture.Follower.Followed);
    }

    [Fact]
    public async Task ClearAsync_Fail_OneLineNamingTheActiveDeployment()
    {
        var fixture = new OperationFixture();
        fixture.CodeDeploy.Add("d-4", DeploymentStatus.InProgress, "web:4");

        var error = await Assert.ThrowsAsync<OperationFailedException>(() => ClearAsync(fixture, InProgressPolicy.Fail));

        Assert.Equal(
            "Deployment group 'AppECS-prod-web/DgpECS-prod-web' already runs deployment d-4 (InProgress); wait for it to end, stop it with command 'stop', or set 'if-deployment-in-progress' to wait or stop.",
            error.Message);
        Assert.Empty(fixture.Follower.Followed);
    }

    [Fact]
    public async Task CreateDeploymentAsync_RaceLost_TranslatesLimitExceeded()
    {
        var fixture = new OperationFixture();
        fixture.CodeDeploy.CreateError = FakeCodeDeploy.LimitExceeded("d-ABCDEF123");

        var error = await Assert.ThrowsAsync<OperationFailedException>(() =>
            InProgressGuard.CreateDeploymentAsync(fixture.CodeDeploy, new CreateDeploymentRequest(), OperationFixture.Target, CancellationToken.None));

        Assert.Equal(
            "Deployment group 'AppECS-prod-web/DgpECS-prod-web' already has a deployment in progress d-ABCDEF123, started by someone else while this step ran; run again when it ends, or set 'if-deployment-in-progress' to wait or stop.",
            error.Message);
        Assert.DoesNotContain("DeploymentLimitExceededException", error.Message, StringComparison.Ordinal);
    }
}
