using System.Text.Json.Nodes;
using EcsDeploy.Sandbox.State;
using EcsDeploy.Sandbox.Tests.Support;

namespace EcsDeploy.Sandbox.Tests;

public sealed class EcrTests
{
    private const string Example = "sandbox/canary-success.yaml";

    [Fact]
    public async Task DescribeImages_ByTag_StableDigest()
    {
        await using var sandbox = await TestSandbox.StartExampleAsync(Example);
        using var client = new SandboxClient(sandbox.BaseUrl);

        var response = await client.EcrAsync("DescribeImages", new { repositoryName = "web", imageIds = new[] { new { imageTag = "v2" } } });

        var detail = response["imageDetails"]![0]!;
        Assert.Equal("sha256:" + StableIds.Hex("web:v2"), (string?)detail["imageDigest"]);
        Assert.Equal(["v2"], detail["imageTags"]!.AsArray().Select(n => (string)n!));
    }

    [Fact]
    public async Task DescribeImages_UnknownTag_ImageNotFoundException()
    {
        await using var sandbox = await TestSandbox.StartExampleAsync(Example);
        using var client = new SandboxClient(sandbox.BaseUrl);

        var response = await client.SendAsync(SandboxClient.EcrPrefix, "ecr", "DescribeImages", new { repositoryName = "web", imageIds = new[] { new { imageTag = "v9" } } });

        Assert.Equal(400, response.Status);
        Assert.Equal("ImageNotFoundException", response.ErrorCode);
        Assert.Equal("The image with imageId {imageDigest:'null', imageTag:'v9'} does not exist within the repository with name 'web' in the registry with id '111122223333'", response.Message);
    }

    [Fact]
    public async Task DescribeImages_UnknownRepository_RepositoryNotFoundException()
    {
        await using var sandbox = await TestSandbox.StartExampleAsync(Example);
        using var client = new SandboxClient(sandbox.BaseUrl);

        var response = await client.SendAsync(SandboxClient.EcrPrefix, "ecr", "DescribeImages", new { repositoryName = "api" });

        Assert.Equal("RepositoryNotFoundException", response.ErrorCode);
        Assert.Equal("The repository with name 'api' does not exist in the registry with id '111122223333'", response.Message);
    }

    [Fact]
    public async Task BatchGetImage_KnownAndUnknownTags_ManifestAndFailure()
    {
        await using var sandbox = await TestSandbox.StartExampleAsync(Example);
        using var client = new SandboxClient(sandbox.BaseUrl);

        var response = await client.EcrAsync("BatchGetImage", new { repositoryName = "web", imageIds = new[] { new { imageTag = "v1" }, new { imageTag = "nope" } } });

        var image = response["images"]![0]!;
        Assert.Equal("sha256:" + StableIds.Hex("web:v1"), (string?)image["imageId"]!["imageDigest"]);
        Assert.Equal(2, (int)JsonNode.Parse((string)image["imageManifest"]!)!["schemaVersion"]!);
        Assert.Equal("ImageNotFound", (string?)response["failures"]![0]!["failureCode"]);
    }

    [Fact]
    public async Task DescribeRepositories_All_ListsUri()
    {
        await using var sandbox = await TestSandbox.StartExampleAsync(Example);
        using var client = new SandboxClient(sandbox.BaseUrl);

        var response = await client.EcrAsync("DescribeRepositories");

        Assert.Equal("111122223333.dkr.ecr.us-east-1.amazonaws.com/web", (string?)response["repositories"]![0]!["repositoryUri"]);
    }
}
