using System.Text.Json.Nodes;

namespace EcsDeploy.TaskDefinitions;

/// <summary>A readable list of what changes between two task definitions: images first, then every other field by path.</summary>
internal sealed class TaskDefinitionDiff
{
    private readonly Action<string> _mask;

    private TaskDefinitionDiff(Action<string> mask) => _mask = mask;

    /// <summary>
    /// The lines of the diff between normalized definitions. Values that look like credentials are passed to
    /// <paramref name="mask"/> and shown as ***.
    /// </summary>
    public static IReadOnlyList<string> Describe(JsonObject current, JsonObject next, Action<string> mask)
    {
        var diff = new TaskDefinitionDiff(mask);
        var before = diff.Flatten(current);
        var after = diff.Flatten(next);
        var lines = new List<string>();

        var images = new List<string>();
        foreach (var (path, value) in after.Where(p => IsImage(p.Key)))
        {
            var container = path[..path.LastIndexOf('.')];
            var name = container["containerDefinitions[".Length..^1];
            images.Add(before.TryGetValue(path, out var old)
                ? old == value ? $"  {name}: {Plain(value)} (unchanged)" : $"  {name}: {Plain(old)} → {Plain(value)}"
                : $"  {name}: (new container) {Plain(value)}");
        }

        foreach (var (path, value) in before.Where(p => IsImage(p.Key) && !after.ContainsKey(p.Key)))
        {
            images.Add($"  {path["containerDefinitions[".Length..path.LastIndexOf(']')]}: {Plain(value)} (container removed)");
        }

        if (images.Count > 0)
        {
            lines.Add("Images:");
            lines.AddRange(images);
        }

        var changes = new List<string>();
        foreach (var (path, value) in after.Where(p => !IsImage(p.Key)))
        {
            if (!before.TryGetValue(path, out var old))
            {
                changes.Add($"+ {path}: {value}");
            }
            else if (old != value)
            {
                changes.Add($"~ {path}: {old} → {value}");
            }
        }

        changes.AddRange(before.Where(p => !IsImage(p.Key) && !after.ContainsKey(p.Key)).Select(p => $"- {p.Key}: {p.Value}"));
        lines.Add(changes.Count == 0 ? "No other changes." : "Other changes:");
        lines.AddRange(changes);
        return lines;
    }

    // Container names hold no dots, so the image path has exactly one.
    private static bool IsImage(string path) =>
        path.StartsWith("containerDefinitions[", StringComparison.Ordinal) && path.EndsWith("].image", StringComparison.Ordinal) && path.Count(c => c == '.') == 1;

    private static string Plain(string json) => json.Length >= 2 && json[0] == '"' ? json[1..^1] : json;

    // Path → value text, in document order. Lists of objects with unique names are keyed by name.
    private Dictionary<string, string> Flatten(JsonObject root)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, child) in root)
        {
            Add(result, key, key, child);
        }

        return result;
    }

    private void Add(Dictionary<string, string> result, string path, string key, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject { Count: 0 }:
                result[path] = "{}";
                break;
            case JsonObject obj:
                foreach (var (childKey, child) in obj)
                {
                    Add(result, $"{path}.{childKey}", childKey, child);
                }

                break;
            case JsonArray { Count: 0 }:
                result[path] = "[]";
                break;
            case JsonArray array when NamesOf(array) is { } names:
                for (var i = 0; i < array.Count; i++)
                {
                    var element = (JsonObject)array[i]!;
                    var itemPath = $"{path}[{names[i]}]";
                    var others = element.Where(p => p.Key != "name").ToArray();
                    if (others.Length == 1 && others[0].Value is JsonValue)
                    {
                        // name/value pairs (environment, secrets) read best as NAME: value.
                        Add(result, itemPath, names[i], others[0].Value);
                    }
                    else
                    {
                        foreach (var (childKey, child) in others)
                        {
                            Add(result, $"{itemPath}.{childKey}", childKey, child);
                        }
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    Add(result, $"{path}[{i}]", key, array[i]);
                }

                break;
            case null:
                result[path] = "null";
                break;
            default:
                result[path] = Show(key, node);
                break;
        }
    }

    private string Show(string key, JsonNode value)
    {
        if (value.GetValueKind() == System.Text.Json.JsonValueKind.String)
        {
            var text = value.GetValue<string>();
            if (CredentialDetector.LooksLikeCredential(key, text))
            {
                _mask(text);
                return "***";
            }
        }

        return value.ToJsonString();
    }

    private static string[]? NamesOf(JsonArray array)
    {
        var names = array.Select(e => e is JsonObject o && o["name"] is JsonValue v && v.TryGetValue<string>(out var n) ? n : "").ToArray();
        return names.All(n => n.Length > 0) && names.Distinct(StringComparer.Ordinal).Count() == names.Length ? names : null;
    }
}
