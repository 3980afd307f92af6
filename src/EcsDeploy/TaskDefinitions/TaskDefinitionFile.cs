using System.Text.Json;
using System.Text.Json.Nodes;

namespace EcsDeploy.TaskDefinitions;

/// <summary>Reads a task definition file written in JSON or YAML into a JSON object.</summary>
internal static class TaskDefinitionFile
{
    // Fields a user may paste in PascalCase (from CloudFormation or the .NET SDK); ECS wants camelCase.
    private static readonly string[] KnownTopLevelFields =
    [
        "family", "taskRoleArn", "executionRoleArn", "networkMode", "containerDefinitions", "volumes",
        "placementConstraints", "requiresCompatibilities", "cpu", "memory", "tags", "pidMode", "ipcMode",
        "proxyConfiguration", "inferenceAccelerators", "ephemeralStorage", "runtimePlatform", "enableFaultInjection",
    ];

    /// <summary>The parsed definition, or a one-line problem naming the input and the file.</summary>
    public static (JsonObject? Definition, string? Problem) Read(string path)
    {
        const string Input = "task-definition";
        if (!File.Exists(path))
        {
            return (null, $"Input '{Input}' value '{path}' names a file that does not exist; check the path (relative paths start at the workspace).");
        }

        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException ex)
        {
            return (null, $"Input '{Input}' value '{path}' could not be read: {ex.Message}");
        }
        catch (UnauthorizedAccessException ex)
        {
            return (null, $"Input '{Input}' value '{path}' could not be read: {ex.Message}");
        }

        JsonNode? root;
        try
        {
            root = Parse(text, path);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or ArgumentException)
        {
            return (null, $"Input '{Input}' value '{path}' is not valid {(IsYamlPath(path) ? "YAML" : "JSON or YAML")}: {ex.Message}");
        }

        if (root is not JsonObject definition)
        {
            return (null, $"Input '{Input}' value '{path}' does not hold a task definition object; the file must be a JSON or YAML mapping with containerDefinitions.");
        }

        foreach (var (key, _) in definition)
        {
            var camel = KnownTopLevelFields.FirstOrDefault(f => string.Equals(f, key, StringComparison.OrdinalIgnoreCase));
            if (camel is not null && camel != key)
            {
                return (null, $"Input '{Input}' value '{path}' uses the key '{key}'; task definitions use the camelCase names of the ECS API, so write '{camel}'.");
            }
        }

        if (definition["family"] is not JsonValue family || family.GetValueKind() != JsonValueKind.String || family.GetValue<string>().Length == 0)
        {
            return (null, $"Input '{Input}' value '{path}' has no family; add \"family\": \"name\", the name every revision is registered under.");
        }

        if (definition["containerDefinitions"] is not JsonArray { Count: > 0 })
        {
            return (null, $"Input '{Input}' value '{path}' has no containerDefinitions; add at least one container.");
        }

        return (definition, null);
    }

    private static bool IsYamlPath(string path) =>
        path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase);

    private static JsonNode? Parse(string text, string path)
    {
        if (IsYamlPath(path))
        {
            return YamlToJson.Convert(text);
        }

        var options = new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
        try
        {
            var node = JsonNode.Parse(text, documentOptions: options);
            // Touch every object so that duplicate keys surface here rather than later.
            Walk(node);
            return node;
        }
        catch (JsonException) when (!path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            return YamlToJson.Convert(text);
        }
    }

    private static void Walk(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, child) in obj)
                {
                    Walk(child);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Walk(child);
                }

                break;
        }
    }
}
