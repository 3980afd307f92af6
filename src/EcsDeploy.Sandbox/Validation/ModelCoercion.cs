using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EcsDeploy.Sandbox.Validation;

/// <summary>Turns YAML's loose scalars into the types a model shape expects (cpu: 256 becomes "256"), so scenario files can be written naturally.</summary>
public static class ModelCoercion
{
    public static JsonNode? Coerce(string service, string shapeName, JsonNode? value)
    {
        var model = ServiceModel.Get(service);
        return Coerce(model, model.Shape(shapeName), value);
    }

    private static JsonNode? Coerce(ServiceModel model, JsonObject shape, JsonNode? value)
    {
        switch ((string)shape["type"]!, value)
        {
            case ("structure", JsonObject obj) when shape["members"] is JsonObject members:
                foreach (var name in obj.Select(p => p.Key).ToList())
                {
                    if (members[name]?["shape"] is JsonNode memberShape)
                    {
                        obj[name] = Coerce(model, model.Shape((string)memberShape!), obj[name]?.DeepClone());
                    }
                }

                return obj;
            case ("list", JsonArray list):
                var item = model.Shape((string)shape["member"]!["shape"]!);
                return new JsonArray([.. list.Select(n => Coerce(model, item, n?.DeepClone()))]);
            case ("map", JsonObject map):
                var valueShape = model.Shape((string)shape["value"]!["shape"]!);
                foreach (var key in map.Select(p => p.Key).ToList())
                {
                    map[key] = Coerce(model, valueShape, map[key]?.DeepClone());
                }

                return map;
            case ("string", JsonValue scalar) when scalar.GetValueKind() is not JsonValueKind.String:
                return JsonValue.Create(scalar.ToJsonString().Trim('"'));
            case ("integer" or "long" or "double", JsonValue scalar) when scalar.GetValueKind() is JsonValueKind.String
                && double.TryParse(scalar.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number):
                return (string)shape["type"]! == "double" ? JsonValue.Create(number) : JsonValue.Create((long)number);
            default:
                return value;
        }
    }
}
