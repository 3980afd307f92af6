using Amazon;
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
    public static AWSCredentials Resolve() => Resolve(null, AwsSdkSettings.Default);

    /// <summary>As <see cref="Resolve()"/>, with the web identity's STS calls made to <paramref name="region"/>'s regional endpoint in the FIPS / dual-stack form and retry mode the settings ask for.</summary>
    public static AWSCredentials Resolve(string? region, AwsSdkSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);

        // Trimmed and AOT builds cannot find the STS client by reflection, so hand the SDK a factory.
        GlobalRuntimeDependencyRegistry.Instance.RegisterSecurityTokenServiceClient(context => CreateStsClient(context, region, settings));
        return new DeferredAwsCredentials(static () => DefaultAWSCredentialsIdentityResolver.GetCredentials());
    }

    /// <summary>
    /// The STS client's configuration: the regional endpoint (AWS_STS_REGIONAL_ENDPOINTS=legacy is accepted, but
    /// AWSSDK.Core 4, like the current SDKs, no longer calls the global one), FIPS and dual-stack as configured.
    /// </summary>
    public static AmazonSecurityTokenServiceConfig StsConfig(RegionEndpoint? region, AwsSdkSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new AmazonSecurityTokenServiceConfig
        {
            RegionEndpoint = region ?? RegionEndpoint.USEast1,
            UseFIPSEndpoint = settings.UseFips,
            UseDualstackEndpoint = settings.UseDualStack,
            RetryMode = settings.SdkRetryMode,
        };
    }

    /// <summary>
    /// The STS client the SDK asks for when a credential source assumes a role. AWSSDK.Core asks with the same context
    /// (action AssumeRoleAWSCredentials) for the web identity flow and for a profile's role_arn, and a native build has
    /// no reflection to fall back on, so this must never answer null. AssumeRoleWithWebIdentity is an unsigned call (the
    /// OIDC token is the proof); a profile's AssumeRole would be signed with its source profile's keys, which the context
    /// does not carry, so asking this client for credentials fails with a line that says what to use instead.
    /// </summary>
    internal static AmazonSecurityTokenServiceClient CreateStsClient(CreateInstanceContext context, string? region, AwsSdkSettings settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        var data = context.SecurityTokenServiceClientContextData;
        var endpoint = data?.Region ?? (region is null ? null : RegionEndpoint.GetBySystemName(region));
        return new AmazonSecurityTokenServiceClient(new NoSourceCredentials(), StsConfig(endpoint, settings));
    }
}

/// <summary>The STS client's own credentials: none. Unsigned calls never ask; a signed one fails with what to do instead.</summary>
internal sealed class NoSourceCredentials : AWSCredentials
{
    /// <summary>The explanation a signed STS call gets.</summary>
    public const string Explanation =
        "assuming a role from a shared-config profile (role_arn with source_profile or credential_source) is not supported; " +
        "use aws-actions/configure-aws-credentials with role-to-assume, or set AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN";

    public override ImmutableCredentials GetCredentials() => throw new AmazonClientException(Explanation);

    public override Task<ImmutableCredentials> GetCredentialsAsync() => throw new AmazonClientException(Explanation);
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
