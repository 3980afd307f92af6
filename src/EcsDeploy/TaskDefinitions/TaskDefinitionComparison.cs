using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EcsDeploy.Aws.Ecs;

namespace EcsDeploy.TaskDefinitions;

/// <summary>Puts task definitions in one canonical form so that a definition as written and as AWS describes it compare equal.</summary>
internal static class TaskDefinitionComparison
{
    /// <summary>A copy without read-only fields, empty values and the defaults AWS fills in; environment and secrets sorted by name.</summary>
    public static JsonObject Normalize(JsonObject definition, IReadOnlyList<EcsTag>? describedTags, IReadOnlyCollection<string> keep)
    {
        var copy = definition.DeepClone().AsObject();
        TaskDefinitionCleaner.RemoveReadOnlyFields(copy);
        if (describedTags is not null)
        {
            copy["tags"] = TagsToJson(describedTags);
        }

        TaskDefinitionCleaner.RemoveEmptyValues(copy, keep);
        SizesAsStrings(copy);
        if (copy["tags"] is JsonArray tags)
        {
            copy["tags"] = SortBy(tags, "key");
        }

        var awsvpc = copy["networkMode"]?.ToString() == "awsvpc";
        foreach (var container in (copy["containerDefinitions"] as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            RemoveIf(container, "essential", v => v.GetValueKind() == JsonValueKind.True);
            RemoveIf(container, "cpu", v => v.ToJsonString() == "0");
            foreach (var field in new[] { "environment", "secrets" })
            {
                if (container[field] is JsonArray list)
                {
                    container[field] = SortBy(list, "name");
                }
            }

            foreach (var mapping in (container["portMappings"] as JsonArray)?.OfType<JsonObject>() ?? [])
            {
                RemoveIf(mapping, "protocol", v => v.ToString() == "tcp");
                if (awsvpc && mapping["hostPort"]?.ToJsonString() == mapping["containerPort"]?.ToJsonString())
                {
                    mapping.Remove("hostPort");
                }
            }
        }

        return copy;
    }

    /// <summary>The request's tag list for RegisterTaskDefinition.</summary>
    public static JsonArray TagsToJson(IReadOnlyList<EcsTag> tags) =>
        new(tags.Select(t => (JsonNode?)new JsonObject { ["key"] = t.Key, ["value"] = t.Value }).ToArray());

    /// <summary>Task-level cpu and memory are strings in the ECS API; YAML and hand-written JSON often give numbers.</summary>
    public static void SizesAsStrings(JsonObject definition)
    {
        foreach (var field in new[] { "cpu", "memory" })
        {
            if (definition[field] is JsonValue value && value.GetValueKind() == JsonValueKind.Number)
            {
                definition[field] = value.ToJsonString();
            }
        }
    }

    /// <summary>Semantic equality: object key order is ignored, array order is not.</summary>
    public static bool AreEqual(JsonObject left, JsonObject right) => Canonical(left) == Canonical(right);

    /// <summary>JSON text with object keys sorted at every depth.</summary>
    public static string Canonical(JsonNode? node)
    {
        var text = new StringBuilder();
        Write(node, text);
        return text.ToString();
    }

    private static void Write(JsonNode? node, StringBuilder text)
    {
        switch (node)
        {
            case JsonObject obj:
                text.Append('{');
                var first = true;
                foreach (var (key, child) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    text.Append(first ? "" : ",").Append(JsonValue.Create(key).ToJsonString()).Append(':');
                    Write(child, text);
                    first = false;
                }

                text.Append('}');
                break;
            case JsonArray array:
                text.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    text.Append(i == 0 ? "" : ",");
                    Write(array[i], text);
                }

                text.Append(']');
                break;
            case null:
                text.Append("null");
                break;
            default:
                text.Append(node.ToJsonString());
                break;
        }
    }

    private static void RemoveIf(JsonObject target, string field, Func<JsonNode, bool> isDefault)
    {
        if (target[field] is { } value && isDefault(value))
        {
            target.Remove(field);
        }
    }

    private static JsonArray SortBy(JsonArray list, string key)
    {
        var items = list.Select(e => e?.DeepClone()).OrderBy(e => (e as JsonObject)?[key]?.ToString() ?? "", StringComparer.Ordinal).ToArray();
        return new JsonArray(items);
    }
}
