using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EcsDeploy.TaskDefinitions;

/// <summary>Converts one YAML document to JSON with the YAML 1.2 core schema: quoted scalars stay strings, plain ones are typed.</summary>
internal static partial class YamlToJson
{
    private const string TagPrefix = "tag:yaml.org,2002:";

    /// <summary>Parses <paramref name="text"/>; throws <see cref="FormatException"/> with the line of the problem.</summary>
    public static JsonNode? Convert(string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            throw new FormatException($"line {ex.Start.Line}, column {ex.Start.Column}: {ex.Message}", ex);
        }

        return stream.Documents.Count switch
        {
            0 => null,
            1 => ToNode(stream.Documents[0].RootNode),
            _ => throw new FormatException($"the file holds {stream.Documents.Count} YAML documents; a task definition is one document"),
        };
    }

    private static JsonNode? ToNode(YamlNode node) => node switch
    {
        YamlMappingNode mapping => ToObject(mapping),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(ToNode).ToArray()),
        YamlScalarNode scalar => ToScalar(scalar),
        _ => throw new FormatException($"line {node.Start.Line}: unsupported YAML node"),
    };

    private static JsonObject ToObject(YamlMappingNode mapping)
    {
        var result = new JsonObject();
        foreach (var (key, value) in mapping.Children)
        {
            if (key is not YamlScalarNode { Value: { } name })
            {
                throw new FormatException($"line {key.Start.Line}: mapping keys must be plain text");
            }

            if (result.ContainsKey(name))
            {
                throw new FormatException($"line {key.Start.Line}: key '{name}' appears twice");
            }

            result[name] = ToNode(value);
        }

        return result;
    }

    private static JsonValue? ToScalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        var tag = scalar.Tag.IsEmpty || scalar.Tag.IsNonSpecific ? null : scalar.Tag.Value;
        if (tag is not null)
        {
            return tag.StartsWith(TagPrefix, StringComparison.Ordinal) ? ByTag(tag[TagPrefix.Length..], value, scalar) : JsonValue.Create(value);
        }

        if (scalar.Style is not ScalarStyle.Plain and not ScalarStyle.Any)
        {
            return JsonValue.Create(value);
        }

        return Resolve(value) ?? (IsNull(value) ? null : JsonValue.Create(value));
    }

    private static JsonValue? ByTag(string tag, string value, YamlScalarNode scalar) => tag switch
    {
        "str" => JsonValue.Create(value),
        "null" => null,
        "bool" or "int" or "float" => Resolve(value) ?? throw new FormatException($"line {scalar.Start.Line}: '{value}' is not a valid !!{tag}"),
        _ => JsonValue.Create(value),
    };

    private static bool IsNull(string value) => value is "" or "~" or "null" or "Null" or "NULL";

    // Typed core-schema scalars; null for text (and for null, which the caller checks).
    private static JsonValue? Resolve(string value)
    {
        switch (value)
        {
            case "true" or "True" or "TRUE": return JsonValue.Create(true);
            case "false" or "False" or "FALSE": return JsonValue.Create(false);
        }

        if (DecimalInteger().IsMatch(value))
        {
            if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
            {
                return JsonValue.Create(whole);
            }

            return decimal.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var big) ? JsonValue.Create(big) : null;
        }

        if (value.StartsWith("0o", StringComparison.Ordinal) && value.Length > 2 && value[2..].All(c => c is >= '0' and <= '7'))
        {
            return JsonValue.Create(System.Convert.ToInt64(value[2..], 8));
        }

        if (value.StartsWith("0x", StringComparison.Ordinal) && long.TryParse(value[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex))
        {
            return JsonValue.Create(hex);
        }

        // Infinity and NaN have no JSON form; they stay text.
        if (Float().IsMatch(value) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
        {
            return JsonValue.Create(number);
        }

        return null;
    }

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex DecimalInteger();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex Float();
}
