namespace EcsDeploy.Deploy;

/// <summary>AWS console links for the region's partition.</summary>
internal static class ConsoleLinks
{
    public static Uri Deployment(string region, string deploymentId) =>
        Link(region, $"codesuite/codedeploy/deployments/{Uri.EscapeDataString(deploymentId)}");

    public static Uri Service(string region, string cluster, string service) =>
        Link(region, $"ecs/v2/clusters/{Uri.EscapeDataString(cluster)}/services/{Uri.EscapeDataString(service)}/health");

    private static Uri Link(string region, string path)
    {
        var host = region.StartsWith("cn-", StringComparison.Ordinal) ? "console.amazonaws.cn"
            : region.StartsWith("us-gov-", StringComparison.Ordinal) ? "console.amazonaws-us-gov.com"
            : "console.aws.amazon.com";
        return new Uri($"https://{region}.{host}/{path}?region={Uri.EscapeDataString(region)}");
    }
}
