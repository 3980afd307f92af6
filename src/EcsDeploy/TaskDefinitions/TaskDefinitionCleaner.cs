using System.Text.Json.Nodes;

namespace EcsDeploy.TaskDefinitions;

/// <summary>Turns a task definition as written or as described into a valid RegisterTaskDefinition body.</summary>
internal static class TaskDefinitionCleaner
{
    /// <summary>Fields DescribeTaskDefinition returns that RegisterTaskDefinition rejects.</summary>
    public static readonly IReadOnlyList<string> ReadOnlyFields =
    [
        "taskDefinitionArn", "revision", "status", "requiresAttributes", "compatibilities",
        "registeredAt", "registeredBy", "deregisteredAt",
    ];

    /// <summary>Removes read-only fields from the top level; returns the names removed, in the order above.</summary>
    public static IReadOnlyList<string> RemoveReadOnlyFields(JsonObject definition)
    {
        var removed = new List<string>();
        foreach (var field in ReadOnlyFields)
        {
            if (definition.Remove(field))
            {
                removed.Add(field);
            }
        }

        return removed;
    }

    /// <summary>
    /// Drops empty values (see <see cref="RemoveEmptyValues"/>), then gives back the empty strings ECS needs, as the
    /// official deploy action does: every environment entry keeps a "value" (an entry without one is dropped by ECS,
    /// and the variable with it), and every APPMESH proxy property has a "name" and a "value" (ECS rejects one without).
    /// </summary>
    public static void Clean(JsonObject definition, IReadOnlyCollection<string> keep)
    {
        ArgumentNullException.ThrowIfNull(definition);
        RemoveEmptyValues(definition, keep);
        if (definition["containerDefinitions"] is JsonArray containers)
        {
            foreach (var environment in containers.OfType<JsonObject>().Select(c => c["environment"]).OfType<JsonArray>())
            {
                foreach (var entry in environment.OfType<JsonObject>())
                {
                    entry["value"] ??= "";
                }
            }
        }

        if (definition["proxyConfiguration"] is JsonObject { } proxy && proxy["type"]?.GetValueKind() == System.Text.Json.JsonValueKind.String
            && proxy["type"]!.GetValue<string>() == "APPMESH" && proxy["properties"] is JsonArray properties)
        {
            foreach (var property in properties.OfType<JsonObject>())
            {
                property["name"] ??= "";
                property["value"] ??= "";
            }
        }
    }

    /// <summary>
    /// Drops nulls, empty strings, and arrays or objects left with nothing but those, at every depth, as the
    /// official deploy action does; a key named in <paramref name="keep"/> keeps its value, and so keeps its parent.
    /// </summary>
    public static void RemoveEmptyValues(JsonObject definition, IReadOnlyCollection<string> keep)
    {
        foreach (var key in definition.Select(p => p.Key).ToArray())
        {
            if (keep.Contains(key))
            {
                continue;
            }

            if (IsEmptyAfterCleaning(definition[key], keep))
            {
                definition.Remove(key);
            }
        }
    }

    private static bool IsEmptyAfterCleaning(JsonNode? node, IReadOnlyCollection<string> keep)
    {
        switch (node)
        {
            case null:
                return true;
            case JsonObject obj:
                RemoveEmptyValues(obj, keep);
                return obj.Count == 0;
            case JsonArray array:
                for (var i = array.Count - 1; i >= 0; i--)
                {
                    if (IsEmptyAfterCleaning(array[i], keep))
                    {
                        array.RemoveAt(i);
                    }
                }

                return array.Count == 0;
            default:
                return node.GetValueKind() == System.Text.Json.JsonValueKind.String && node.GetValue<string>().Length == 0;
        }
    }
}
