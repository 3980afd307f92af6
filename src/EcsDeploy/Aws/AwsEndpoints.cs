namespace EcsDeploy.Aws;

/// <summary>Regional endpoints per partition, with the AWS SDKs' environment overrides.</summary>
public static class AwsEndpoints
{
    public const string GlobalEndpointVariable = "AWS_ENDPOINT_URL";
    public const string IgnoreEndpointsVariable = "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS";

    /// <summary>The partition a region belongs to: aws, aws-cn, aws-us-gov, aws-iso or aws-iso-b.</summary>
    public static string Partition(string region)
    {
        ArgumentNullException.ThrowIfNull(region);
        if (region.StartsWith("cn-", StringComparison.Ordinal))
        {
            return "aws-cn";
        }

        if (region.StartsWith("us-gov-", StringComparison.Ordinal))
        {
            return "aws-us-gov";
        }

        if (region.StartsWith("us-isob-", StringComparison.Ordinal))
        {
            return "aws-iso-b";
        }

        return region.StartsWith("us-iso-", StringComparison.Ordinal) ? "aws-iso" : "aws";
    }

    /// <summary>The DNS suffix of a region's partition, for example amazonaws.com.cn.</summary>
    public static string DnsSuffix(string region) => Partition(region) switch
    {
        "aws-cn" => "amazonaws.com.cn",
        "aws-iso" => "c2s.ic.gov",
        "aws-iso-b" => "sc2s.sgov.gov",
        _ => "amazonaws.com",
    };

    /// <summary>The dual-stack (IPv4 and IPv6) DNS suffix of a region's partition; the ISO partitions have none and keep theirs.</summary>
    public static string DualStackDnsSuffix(string region) => Partition(region) switch
    {
        "aws-cn" => "api.amazonwebservices.com.cn",
        "aws-iso" or "aws-iso-b" => DnsSuffix(region),
        _ => "api.aws",
    };

    /// <summary>
    /// The endpoint for <paramref name="service"/> in <paramref name="region"/>, in the AWS SDKs' order:
    /// AWS_ENDPOINT_URL_&lt;SERVICE&gt;, AWS_ENDPOINT_URL, the profile's [services …] endpoint_url, the profile's
    /// endpoint_url (all skipped when configured endpoints are ignored), then the partition's regional host —
    /// its FIPS and/or dual-stack form when AWS_USE_FIPS_ENDPOINT / AWS_USE_DUALSTACK_ENDPOINT (or the profile) ask.
    /// </summary>
    public static Uri Resolve(AwsService service, string region, IReadOnlyDictionary<string, string> environment, AwsSdkSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(environment);
        settings ??= AwsSdkSettings.Read(environment);
        var configured = settings.IgnoreConfiguredEndpoints ? null
            : Configured(service, environment) ?? settings.ProfileServiceEndpoints.GetValueOrDefault(service.ConfigKey) ?? settings.ProfileEndpoint;
        if (configured is not null)
        {
            return configured;
        }

        var prefix = settings.UseFips ? service.FipsPrefix(settings.UseDualStack) : service.EndpointPrefix;
        var suffix = settings.UseDualStack ? DualStackDnsSuffix(region) : DnsSuffix(region);
        return new Uri($"https://{prefix}.{region}.{suffix}/");
    }

    /// <summary>A configured endpoint URL with the path JSON 1.1 posts to; anything but an absolute http(s) URL is an error naming <paramref name="what"/>.</summary>
    public static Uri ParseEndpoint(string value, string what)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"{what} is '{value}', which is not an absolute http(s) URL; set it to a URL such as https://host:port or unset it.");
        }

        // The SDKs append the operation path to the configured base; JSON 1.1 posts to "/".
        return uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
    }

    private static Uri? Configured(AwsService service, IReadOnlyDictionary<string, string> environment)
    {
        if (environment.TryGetValue(IgnoreEndpointsVariable, out var ignore)
            && string.Equals(ignore.Trim(), "true", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        foreach (var name in new[] { service.EndpointVariable, GlobalEndpointVariable })
        {
            if (environment.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value))
            {
                return ParseEndpoint(value, $"Environment variable {name}");
            }
        }

        return null;
    }
}
