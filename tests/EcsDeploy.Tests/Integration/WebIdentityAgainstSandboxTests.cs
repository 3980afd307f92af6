using Amazon;
using Amazon.RuntimeDependencies;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using EcsDeploy.Aws;

namespace EcsDeploy.Tests.Integration;

/// <summary>
/// The web identity sign-in a GitHub OIDC job makes, over real HTTP against the sandbox's STS: the STS client the action
/// hands the SDK makes the unsigned AssumeRoleWithWebIdentity call, and the keys it returns sign the ECS calls.
/// </summary>
public sealed class WebIdentityAgainstSandboxTests
{
    private const string Role = "arn:aws:iam::111122223333:role/deploy";
    private const string Token = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOmV4YW1wbGUvd2ViIn0.c2lnbmF0dXJl";

    // The client the action registers, pointed at the sandbox (in a real run AWS_ENDPOINT_URL does this for the SDK).
    private static AmazonSecurityTokenServiceClient StsClient(string endpoint)
    {
        var client = AwsCredentialChain.CreateStsClient(
            new CreateInstanceContext(new SecurityTokenServiceClientContext
            {
                // What AWSSDK.Core's web identity credentials ask with (the same as for a profile's role_arn).
                Action = SecurityTokenServiceClientContext.ActionContext.AssumeRoleAWSCredentials,
                Region = RegionEndpoint.USEast1,
            }),
            null,
            AwsSdkSettings.Default);
        ((AmazonSecurityTokenServiceConfig)client.Config).ServiceURL = endpoint;
        return client;
    }

    [Fact]
    public async Task AssumeRoleWithWebIdentity_JwtToken_GivesKeysThatSignEcsCalls()
    {
        var clock = new VirtualClock(SandboxAction.GoldenStart);
        await using var sandbox = await SandboxAction.StartAsync(SandboxAction.Scenario("ecs-canary.yaml"), clock);
        using var sts = StsClient(sandbox.BaseUrl);

        var answer = await sts.AssumeRoleWithWebIdentityAsync(new AssumeRoleWithWebIdentityRequest
        {
            RoleArn = Role, RoleSessionName = "run-1", WebIdentityToken = Token,
        });

        Assert.StartsWith("ASIA", answer.Credentials.AccessKeyId, StringComparison.Ordinal);
        Assert.Equal("arn:aws:sts::111122223333:assumed-role/deploy/run-1", answer.AssumedRoleUser.Arn);
        using var apis = AwsClients.Create(new AwsClientOptions
        {
            Region = "us-east-1",
            Credentials = answer.Credentials,
            Environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["AWS_ENDPOINT_URL"] = sandbox.BaseUrl },
        });
        var service = await apis.Ecs.DescribeServiceAsync("prod", "web", CancellationToken.None);
        Assert.NotNull(service);
        var assumed = Assert.Single(sandbox.World.RequestLog, r => r.Service == "sts");
        Assert.Equal(("AssumeRoleWithWebIdentity", 200), (assumed.Operation, assumed.Status));
    }

    [Theory]
    [InlineData("not-a-jwt", Role, "InvalidIdentityToken")]
    [InlineData(Token, "arn:aws:iam::111122223333:user/deploy", "ValidationError")]
    public async Task AssumeRoleWithWebIdentity_BadTokenOrRole_IsRefusedWithStsCode(string token, string role, string code)
    {
        var clock = new VirtualClock(SandboxAction.GoldenStart);
        await using var sandbox = await SandboxAction.StartAsync(SandboxAction.Scenario("ecs-canary.yaml"), clock);
        using var sts = StsClient(sandbox.BaseUrl);

        var error = await Assert.ThrowsAnyAsync<AmazonSecurityTokenServiceException>(() => sts.AssumeRoleWithWebIdentityAsync(new AssumeRoleWithWebIdentityRequest
        {
            RoleArn = role, RoleSessionName = "run-1", WebIdentityToken = token,
        }));

        Assert.Equal(code, error.ErrorCode);
    }

    [Fact]
    public async Task SignedStsCall_WithoutSourceCredentials_SaysWhatToUseInstead()
    {
        var clock = new VirtualClock(SandboxAction.GoldenStart);
        await using var sandbox = await SandboxAction.StartAsync(SandboxAction.Scenario("ecs-canary.yaml"), clock);
        using var sts = StsClient(sandbox.BaseUrl);

        // A profile's role_arn makes a signed AssumeRole with the client's own (absent) credentials.
        var error = await Assert.ThrowsAnyAsync<Exception>(() => sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = Role, RoleSessionName = "run-1" }));

        Assert.Contains("role_arn", error.Message, StringComparison.Ordinal);
        Assert.Equal(NoSourceCredentials.Explanation + ".", CredentialErrors.Describe(error, new Dictionary<string, string>()));
    }
}
