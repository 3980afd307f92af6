namespace EcsDeploy.Tests.Contract;

/// <summary>ECR DescribeImages through the real client against the sandbox.</summary>
public sealed class EcrContractTests
{
    [Fact]
    public async Task DescribeImageAsync_Tag_ReturnsWorldDigest()
    {
        await using var sandbox = await ContractSandbox.StartAsync();

        var image = await sandbox.Apis.Ecr.DescribeImageAsync(ContractSandbox.Region, ContractSandbox.Account, "web", "v2", null, CancellationToken.None);

        var body = await sandbox.SingleValidRequestAsync("ecr", "DescribeImages");
        Assert.Equal("""{"registryId":"111122223333","repositoryName":"web","imageIds":[{"imageTag":"v2"}]}""", body.ToJsonString());
        var expected = sandbox.Read(w => w.Repositories["web"].Images.Single(i => i.Tags.Contains("v2")));
        Assert.Equal(expected.Digest, image.ImageDigest);
        Assert.StartsWith("sha256:", image.ImageDigest, StringComparison.Ordinal);
        Assert.Equal(("111122223333", "web"), (image.RegistryId, image.RepositoryName));
        Assert.Equal(["v2"], image.ImageTags);
        Assert.Equal(expected.PushedAt.ToUnixTimeSeconds(), image.ImagePushedAt?.ToUnixTimeSeconds());
    }

    [Fact]
    public async Task DescribeImageAsync_Digest_ReturnsImageWithItsTags()
    {
        await using var sandbox = await ContractSandbox.StartAsync();
        var expected = sandbox.Read(w => w.Repositories["web"].Images.Single(i => i.Tags.Contains("v1")));

        var image = await sandbox.Apis.Ecr.DescribeImageAsync(ContractSandbox.Region, ContractSandbox.Account, "web", null, expected.Digest, CancellationToken.None);

        var body = await sandbox.SingleValidRequestAsync("ecr", "DescribeImages");
        Assert.Equal(expected.Digest, body["imageIds"]![0]!["imageDigest"]!.GetValue<string>());
        Assert.Equal(expected.Digest, image.ImageDigest);
        Assert.Equal(["v1"], image.ImageTags);
    }
}
