using System.Text.Json.Nodes;

namespace EcsDeploy.Reporting;

/// <summary>The image one container runs: the reference as given (with its tag) and the digest it was pinned to, if any.</summary>
/// <param name="Container">The container's name.</param>
/// <param name="Image">The image as written or given, for example 111122223333.dkr.ecr.us-east-1.amazonaws.com/web:v2.</param>
/// <param name="Digest">The pinned digest (sha256:…), or null when the image is not pinned.</param>
public sealed record DeployedImage(string Container, string Image, string? Digest)
{
    /// <summary>
    /// The images of a task definition. An image registered as repo@sha256:… is shown by the tagged reference it was
    /// pinned from, when <paramref name="pinnedFrom"/> (container name to tagged image) knows it.
    /// </summary>
    public static IReadOnlyList<DeployedImage> From(JsonObject taskDefinition, IReadOnlyDictionary<string, string>? pinnedFrom = null)
    {
        ArgumentNullException.ThrowIfNull(taskDefinition);
        var images = new List<DeployedImage>();
        foreach (var container in (taskDefinition["containerDefinitions"] as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            if (container["image"] is not JsonValue value || !value.TryGetValue<string>(out var image))
            {
                continue;
            }

            var name = container["name"] is JsonValue n && n.TryGetValue<string>(out var s) ? s : "(unnamed)";
            var at = image.IndexOf("@sha256:", StringComparison.Ordinal);
            var digest = at < 0 ? null : image[(at + 1)..];
            var shown = pinnedFrom is not null && pinnedFrom.TryGetValue(name, out var tagged) ? tagged : image;
            images.Add(new DeployedImage(name, shown, digest));
        }

        return images;
    }
}
