using System.Text.Json.Nodes;
using EcsDeploy.Sandbox.Protocol;
using EcsDeploy.Sandbox.State;

namespace EcsDeploy.Sandbox.Ecr;

/// <summary>Amazon ECR, read side: repositories and images seeded by the scenario.</summary>
public sealed class EcrHandler(World world) : IServiceHandler
{
    public const string ManifestMediaType = "application/vnd.docker.distribution.manifest.v2+json";

    public string TargetPrefix => "AmazonEC2ContainerRegistry_V20150921";

    public string SigningName => "ecr";

    public bool Supports(string operation) => operation is "DescribeRepositories" or "DescribeImages" or "BatchGetImage";

    public JsonNode Handle(string operation, JsonObject body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return operation switch
        {
            "DescribeRepositories" => DescribeRepositories(body),
            "DescribeImages" => DescribeImages(body),
            "BatchGetImage" => BatchGetImage(body),
            _ => throw new AwsErrorException("UnknownOperationException", $"Operation {operation} is not supported."),
        };
    }

    private JsonObject DescribeRepositories(JsonObject body)
    {
        var registry = Registry(body);
        var names = (body["repositoryNames"] as JsonArray)?.Select(n => (string)n!).ToList();
        var repositories = names is null
            ? world.Repositories.Values.OrderBy(r => r.Name, StringComparer.Ordinal).ToList()
            : names.Select(n => Repository(n, registry)).ToList();
        return new JsonObject
        {
            ["repositories"] = new JsonArray([.. repositories.Select(r => (JsonNode)new JsonObject
            {
                ["repositoryArn"] = r.Arn,
                ["registryId"] = world.AccountId,
                ["repositoryName"] = r.Name,
                ["repositoryUri"] = r.Uri,
                ["createdAt"] = r.Images.Count == 0 ? 0 : r.Images.Min(i => i.PushedAt).ToUnixTimeSeconds(),
                ["imageTagMutability"] = "MUTABLE",
                ["imageScanningConfiguration"] = new JsonObject { ["scanOnPush"] = false },
                ["encryptionConfiguration"] = new JsonObject { ["encryptionType"] = "AES256" },
            })]),
        };
    }

    private JsonObject DescribeImages(JsonObject body)
    {
        var registry = Registry(body);
        var repository = Repository((string)body["repositoryName"]!, registry);
        IEnumerable<ImageState> images = repository.Images;
        if (body["imageIds"] is JsonArray ids)
        {
            images = ids.Select(id => Find(repository, id!.AsObject())
                ?? throw new AwsErrorException("ImageNotFoundException",
                    $"The image with imageId {{imageDigest:'{(string?)id["imageDigest"] ?? "null"}', imageTag:'{(string?)id["imageTag"] ?? "null"}'}} does not exist within the repository with name '{repository.Name}' in the registry with id '{registry}'"))
                .ToList();
        }

        return new JsonObject
        {
            ["imageDetails"] = new JsonArray([.. images.Select(i => (JsonNode)new JsonObject
            {
                ["registryId"] = registry,
                ["repositoryName"] = repository.Name,
                ["imageDigest"] = i.Digest,
                ["imageTags"] = new JsonArray([.. i.Tags.Select(t => (JsonNode)t)]),
                ["imageSizeInBytes"] = i.SizeInBytes,
                ["imagePushedAt"] = i.PushedAt.ToUnixTimeSeconds(),
                ["imageManifestMediaType"] = ManifestMediaType,
                ["artifactMediaType"] = "application/vnd.docker.container.image.v1+json",
                ["imageStatus"] = "ACTIVE",
            })]),
        };
    }

    private JsonObject BatchGetImage(JsonObject body)
    {
        var registry = Registry(body);
        var repository = Repository((string)body["repositoryName"]!, registry);
        var images = new JsonArray();
        var failures = new JsonArray();
        foreach (var id in body["imageIds"]!.AsArray().OfType<JsonObject>())
        {
            if (id["imageDigest"] is null && id["imageTag"] is null)
            {
                failures.Add(Failure(id, "MissingDigestAndTag", "Invalid request parameters: both tag and digest cannot be null"));
                continue;
            }

            var image = Find(repository, id);
            if (image is null)
            {
                failures.Add(Failure(id, "ImageNotFound", "Requested image not found"));
                continue;
            }

            images.Add(new JsonObject
            {
                ["registryId"] = registry,
                ["repositoryName"] = repository.Name,
                ["imageId"] = new JsonObject { ["imageDigest"] = image.Digest, ["imageTag"] = (string?)id["imageTag"] ?? image.Tags.FirstOrDefault() },
                ["imageManifest"] = Manifest(image),
                ["imageManifestMediaType"] = ManifestMediaType,
            });
        }

        return new JsonObject { ["images"] = images, ["failures"] = failures };
    }

    private string Registry(JsonObject body) => (string?)body["registryId"] ?? world.AccountId;

    private RepositoryState Repository(string name, string registry) =>
        registry == world.AccountId && world.Repositories.TryGetValue(name, out var repository)
            ? repository
            : throw new AwsErrorException("RepositoryNotFoundException",
                $"The repository with name '{name}' does not exist in the registry with id '{registry}'");

    private static ImageState? Find(RepositoryState repository, JsonObject id)
    {
        var digest = (string?)id["imageDigest"];
        var tag = (string?)id["imageTag"];
        return repository.Images.FirstOrDefault(i =>
            (digest is null || i.Digest == digest) && (tag is null || i.Tags.Contains(tag)) && (digest ?? tag) is not null);
    }

    private static JsonObject Failure(JsonObject id, string code, string reason) =>
        new() { ["imageId"] = id.DeepClone(), ["failureCode"] = code, ["failureReason"] = reason };

    // A small but well-formed Docker v2 manifest; its digests are derived from the image digest.
    private static string Manifest(ImageState image) => new JsonObject
    {
        ["schemaVersion"] = 2,
        ["mediaType"] = ManifestMediaType,
        ["config"] = new JsonObject
        {
            ["mediaType"] = "application/vnd.docker.container.image.v1+json",
            ["size"] = 1469,
            ["digest"] = "sha256:" + StableIds.Hex("config:" + image.Digest),
        },
        ["layers"] = new JsonArray(new JsonObject
        {
            ["mediaType"] = "application/vnd.docker.image.rootfs.diff.tar.gzip",
            ["size"] = image.SizeInBytes,
            ["digest"] = "sha256:" + StableIds.Hex("layer:" + image.Digest),
        }),
    }.ToJsonString();
}
