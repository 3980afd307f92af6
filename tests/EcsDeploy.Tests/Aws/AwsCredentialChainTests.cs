using Amazon;
using Amazon.RuntimeDependencies;
using Amazon.SecurityToken;
using EcsDeploy.Aws;

namespace EcsDeploy.Tests.Aws;

public sealed class AwsCredentialChainTests
{
    [Fact]
    public void Resolve_Called_DefersLookupAndRegistersStsClientForWebIdentity()
    {
        var credentials = Assert.IsType<DeferredAwsCredentials>(AwsCredentialChain.Resolve());

        Assert.False(credentials.IsResolved);
        var context = new CreateInstanceContext(new SecurityTokenServiceClientContext
        {
            Action = SecurityTokenServiceClientContext.ActionContext.AssumeRoleWithWebIdentityCredentials,
            Region = RegionEndpoint.EUWest1,
        });
        var client = GlobalRuntimeDependencyRegistry.Instance.GetInstance<AmazonSecurityTokenServiceClient>(
            "AWSSDK.SecurityToken", "Amazon.SecurityToken.AmazonSecurityTokenServiceClient", context);
        using var sts = Assert.IsType<AmazonSecurityTokenServiceClient>(client);
        Assert.Equal(RegionEndpoint.EUWest1, sts.Config.RegionEndpoint);
    }
}
