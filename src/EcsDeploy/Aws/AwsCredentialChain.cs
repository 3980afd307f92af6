using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Amazon.RuntimeDependencies;
using Amazon.SecurityToken;

namespace EcsDeploy.Aws;

/// <summary>The AWS SDK's default credential chain, resolved on first use.</summary>
public static class AwsCredentialChain
{
    /// <summary>
    /// Credentials from the SDK chain (environment keys and session token, web identity token file and role ARN,
    /// profiles, container and instance metadata). Nothing is looked up until the first signed request.
    /// </summary>
    public static AWSCredentials Resolve()
    {
        // Trimmed and AOT builds cannot find the STS client by reflection, so hand the SDK a factory.
        GlobalRuntimeDependencyRegistry.Instance.RegisterSecurityTokenServiceClient(CreateStsClient);
        return new DeferredAwsCredentials(static () => DefaultAWSCredentialsIdentityResolver.GetCredentials());
    }

    private static object? CreateStsClient(CreateInstanceContext context)
    {
        var data = context.SecurityTokenServiceClientContextData;

        // AssumeRoleWithWebIdentity is an unsigned call: the OIDC token is the proof, so no credentials are needed.
        // Other flows need source credentials the context does not carry; null leaves them to the SDK's own lookup.
        return data.Action == SecurityTokenServiceClientContext.ActionContext.AssumeRoleWithWebIdentityCredentials
            ? new AmazonSecurityTokenServiceClient(new AnonymousAWSCredentials(), data.Region)
            : null;
    }
}

/// <summary>Credentials produced by a factory the first time they are needed, then reused.</summary>
public sealed class DeferredAwsCredentials(Func<AWSCredentials> resolve) : AWSCredentials
{
    private readonly Lazy<AWSCredentials> inner = new(resolve, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Whether the factory has run.</summary>
    public bool IsResolved => inner.IsValueCreated;

    public override ImmutableCredentials GetCredentials() => inner.Value.GetCredentials();

    public override Task<ImmutableCredentials> GetCredentialsAsync() => inner.Value.GetCredentialsAsync();
}
