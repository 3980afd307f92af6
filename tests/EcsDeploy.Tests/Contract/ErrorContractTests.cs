using Amazon.Runtime;
using EcsDeploy.Aws;

namespace EcsDeploy.Tests.Contract;

/// <summary>Sandbox errors arrive through the real clients as <see cref="AwsServiceException"/> with code, message and request id.</summary>
public sealed class ErrorContractTests
{
    private static async Task<LoggedRequest> SingleFailedRequestAsync(ContractSandbox sandbox, string operation, string errorCode)
    {
        var logged = Assert.Single(await sandbox.RequestsAsync(clear: true));
        Assert.Equal((operation, errorCode), (logged.Operation, logged.ErrorCode));
        return logged;
    }

    private static void AssertRequestId(AwsServiceException error) =>
        Assert.True(Guid.TryParse(error.RequestId, out _), $"request id '{error.RequestId}' is not the sandbox's x-amzn-RequestId");

    [Fact]
    public async Task DescribeTaskDefinitionAsync_UnknownFamily_ThrowsClientExceptionOnce()
    {
        await using var sandbox = await ContractSandbox.StartAsync(maxAttempts: 5);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => sandbox.Apis.Ecs.DescribeTaskDefinitionAsync("api", CancellationToken.None));

        Assert.Equal(("ecs", "DescribeTaskDefinition", "ClientException", "Unable to describe task definition.", 400),
            (error.Service, error.Operation, error.ErrorCode, error.AwsMessage, error.StatusCode));
        AssertRequestId(error);
        Assert.Equal($"ecs:DescribeTaskDefinition failed (ClientException): Unable to describe task definition. [request id {error.RequestId}]", error.Message);
        var logged = await SingleFailedRequestAsync(sandbox, "DescribeTaskDefinition", "ClientException");
        Assert.Equal(400, logged.Status);
        Assert.Empty(sandbox.Clock.Waited);
    }

    [Fact]
    public async Task GetDeploymentGroupAsync_UnknownGroup_ThrowsDeploymentGroupDoesNotExistOnce()
    {
        await using var sandbox = await ContractSandbox.StartAsync(maxAttempts: 5);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => sandbox.Apis.CodeDeploy.GetDeploymentGroupAsync(ContractSandbox.Application, "DgpECS-prod-api", CancellationToken.None));

        Assert.Equal(("codedeploy", "DeploymentGroupDoesNotExistException", "No Deployment Group found for name: DgpECS-prod-api", 400),
            (error.Service, error.ErrorCode, error.AwsMessage, error.StatusCode));
        AssertRequestId(error);
        await SingleFailedRequestAsync(sandbox, "GetDeploymentGroup", "DeploymentGroupDoesNotExistException");
    }

    [Fact]
    public async Task GetDeploymentAsync_UnknownId_ThrowsDeploymentDoesNotExist()
    {
        await using var sandbox = await ContractSandbox.StartAsync();

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => sandbox.Apis.CodeDeploy.GetDeploymentAsync("d-ABCDEFGHI", CancellationToken.None));

        Assert.Equal(("DeploymentDoesNotExistException", "The deployment d-ABCDEFGHI could not be found."), (error.ErrorCode, error.AwsMessage));
        await SingleFailedRequestAsync(sandbox, "GetDeployment", "DeploymentDoesNotExistException");
    }

    [Fact]
    public async Task DescribeImageAsync_MissingTagOrRepository_ThrowsEcrCodes()
    {
        await using var sandbox = await ContractSandbox.StartAsync();

        var noImage = await Assert.ThrowsAsync<AwsServiceException>(() => sandbox.Apis.Ecr.DescribeImageAsync(ContractSandbox.Region, ContractSandbox.Account, "web", "v9", null, CancellationToken.None));
        var noRepository = await Assert.ThrowsAsync<AwsServiceException>(() => sandbox.Apis.Ecr.DescribeImageAsync(ContractSandbox.Region, ContractSandbox.Account, "api", "v1", null, CancellationToken.None));

        Assert.Equal(("ecr", "ImageNotFoundException"), (noImage.Service, noImage.ErrorCode));
        Assert.Contains("imageTag:'v9'", noImage.AwsMessage, StringComparison.Ordinal);
        Assert.Equal("RepositoryNotFoundException", noRepository.ErrorCode);
        Assert.Equal("The repository with name 'api' does not exist in the registry with id '111122223333'", noRepository.AwsMessage);
        Assert.Equal(["ImageNotFoundException", "RepositoryNotFoundException"], (await sandbox.RequestsAsync()).Select(r => r.ErrorCode));
    }

    [Fact]
    public async Task DescribeServiceAsync_UnknownAccessKey_ThrowsUnrecognizedClientOnce()
    {
        await using var sandbox = await ContractSandbox.StartAsync();
        using var stranger = sandbox.CreateClients(new BasicAWSCredentials("AKIDSOMEONEELSE00000", "not/the/sandbox/secret"), maxAttempts: 5);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => stranger.Ecs.DescribeServiceAsync(ContractSandbox.Cluster, ContractSandbox.Service, CancellationToken.None));

        Assert.Equal(("UnrecognizedClientException", 403), (error.ErrorCode, error.StatusCode));
        await SingleFailedRequestAsync(sandbox, "DescribeServices", "UnrecognizedClientException");
    }

    [Fact]
    public async Task DescribeServiceAsync_WrongSecretKey_ThrowsInvalidSignature()
    {
        await using var sandbox = await ContractSandbox.StartAsync();
        using var forger = sandbox.CreateClients(new BasicAWSCredentials(ContractSandbox.AccessKeyId, "not/the/sandbox/secret"));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => forger.Ecs.DescribeServiceAsync(ContractSandbox.Cluster, ContractSandbox.Service, CancellationToken.None));

        Assert.Equal(("InvalidSignatureException", 403), (error.ErrorCode, error.StatusCode));
        await SingleFailedRequestAsync(sandbox, "DescribeServices", "InvalidSignatureException");
    }
}
