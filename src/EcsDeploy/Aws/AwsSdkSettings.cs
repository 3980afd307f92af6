using System.Globalization;
using Amazon.Runtime;

namespace EcsDeploy.Aws;

/// <summary>The AWS SDKs' retry modes. AWSSDK.Core 4 dropped "legacy"; as there, it is accepted and runs as standard.</summary>
public enum AwsRetryMode
{
    /// <summary>Jittered exponential backoff on throttling, transient errors and 5xx.</summary>
    Standard,

    /// <summary>Standard, plus client-side congestion control: after a throttling answer every call waits out the backoff.</summary>
    Adaptive,
}

/// <summary>
/// The AWS SDKs' settings beyond credentials and region, each from its environment variable first, then the shared
/// config file's profile: AWS_USE_FIPS_ENDPOINT / use_fips_endpoint, AWS_USE_DUALSTACK_ENDPOINT /
/// use_dualstack_endpoint, AWS_RETRY_MODE / retry_mode, AWS_MAX_ATTEMPTS / max_attempts, AWS_CA_BUNDLE / ca_bundle,
/// AWS_STS_REGIONAL_ENDPOINTS / sts_regional_endpoints, endpoint_url and [services …] endpoint_url,
/// AWS_IGNORE_CONFIGURED_ENDPOINT_URLS / ignore_configured_endpoint_urls.
/// </summary>
public sealed record AwsSdkSettings
{
    /// <summary>Nothing configured: the SDKs' defaults.</summary>
    public static readonly AwsSdkSettings Default = new();

    public bool UseFips { get; init; }
    public bool UseDualStack { get; init; }
    public AwsRetryMode RetryMode { get; init; }

    /// <summary>max_attempts of the profile (AWS_MAX_ATTEMPTS is read by <see cref="AwsRetry.ResolveMaxAttempts"/> and wins).</summary>
    public int? ProfileMaxAttempts { get; init; }

    /// <summary>A PEM file of the certificate authorities to trust instead of the system's.</summary>
    public string? CaBundle { get; init; }

    /// <summary>True unless sts_regional_endpoints is legacy; AWSSDK.Core 4 calls the regional STS endpoint either way.</summary>
    public bool StsRegionalEndpoints { get; init; } = true;

    /// <summary>True when configured endpoints (variables and file) are to be ignored.</summary>
    public bool IgnoreConfiguredEndpoints { get; init; }

    /// <summary>endpoint_url of the profile.</summary>
    public Uri? ProfileEndpoint { get; init; }

    /// <summary>endpoint_url per service key (ecs, codedeploy, ecr) from the profile's [services …] section.</summary>
    public IReadOnlyDictionary<string, Uri> ProfileServiceEndpoints { get; init; } = new Dictionary<string, Uri>();

    /// <summary>Reads the settings; a value that is not one the SDKs accept is an error naming the variable or key and the value.</summary>
    public static AwsSdkSettings Read(IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var file = AwsSharedConfig.Load(environment);
        var profile = file.Profile;
        string? Env(string name) => environment.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

        var services = new Dictionary<string, Uri>(StringComparer.Ordinal);
        foreach (var service in new[] { AwsService.Ecs, AwsService.CodeDeploy, AwsService.Ecr })
        {
            if (file.ServiceValue(service.ConfigKey, "endpoint_url") is { } url)
            {
                services[service.ConfigKey] = AwsEndpoints.ParseEndpoint(url, $"endpoint_url of service '{service.ConfigKey}' in the shared config file");
            }
        }

        return new AwsSdkSettings
        {
            UseFips = Flag(Env("AWS_USE_FIPS_ENDPOINT"), "AWS_USE_FIPS_ENDPOINT") ?? profile?.UseFIPSEndpoint ?? Flag(file.Value("use_fips_endpoint"), "use_fips_endpoint") ?? false,
            UseDualStack = Flag(Env("AWS_USE_DUALSTACK_ENDPOINT"), "AWS_USE_DUALSTACK_ENDPOINT") ?? profile?.UseDualstackEndpoint ?? Flag(file.Value("use_dualstack_endpoint"), "use_dualstack_endpoint") ?? false,
            RetryMode = Mode(Env("AWS_RETRY_MODE"), "AWS_RETRY_MODE") ?? Mode(profile?.RetryMode?.ToString(), "retry_mode") ?? Mode(file.Value("retry_mode"), "retry_mode") ?? AwsRetryMode.Standard,
            ProfileMaxAttempts = profile?.MaxAttempts ?? Attempts(file.Value("max_attempts")),
            CaBundle = Env("AWS_CA_BUNDLE") ?? file.Value("ca_bundle"),
            StsRegionalEndpoints = Sts(Env("AWS_STS_REGIONAL_ENDPOINTS"), "AWS_STS_REGIONAL_ENDPOINTS") ?? Sts(file.Value("sts_regional_endpoints"), "sts_regional_endpoints") ?? true,
            IgnoreConfiguredEndpoints = Flag(Env(AwsEndpoints.IgnoreEndpointsVariable), AwsEndpoints.IgnoreEndpointsVariable) ?? Flag(file.Value("ignore_configured_endpoint_urls"), "ignore_configured_endpoint_urls") ?? false,
            ProfileEndpoint = file.Value("endpoint_url") is { } endpoint ? AwsEndpoints.ParseEndpoint(endpoint, "endpoint_url in the shared config file") : null,
            ProfileServiceEndpoints = services,
        };
    }

    private static bool? Flag(string? value, string name) => value?.ToLowerInvariant() switch
    {
        null => null,
        "true" => true,
        "false" => false,
        _ => throw new ArgumentException($"{name} is '{value}', which is not true or false; set it to true or false, or unset it."),
    };

    private static AwsRetryMode? Mode(string? value, string name) => value?.ToLowerInvariant() switch
    {
        null => null,
        "standard" or "legacy" => AwsRetryMode.Standard,
        "adaptive" => AwsRetryMode.Adaptive,
        _ => throw new ArgumentException($"{name} is '{value}', which is not legacy, standard or adaptive; set one of them or unset it."),
    };

    private static bool? Sts(string? value, string name) => value?.ToLowerInvariant() switch
    {
        null => null,
        "regional" => true,
        "legacy" => false,
        _ => throw new ArgumentException($"{name} is '{value}', which is not regional or legacy; set one of them or unset it."),
    };

    private static int? Attempts(string? value) =>
        value is null ? null
        : int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 ? n
        : throw new ArgumentException($"max_attempts in the shared config file is '{value}', which is not a whole number of 1 or more.");

    /// <summary>The SDK's retry mode enum, for the STS client the credential chain builds.</summary>
    public RequestRetryMode SdkRetryMode => RetryMode == AwsRetryMode.Adaptive ? RequestRetryMode.Adaptive : RequestRetryMode.Standard;
}
