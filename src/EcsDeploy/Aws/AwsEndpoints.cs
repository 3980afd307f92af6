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

    /// <summary>
    /// The endpoint for <paramref name="service"/> in <paramref name="region"/>: AWS_ENDPOINT_URL_&lt;SERVICE&gt;, then
    /// AWS_ENDPOINT_URL, then the partition's regional host; the overrides are skipped when
    /// AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is true.
    /// </summary>
    public static Uri Resolve(AwsService service, string region, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(environment);
        var configured = Configured(service, environment);
        return configured ?? new Uri($"https://{service.EndpointPrefix}.{region}.{DnsSuffix(region)}/");
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
                if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                {
                    throw new ArgumentException($"Environment variable {name} is '{value}', which is not an absolute http(s) URL; set it to a URL such as https://host:port or unset it.");
                }

                // The SDKs append the operation path to the configured base; JSON 1.1 posts to "/".
                return uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
            }
        }

        return null;
    }
}
