using System.Text.Json.Nodes;
using EcsDeploy.Sandbox.CodeDeploy;

namespace EcsDeploy.Sandbox.Tests.CodeDeploy;

/// <summary>Checks a response against the CodeDeploy model: every member exists in its shape and has the shape's JSON type.</summary>
internal static class ModelShapes
{
    private static readonly Lazy<JsonObject> Model = new(() =>
    {
        using var stream = typeof(CodeDeployHandler).Assembly.GetManifestResourceStream("Models/codedeploy.json")
            ?? throw new InvalidOperationException("The CodeDeploy model is not embedded.");
        return JsonNode.Parse(stream)!.AsObject();
    });

    public static List<string> Problems(string operation, JsonNode response)
    {
        var model = Model.Value;
        var output = model["operations"]![operation]!["output"]?["shape"]?.GetValue<string>();
        var problems = new List<string>();
        if (output is null)
        {
            if (response is not JsonObject { Count: 0 })
            {
                problems.Add($"{operation} has no output shape but answered {response.ToJsonString()}");
            }

            return problems;
        }

        // Check what goes over the wire, not the in-memory CLR types.
        Check(model["shapes"]!.AsObject(), output, JsonNode.Parse(response.ToJsonString()), operation, problems);
        return problems;
    }

    private static void Check(JsonObject shapes, string shapeName, JsonNode? node, string path, List<string> problems)
    {
        var shape = shapes[shapeName]!.AsObject();
        var type = shape["type"]!.GetValue<string>();
        switch (type)
        {
            case "structure" when node is JsonObject o:
                var members = shape["members"]!.AsObject();
                foreach (var (key, value) in o)
                {
                    if (members[key] is not JsonObject member)
                    {
                        problems.Add($"{path}.{key} is not a member of {shapeName}");
                        continue;
                    }

                    Check(shapes, member["shape"]!.GetValue<string>(), value, $"{path}.{key}", problems);
                }

                break;
            case "list" when node is JsonArray a:
                foreach (var item in a)
                {
                    Check(shapes, shape["member"]!["shape"]!.GetValue<string>(), item, path + "[]", problems);
                }

                break;
            case "map" when node is JsonObject:
                break;
            case "string" when node is JsonValue v && v.TryGetValue<string>(out var s):
                if (shape["enum"] is JsonArray values && !values.Any(e => e!.GetValue<string>() == s))
                {
                    problems.Add($"{path} = '{s}' is not in enum {shapeName}");
                }

                break;
            case "boolean" when node is JsonValue v && v.TryGetValue<bool>(out _):
            case "integer" or "long" when node is JsonValue v2 && v2.TryGetValue<long>(out _):
            case "double" or "timestamp" when node is JsonValue v3 && v3.TryGetValue<double>(out _):
                break;
            default:
                problems.Add($"{path} is not a {type} ({shapeName}): {node?.ToJsonString() ?? "null"}");
                break;
        }
    }
}
