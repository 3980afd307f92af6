using Amazon;
using Amazon.RuntimeDependencies;
using Amazon.SecurityToken;
using EcsDeploy.Aws;

namespace EcsDeploy.Tests.Aws;

public sealed class AwsCredentialChainTests
{
    [Fact]
    public void Resolve_Called_DefersLookupAndRegistersStsClientForWhatTheSdkAsks()
    {
        var credentials = Assert.IsType<DeferredAwsCredentials>(AwsCredentialChain.Resolve());

        Assert.False(credentials.IsResolved);
        var context = new CreateInstanceContext(new SecurityTokenServiceClientContext
        {
            // AWSSDK.Core's web identity credentials ask with this action too: a null answer would send a native build
            // to reflection, which it does not have.
            Action = SecurityTokenServiceClientContext.ActionContext.AssumeRoleAWSCredentials,
            Region = RegionEndpoint.EUWest1,
        });
        var client = GlobalRuntimeDependencyRegistry.Instance.GetInstance<AmazonSecurityTokenServiceClient>(
            "AWSSDK.SecurityToken", "Amazon.SecurityToken.AmazonSecurityTokenServiceClient", context);
        using var sts = Assert.IsType<AmazonSecurityTokenServiceClient>(client);
        Assert.Equal(RegionEndpoint.EUWest1, sts.Config.RegionEndpoint);
    }
}
