using System.Text.Json.Nodes;
using EcsDeploy.Aws;
using EcsDeploy.Aws.Ecr;
using EcsDeploy.Runtime;

namespace EcsDeploy.TaskDefinitions;

/// <summary>Checks that every ECR image of a definition exists and, when asked, pins it to its digest.</summary>
internal sealed class EcrImageChecker(IEcrApi ecr, IJobLog log)
{
    /// <summary>Checks each container's image in turn; throws <see cref="TaskDefinitionException"/> for the first that is missing. Returns the tagged image each pinned container had.</summary>
    /// <remarks>An image several containers use (a sidecar pattern) is described once: DescribeImages is asked once per registry, repository and tag or digest.</remarks>
    public async Task<IReadOnlyDictionary<string, string>> CheckAsync(JsonObject definition, bool pin, CancellationToken cancellationToken)
    {
        var pinnedFrom = new Dictionary<string, string>(StringComparer.Ordinal);
        var seen = new Dictionary<(string Region, string Account, string Repository, string? Tag, string? Digest), EcrImageDetail>();
        var containers = (definition["containerDefinitions"] as JsonArray)?.OfType<JsonObject>() ?? [];
        foreach (var container in containers)
        {
            if (container["image"] is not JsonValue value || !value.TryGetValue<string>(out var image))
            {
                continue;
            }

            var match = Patterns.EcrImage().Match(image);
            if (!match.Success)
            {
                continue;
            }

            var name = TaskDefinitionEditor.NameOf(container) ?? "(unnamed)";
            var registry = match.Groups["registry"].Value;
            var repository = match.Groups["repo"].Value;
            var digest = match.Groups["digest"].Success ? match.Groups["digest"].Value : null;
            var tag = digest is null ? (match.Groups["tag"].Success ? match.Groups["tag"].Value : "latest") : null;
            var key = (match.Groups["region"].Value, match.Groups["account"].Value, repository, tag, digest);
            if (!seen.TryGetValue(key, out var detail))
            {
                detail = await DescribeAsync(name, image, key.Item1, key.Item2, repository, tag, digest, cancellationToken).ConfigureAwait(false);
                seen[key] = detail;
            }

            if (pin && digest is null)
            {
                var pinned = $"{registry}/{repository}@{detail.ImageDigest}";
                container["image"] = pinned;
                pinnedFrom[name] = image;
                log.Info($"Container '{name}': {image} → {pinned}");
            }
        }

        return pinnedFrom;
    }

    private async Task<EcrImageDetail> DescribeAsync(string container, string image, string region, string account, string repository, string? tag, string? digest, CancellationToken cancellationToken)
    {
        var what = tag is null ? $"digest {digest}" : $"tag '{tag}'";
        try
        {
            var detail = await ecr.DescribeImageAsync(region, account, repository, tag, digest, cancellationToken).ConfigureAwait(false);
            if (string.IsNullOrEmpty(detail.ImageDigest))
            {
                throw new TaskDefinitionException($"Image '{image}' of container '{container}': ECR reported no digest for {what}; push the image again.");
            }

            return detail;
        }
        catch (AwsServiceException ex) when (ex.ErrorCode == "ImageNotFoundException")
        {
            throw new TaskDefinitionException($"Image '{image}' of container '{container}' does not exist: ECR repository '{repository}' in account {account} ({region}) has no {what}; push the image first or fix the image input.", ex);
        }
        catch (AwsServiceException ex) when (ex.ErrorCode == "RepositoryNotFoundException")
        {
            throw new TaskDefinitionException($"Image '{image}' of container '{container}' cannot exist: there is no ECR repository '{repository}' in account {account} ({region}); check the repository name and region.", ex);
        }
        catch (AwsServiceException ex)
        {
            throw new TaskDefinitionException($"Checking image '{image}' of container '{container}' in ECR failed ({ex.ErrorCode}): {ex.AwsMessage}; the role needs ecr:DescribeImages on repository '{repository}'.", ex);
        }
    }
}
