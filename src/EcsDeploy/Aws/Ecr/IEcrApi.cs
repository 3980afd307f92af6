namespace EcsDeploy.Aws.Ecr;

/// <summary>An image as DescribeImages reports it.</summary>
public sealed record EcrImageDetail
{
    public string RegistryId { get; init; } = "";
    public string RepositoryName { get; init; } = "";
    public string ImageDigest { get; init; } = "";
    public IReadOnlyList<string>? ImageTags { get; init; }
    public DateTimeOffset? ImagePushedAt { get; init; }
}

/// <summary>The Amazon ECR operations the action uses. Failures throw <see cref="AwsServiceException"/>.</summary>
public interface IEcrApi
{
    /// <summary>DescribeImages in <paramref name="region"/> for one tag or digest (ImageNotFoundException / RepositoryNotFoundException propagate).</summary>
    Task<EcrImageDetail> DescribeImageAsync(string region, string registryId, string repositoryName, string? imageTag, string? imageDigest, CancellationToken cancellationToken);
}
