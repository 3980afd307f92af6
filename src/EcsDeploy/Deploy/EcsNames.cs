using System.Text.RegularExpressions;
using EcsDeploy.Runtime;

namespace EcsDeploy.Deploy;

/// <summary>Checks of the cluster and service inputs, so a malformed name is refused before any AWS call.</summary>
public static partial class EcsNames
{
    /// <summary>Records an error on <paramref name="reader"/> when <paramref name="cluster"/> is neither a cluster name nor a cluster ARN.</summary>
    public static void CheckCluster(InputReader reader, string cluster)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(cluster);
        if (!ClusterPattern().IsMatch(cluster))
        {
            reader.AddError("cluster", cluster, "is not an ECS cluster name or ARN; a name has up to 255 letters, digits, hyphens and underscores");
        }
    }

    /// <summary>Records an error on <paramref name="reader"/> when <paramref name="service"/> is given and is neither a service name nor a service ARN.</summary>
    public static void CheckService(InputReader reader, string? service)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (service is { Length: > 0 } && !ServicePattern().IsMatch(service))
        {
            reader.AddError("service", service, "is not an ECS service name or ARN; a name has up to 255 letters, digits, hyphens and underscores");
        }
    }

    [GeneratedRegex(@"^([A-Za-z0-9_-]{1,255}|arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:cluster/[A-Za-z0-9_-]{1,255})$")]
    private static partial Regex ClusterPattern();

    // Service ARNs come in the old form (service/name) and the new one (service/cluster/name).
    [GeneratedRegex(@"^([A-Za-z0-9_-]{1,255}|arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:service/([A-Za-z0-9_-]{1,255}/)?[A-Za-z0-9_-]{1,255})$")]
    private static partial Regex ServicePattern();
}
