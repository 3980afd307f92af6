namespace EcsDeploy.Aws;

/// <summary>Links into the AWS Management Console of the region's partition.</summary>
public static class AwsConsole
{
    /// <summary>The console host of a region's partition.</summary>
    public static string Host(string region) => AwsEndpoints.Partition(region) switch
    {
        "aws-cn" => "console.amazonaws.cn",
        "aws-us-gov" => "console.amazonaws-us-gov.com",
        _ => "console.aws.amazon.com",
    };

    /// <summary>The page of a CodeDeploy deployment.</summary>
    public static Uri Deployment(string region, string deploymentId) =>
        Link(region, $"codesuite/codedeploy/deployments/{Escape(deploymentId)}");

    /// <summary>The page of an ECS service; cluster may be a name or an ARN.</summary>
    public static Uri EcsService(string region, string cluster, string service) =>
        Link(region, $"ecs/v2/clusters/{Escape(LastSegment(cluster))}/services/{Escape(LastSegment(service))}/health");

    /// <summary>The page of an ECS service deployment (ECS deployment controller); the id is the ARN's last segment.</summary>
    public static Uri ServiceDeployment(string region, string cluster, string service, string serviceDeploymentArn) =>
        Link(region, $"ecs/v2/clusters/{Escape(LastSegment(cluster))}/services/{Escape(LastSegment(service))}/deployments/{Escape(LastSegment(serviceDeploymentArn))}");

    /// <summary>The page of one task definition revision.</summary>
    public static Uri TaskDefinition(string region, string family, int revision) =>
        Link(region, $"ecs/v2/task-definitions/{Escape(family)}/{revision}/containers");

    private static Uri Link(string region, string path) =>
        new($"https://{region}.{Host(region)}/{path}?region={Uri.EscapeDataString(region)}");

    private static string Escape(string value) => Uri.EscapeDataString(value);

    // ARNs such as arn:aws:ecs:us-east-1:123:cluster/name carry the name after the last slash.
    private static string LastSegment(string nameOrArn) =>
        nameOrArn.StartsWith("arn:", StringComparison.Ordinal) ? nameOrArn[(nameOrArn.LastIndexOf('/') + 1)..] : nameOrArn;
}
