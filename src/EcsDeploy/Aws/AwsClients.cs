using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using EcsDeploy.Aws.CodeDeploy;
using EcsDeploy.Aws.Ecr;
using EcsDeploy.Aws.Ecs;

namespace EcsDeploy.Aws;

/// <summary>Everything needed to build the AWS clients.</summary>
public sealed record AwsClientOptions
{
    /// <summary>The action's region, for example us-east-1.</summary>
    public required string Region { get; init; }

    /// <summary>Signing credentials; <see cref="AwsCredentialChain.Resolve()"/> gives the SDK chain, resolved on first use.</summary>
    public required AWSCredentials Credentials { get; init; }

    /// <summary>The process environment (endpoint overrides, AWS_MAX_ATTEMPTS).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Total attempts per call, the first one included (the action's max-retries input + 1). Null means
    /// AWS_MAX_ATTEMPTS, else 3, like the SDKs' standard retry mode; see <see cref="AwsRetry.ResolveMaxAttempts"/>.
    /// </summary>
    public int? MaxAttempts { get; init; }

    /// <summary>How long one attempt may take before it counts as a (retryable) timeout.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The transport below the signer; null for a real socket handler. Tests pass fakes or loopback handlers.</summary>
    public HttpMessageHandler? InnerHandler { get; init; }

    /// <summary>The clock backoff delays wait on.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The SDK settings (FIPS, dual-stack, retry mode, CA bundle, configured endpoints); null reads them from <see cref="Environment"/> and the shared config file.</summary>
    public AwsSdkSettings? Sdk { get; init; }

    /// <summary>Hears the action's one-line notices about the calls (AWS is throttling); null to drop them.</summary>
    public Action<string>? OnNotice { get; init; }

    /// <summary>Uniform samples in [0, 1) for backoff jitter; tests pin it.</summary>
    internal Func<double> Jitter { get; init; } = static () => Random.Shared.NextDouble();
}

/// <summary>The AWS APIs the action uses, sharing one signed, retrying HTTP client.</summary>
public sealed class AwsApis(IEcsApi ecs, ICodeDeployApi codeDeploy, IEcrApi ecr, AwsJsonClient json) : IDisposable
{
    public IEcsApi Ecs { get; } = ecs;
    public ICodeDeployApi CodeDeploy { get; } = codeDeploy;
    public IEcrApi Ecr { get; } = ecr;

    /// <summary>The ECS deployment controller's operations (UpdateService, service deployments, ListTasks).</summary>
    public IEcsDeploymentsApi EcsDeployments { get; } = new EcsDeploymentsClient(json);

    /// <summary>The low-level call path, for operations the typed APIs do not cover.</summary>
    public AwsJsonClient Json { get; } = json;

    public void Dispose() => Json.Dispose();
}

/// <summary>Builds the action's AWS clients.</summary>
public static class AwsClients
{
    /// <summary>Creates the clients; no AWS call and no credential lookup happens here.</summary>
    public static AwsApis Create(AwsClientOptions options)
    {
        var json = CreateJsonClient(options);
        return new AwsApis(new EcsClient(json), new CodeDeployClient(json), new EcrClient(json), json);
    }

    /// <summary>Creates only the low-level JSON 1.1 client.</summary>
    public static AwsJsonClient CreateJsonClient(AwsClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Region);
        var sdk = options.Sdk ?? AwsSdkSettings.Read(options.Environment);
        var configured = options.MaxAttempts
            ?? (options.Environment.TryGetValue("AWS_MAX_ATTEMPTS", out var variable) && !string.IsNullOrWhiteSpace(variable)
                ? AwsRetry.ResolveMaxAttempts(null, options.Environment)
                : sdk.ProfileMaxAttempts);
        var maxAttempts = configured ?? AwsRetry.DefaultMaxAttempts;
        if (maxAttempts < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), maxAttempts, "MaxAttempts must be 1 or more.");
        }

        // Redirects must not be followed below the signer: a followed hop would carry a stale signature.
        var transport = options.InnerHandler ?? new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            SslOptions = { RemoteCertificateValidationCallback = sdk.CaBundle is { } bundle ? AwsTls.TrustOnly(bundle) : null },
        };

        // Service and region are set per request; these are only the handler's defaults.
        var signer = new SigV4SigningHandler(options.Credentials, RegionEndpoint.GetBySystemName(options.Region), AwsService.Ecs.Name, transport);
        var http = new HttpClient(signer, disposeHandler: true) { Timeout = options.AttemptTimeout };
        http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", AwsUserAgent.Value);
        var throttled = new ThrottleNotice(options.OnNotice);
        var pipelines = Enum.GetValues<AwsCallKind>().ToDictionary(
            kind => kind,
            kind => AwsRetry.Build(AwsRetryBudget.For(kind, configured, maxAttempts), options.Time, options.Jitter, throttled.Heard));
        return new AwsJsonClient(http, pipelines, options.Region, options.Environment, sdk, options.Time)
        {
            Gate = sdk.RetryMode == AwsRetryMode.Adaptive ? new ThrottleGate(options.Time) : null,
        };
    }
}
