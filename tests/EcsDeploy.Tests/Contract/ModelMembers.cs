using System.Text.Json.Nodes;
using EcsDeploy.Sandbox.Validation;

namespace EcsDeploy.Tests.Contract;

/// <summary>
/// Finds request members the official model does not define. The sandbox ignores them, as AWS does, so a misspelt
/// member would pass silently; contract tests ask for none.
/// </summary>
internal static class ModelMembers
{
    /// <summary>Paths such as containerDefinitions[0].someField of members absent from the operation's input shape.</summary>
    public static IReadOnlyList<string> UnknownInInput(string service, string operation, JsonNode? body)
    {
        var model = ServiceModel.Get(service);
        var shape = model.InputShape(operation) ?? throw new ArgumentException($"{service} has no operation {operation}.", nameof(operation));
        var unknown = new List<string>();
        Walk(model, body, shape, "", unknown);
        return unknown;
    }

    private static void Walk(ServiceModel model, JsonNode? value, JsonObject shape, string path, List<string> unknown)
    {
        switch ((string?)shape["type"], value)
        {
            case ("structure", JsonObject obj) when shape["document"] is null:
                var members = shape["members"]!.AsObject();
                foreach (var (name, child) in obj)
                {
                    var at = path.Length == 0 ? name : $"{path}.{name}";
                    if (members[name] is JsonObject member)
                    {
                        Walk(model, child, model.Shape((string)member["shape"]!), at, unknown);
                    }
                    else
                    {
                        unknown.Add(at);
                    }
                }

                break;
            case ("list", JsonArray array):
                var item = model.Shape((string)shape["member"]!["shape"]!);
                for (var i = 0; i < array.Count; i++)
                {
                    Walk(model, array[i], item, $"{path}[{i}]", unknown);
                }

                break;
            case ("map", JsonObject map):
                var valueShape = model.Shape((string)shape["value"]!["shape"]!);
                foreach (var (key, child) in map)
                {
                    Walk(model, child, valueShape, $"{path}.{key}", unknown);
                }

                break;
            default:
                break;
        }
    }
}
