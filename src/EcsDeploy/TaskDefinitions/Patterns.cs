using System.Text.RegularExpressions;

namespace EcsDeploy.TaskDefinitions;

/// <summary>Formats the task-definition inputs must follow, for every AWS partition.</summary>
internal static partial class Patterns
{
    [GeneratedRegex(@"^arn:aws(-cn|-us-gov)?:iam::\d{12}:role/[\w+=,.@/-]{1,512}$")]
    public static partial Regex RoleArn();

    [GeneratedRegex(@"^arn:aws(-cn|-us-gov)?:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/\S+$")]
    public static partial Regex S3ObjectArn();

    [GeneratedRegex(@"^arn:aws(-cn|-us-gov)?:ecs:[a-z0-9-]+:\d{12}:task-definition/[A-Za-z0-9_-]{1,255}:\d+$")]
    public static partial Regex TaskDefinitionArn();

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,255}(:\d+)?$")]
    public static partial Regex FamilyAndRevision();

    // Sizes are positive: "0" or "0 GB" is no task size, so it is refused before any AWS call.
    [GeneratedRegex(@"^([1-9]\d*|([1-9]\d*(\.\d+)?|0?\.\d*[1-9]\d*) ?vcpu)$", RegexOptions.IgnoreCase)]
    public static partial Regex TaskCpu();

    [GeneratedRegex(@"^([1-9]\d*|([1-9]\d*(\.\d+)?|0?\.\d*[1-9]\d*) ?gb)$", RegexOptions.IgnoreCase)]
    public static partial Regex TaskMemory();

    [GeneratedRegex(@"^[^\s]+$")]
    public static partial Regex Image();

    /// <summary>An Amazon ECR image: account.dkr.ecr[-fips].region.amazonaws.com[.cn]/repo[:tag][@sha256:digest].</summary>
    [GeneratedRegex(@"^(?<registry>(?<account>\d{12})\.dkr\.ecr(-fips)?\.(?<region>[a-z0-9-]+)\.amazonaws\.com(\.cn)?)/(?<repo>[a-z0-9][a-z0-9._/-]*?)(:(?<tag>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?(@(?<digest>sha256:[a-f0-9]{64}))?$")]
    public static partial Regex EcrImage();
}
