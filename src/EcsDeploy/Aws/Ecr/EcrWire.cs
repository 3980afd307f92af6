namespace EcsDeploy.Aws.Ecr;

/// <summary>DescribeImages request for explicit image ids.</summary>
public sealed record DescribeImagesRequest(string? RegistryId, string RepositoryName, IReadOnlyList<EcrImageId> ImageIds);

/// <summary>An image by tag or by digest.</summary>
public sealed record EcrImageId(string? ImageTag, string? ImageDigest);

/// <summary>DescribeImages response.</summary>
public sealed record DescribeImagesResponse(IReadOnlyList<EcrImageDetail>? ImageDetails, string? NextToken);
