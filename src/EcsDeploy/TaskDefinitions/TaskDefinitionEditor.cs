using System.Text.Json.Nodes;

namespace EcsDeploy.TaskDefinitions;

/// <summary>Applies the edit inputs to a task definition, in a fixed order; fields it does not know stay untouched.</summary>
internal static class TaskDefinitionEditor
{
    /// <summary>Edits <paramref name="definition"/> in place; returns problems, one line each, naming the input.</summary>
    public static IReadOnlyList<string> Apply(JsonObject definition, TaskDefinitionInputs inputs)
    {
        var problems = new List<string>();
        var containers = (definition["containerDefinitions"] as JsonArray)?.OfType<JsonObject>().ToArray() ?? [];

        foreach (var line in inputs.Containers)
        {
            var container = Find(containers, line.ContainerName);
            if (container is null)
            {
                problems.Add($"Input 'containers' value '{line.ContainerName}={line.Image}' names container '{line.ContainerName}', which the task definition does not have; it has {Names(containers)}.");
                continue;
            }

            container["image"] = line.Image;
        }

        if (inputs.HasContainerEdits)
        {
            var targets = Targets(containers, inputs, problems);
            foreach (var container in targets)
            {
                EditContainer(container, inputs, problems);
            }
        }

        SetString(definition, "taskRoleArn", inputs.TaskRoleArn);
        SetString(definition, "executionRoleArn", inputs.ExecutionRoleArn);
        SetString(definition, "cpu", inputs.Cpu);
        SetString(definition, "memory", inputs.Memory);
        return problems;
    }

    private static void EditContainer(JsonObject container, TaskDefinitionInputs inputs, List<string> problems)
    {
        if (inputs.Image is not null)
        {
            container["image"] = inputs.Image;
        }

        EditNamedList(container, "environment", "value", inputs.Environment);
        EditNamedList(container, "secrets", "valueFrom", inputs.Secrets);
        EditMap(container, "dockerLabels", inputs.DockerLabels);
        AddEnvFiles(container, inputs.EnvFiles);
        if (inputs.LogDriver is not null || !inputs.LogOptions.IsEmpty)
        {
            if (container["logConfiguration"] is not JsonObject log)
            {
                if (inputs.LogDriver is null)
                {
                    problems.Add($"Input 'log-configuration-options' needs 'log-configuration-log-driver' because container '{NameOf(container)}' has no log configuration yet.");
                    return;
                }

                log = [];
                container["logConfiguration"] = log;
            }

            SetString(log, "logDriver", inputs.LogDriver);
            EditMap(log, "options", inputs.LogOptions);
        }

        if (inputs.Command is not null)
        {
            container["command"] = new JsonArray(inputs.Command.Select(w => (JsonNode?)JsonValue.Create(w)).ToArray());
        }
    }

    // The containers that container-level edits apply to: those named, or the only one.
    private static JsonObject[] Targets(JsonObject[] containers, TaskDefinitionInputs inputs, List<string> problems)
    {
        if (inputs.ContainerNames.Count == 0)
        {
            if (containers.Length == 1)
            {
                return containers;
            }

            problems.Add($"Input 'container-name' is needed: the task definition has {containers.Length} containers ({Names(containers)}) and the edits must say which ones they change.");
            return [];
        }

        var targets = new List<JsonObject>();
        foreach (var name in inputs.ContainerNames)
        {
            var container = Find(containers, name);
            if (container is null)
            {
                problems.Add($"Input 'container-name' value '{name}' names a container the task definition does not have; it has {Names(containers)}.");
            }
            else
            {
                targets.Add(container);
            }
        }

        return [.. targets];
    }

    // environment and secrets: [{ name, value|valueFrom }]; merge keeps order and updates in place.
    private static void EditNamedList(JsonObject container, string field, string valueField, KeyValueEdits edits)
    {
        if (edits.IsEmpty)
        {
            return;
        }

        var list = edits.Replace || container[field] is not JsonArray existing ? [] : existing;
        foreach (var edit in edits.Items)
        {
            var matches = list.OfType<JsonObject>().Where(e => NameOf(e) == edit.Key).ToArray();
            if (edit.Value is null)
            {
                foreach (var match in matches)
                {
                    list.Remove(match);
                }

                continue;
            }

            if (matches.Length == 0)
            {
                list.Add((JsonNode)new JsonObject { ["name"] = edit.Key, [valueField] = edit.Value });
                continue;
            }

            matches[0][valueField] = edit.Value;
            foreach (var duplicate in matches.Skip(1))
            {
                list.Remove(duplicate);
            }
        }

        Store(container, field, list);
    }

    // dockerLabels and log options: a JSON object of strings.
    private static void EditMap(JsonObject parent, string field, KeyValueEdits edits)
    {
        if (edits.IsEmpty)
        {
            return;
        }

        var map = edits.Replace || parent[field] is not JsonObject existing ? [] : existing;
        foreach (var edit in edits.Items)
        {
            if (edit.Value is null)
            {
                map.Remove(edit.Key);
            }
            else
            {
                map[edit.Key] = edit.Value;
            }
        }

        Store(parent, field, map);
    }

    private static void AddEnvFiles(JsonObject container, IReadOnlyList<string> files)
    {
        if (files.Count == 0)
        {
            return;
        }

        var list = container["environmentFiles"] as JsonArray ?? [];
        foreach (var file in files)
        {
            if (!list.OfType<JsonObject>().Any(e => e["value"]?.ToString() == file))
            {
                list.Add((JsonNode)new JsonObject { ["value"] = file, ["type"] = "s3" });
            }
        }

        Store(container, "environmentFiles", list);
    }

    // An emptied list or map is removed, as reading would drop it, so that rendering twice gives the same result.
    private static void Store(JsonObject parent, string field, JsonNode collection)
    {
        var empty = collection is JsonArray { Count: 0 } or JsonObject { Count: 0 };
        if (empty)
        {
            parent.Remove(field);
        }
        else if (!ReferenceEquals(parent[field], collection))
        {
            parent[field] = collection;
        }
    }

    private static void SetString(JsonObject target, string field, string? value)
    {
        if (value is not null)
        {
            target[field] = value;
        }
    }

    internal static JsonObject? Find(JsonObject[] containers, string name) => containers.FirstOrDefault(c => NameOf(c) == name);

    internal static string? NameOf(JsonObject container) =>
        container["name"] is JsonValue v && v.TryGetValue<string>(out var name) ? name : null;

    private static string Names(JsonObject[] containers) =>
        containers.Length == 0 ? "no containers" : string.Join(", ", containers.Select(c => NameOf(c) ?? "(unnamed)"));
}
