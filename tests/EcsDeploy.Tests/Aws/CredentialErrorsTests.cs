using System.Net;
using Amazon.Runtime;
using EcsDeploy.Aws;

namespace EcsDeploy.Tests.Aws;

public sealed class CredentialErrorsTests
{
    private const string Role = "arn:aws:iam::111122223333:role/deploy";

    // What the SDK's chain says when nothing is configured: one long paragraph per provider.
    private static readonly string SdkText = "Failed to resolve AWS credentials. The credential providers used to search for credentials returned the following errors: " +
        string.Join(" ", Enumerable.Range(1, 6).Select(i => $"Exception {i} of 6: Unable to find credentials in source number {i}; the provider looked in many places."));

    private static async Task<AwsServiceException> FailingCallAsync(Func<AWSCredentials> credentials, Dictionary<string, string> environment)
    {
        var handler = new FakeAwsHandler();
        using var apis = TestClients.Create(handler, credentials: new DeferredAwsCredentials(credentials), environment: environment);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => apis.Ecs.DescribeServiceAsync("prod", "web", CancellationToken.None));

        Assert.Empty(handler.Requests);
        Assert.Equal("CredentialsError", error.ErrorCode);
        Assert.DoesNotContain('\n', error.AwsMessage);
        return error;
    }

    [Fact]
    public async Task CallAsync_NoCredentials_SaysWhichSourcesWereTriedAndWhatToConfigure()
    {
        var error = await FailingCallAsync(() => throw new AmazonClientException(SdkText), []);

        Assert.StartsWith("no AWS credentials were found; tried environment variables (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), web identity", error.AwsMessage, StringComparison.Ordinal);
        Assert.Contains("aws-actions/configure-aws-credentials", error.AwsMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception 1 of 6", error.AwsMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallAsync_WebIdentityRoleRefused_GivesTheStsCodeMessageRoleAndTrustPolicyFixes()
    {
        var sts = new AmazonServiceException("Not authorized to perform sts:AssumeRoleWithWebIdentity", null, ErrorType.Sender, "AccessDenied", "req-1", HttpStatusCode.Forbidden);
        var environment = new Dictionary<string, string> { ["AWS_ROLE_ARN"] = Role, ["AWS_WEB_IDENTITY_TOKEN_FILE"] = "/tmp/token" };

        var error = await FailingCallAsync(() => throw new AmazonClientException($"Error calling AssumeRole for role {Role}", sts), environment);

        Assert.StartsWith($"assuming role {Role} with the GitHub OIDC token failed (AccessDenied): Not authorized to perform sts:AssumeRoleWithWebIdentity.", error.AwsMessage, StringComparison.Ordinal);
        Assert.Contains("token.actions.githubusercontent.com:sub", error.AwsMessage, StringComparison.Ordinal);
        Assert.Contains(":aud must be sts.amazonaws.com", error.AwsMessage, StringComparison.Ordinal);
        Assert.Contains("id-token: write", error.AwsMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallAsync_StsErrorNotWrapped_IsStillExplained()
    {
        var sts = new AmazonServiceException("Incorrect token audience", null, ErrorType.Sender, "InvalidIdentityToken", "req-2", HttpStatusCode.BadRequest);

        var error = await FailingCallAsync(() => throw sts, new Dictionary<string, string> { ["AWS_ROLE_ARN"] = Role });

        Assert.Contains("(InvalidIdentityToken): Incorrect token audience.", error.AwsMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallAsync_WebIdentityTokenFileUnreadable_NamesTheRoleAndTheFile()
    {
        var environment = new Dictionary<string, string> { ["AWS_ROLE_ARN"] = Role, ["AWS_WEB_IDENTITY_TOKEN_FILE"] = "/tmp/missing-token" };

        var error = await FailingCallAsync(() => throw new AmazonClientException("Error calling AssumeRole", new FileNotFoundException("Could not find file '/tmp/missing-token'.")), environment);

        Assert.Equal($"assuming role {Role} with the web identity token in /tmp/missing-token failed: Could not find file '/tmp/missing-token'. Check that the token file exists and that the job has 'permissions: id-token: write'.", error.AwsMessage);
    }
}
