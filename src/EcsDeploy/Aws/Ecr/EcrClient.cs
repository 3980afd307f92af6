namespace EcsDeploy.Aws.Ecr;

/// <summary><see cref="IEcrApi"/> over the JSON 1.1 wire client; each call is signed for its own region.</summary>
public sealed class EcrClient(AwsJsonClient client) : IEcrApi
{
    public async Task<EcrImageDetail> DescribeImageAsync(string region, string registryId, string repositoryName, string? imageTag, string? imageDigest, CancellationToken cancellationToken)
    {
        if (imageTag is null == imageDigest is null)
        {
            throw new ArgumentException("Give exactly one of imageTag and imageDigest.", nameof(imageTag));
        }

        var request = new DescribeImagesRequest(string.IsNullOrEmpty(registryId) ? null : registryId, repositoryName, [new EcrImageId(imageTag, imageDigest)]);
        var response = await client.CallAsync(AwsService.Ecr, region, "DescribeImages", request,
            AwsJsonContext.Default.DescribeImagesRequest, AwsJsonContext.Default.DescribeImagesResponse, cancellationToken).ConfigureAwait(false);
        return response.ImageDetails is [var image, ..]
            ? image
            : throw new AwsServiceException(AwsService.Ecr.Name, "DescribeImages", "ImageNotFoundException",
                $"no image {imageTag ?? imageDigest} in repository '{repositoryName}'", null, 200);
    }
}
