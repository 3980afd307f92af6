using System.Text.Json;
using System.Text.Json.Nodes;
using EcsDeploy.Runtime;
using EcsDeploy.Yaml;

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
            if (new FileInfo(path).Length > InputLimits.MaxBytes)
            {
                return (null, $"Input '{Input}' value '{path}' is larger than {InputLimits.SizeRule}; remove what the task definition does not need.");
            }

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
        catch (InputSyntaxException ex)
        {
            return (null, InputFileProblem.Describe(Input, path, IsYamlPath(path) ? "YAML" : "JSON or YAML", ex));
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

        if (FamilyName.Problem(family.GetValue<string>()) is { } badFamily)
        {
            return (null, $"Input '{Input}' value '{path}' has family '{Quote(family.GetValue<string>())}', which {badFamily}.");
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

        try
        {
            return JsonText.Parse(text);
        }
        catch (InputSyntaxException) when (!path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && !LooksLikeJson(text))
        {
            return YamlToJson.Convert(text);
        }
    }

    // A file that opens with { or [ was written as JSON: its JSON error is the one to show, not YAML's view of it.
    private static bool LooksLikeJson(string text) => text.TrimStart() is ['{' or '[', ..];

    private static string Quote(string value) => value.Length <= 60 ? value : string.Concat(value.AsSpan(0, 57), "...");

}
