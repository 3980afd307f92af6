using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace EcsDeploy.Yaml;

/// <summary>Converts one YAML (or JSON, which is YAML) document to JSON with the YAML 1.2 core schema and the AOT-safe YamlDotNet model: quoted scalars stay strings, plain ones are typed.</summary>
public static partial class YamlToJson
{
    private const string TagPrefix = "tag:yaml.org,2002:";

    /// <summary>
    /// Parses <paramref name="text"/>; throws <see cref="InputSyntaxException"/> (a <see cref="FormatException"/>) with the
    /// line and column of the problem. Nesting, size and alias expansion are bounded by <see cref="InputLimits"/>.
    /// </summary>
    public static JsonNode? Convert(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > InputLimits.MaxBytes)
        {
            throw new InputSyntaxException($"the text is larger than {InputLimits.SizeRule}", 1, 1);
        }

        // The representation model recurses once per level: check the depth on the flat event stream first.
        CheckDepth(text);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            throw Syntax(ex);
        }
        catch (InvalidOperationException)
        {
            // The events were well formed (checked above), so this is YamlDotNet's model refusing the document as a whole.
            throw new InputSyntaxException("the YAML document cannot be read as mappings, lists and values", 1, 1);
        }

        var budget = new NodeBudget();
        return stream.Documents.Count switch
        {
            0 => null,
            1 => ToNode(stream.Documents[0].RootNode, budget),
            _ => throw new InputSyntaxException($"the file holds {stream.Documents.Count} YAML documents; expected one document", stream.Documents[1].RootNode.Start.Line, stream.Documents[1].RootNode.Start.Column),
        };
    }

    private static void CheckDepth(string text)
    {
        var parser = new Parser(new StringReader(text));
        var depth = 0;
        var at = Mark.Empty;
        try
        {
            while (parser.MoveNext())
            {
                var current = parser.Current!;
                at = current.Start;
                switch (current)
                {
                    case MappingStart or SequenceStart when ++depth > InputLimits.MaxDepth:
                        throw new InputSyntaxException($"mappings and lists nest deeper than {InputLimits.MaxDepth} levels", at.Line, at.Column);
                    case MappingEnd or SequenceEnd:
                        depth--;
                        break;
                }
            }
        }
        catch (YamlException ex)
        {
            throw Syntax(ex);
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's parser can fail without a position; the last event it read is the nearest one.
            throw new InputSyntaxException("the YAML cannot be parsed after this point", at.Line, at.Column);
        }
    }

    private static InputSyntaxException Syntax(YamlException ex)
    {
        // YamlDotNet prefixes its messages with "(Line: 1, Col: 2, Idx: 3) - (Line: …): "; the position is said once, our way.
        var message = YamlPosition().Replace(ex.InnerException is YamlException inner ? inner.Message : ex.Message, "").Trim();
        var start = ex.InnerException is YamlException innerAt ? innerAt.Start : ex.Start;
        return new InputSyntaxException(message.Length == 0 ? "invalid YAML" : message.TrimEnd('.'), start.Line, start.Column);
    }

    private sealed class NodeBudget
    {
        public int Left { get; set; } = InputLimits.MaxNodes;
    }

    private static JsonNode? ToNode(YamlNode node, NodeBudget budget)
    {
        if (--budget.Left < 0)
        {
            throw new InputSyntaxException($"the file expands to more than {InputLimits.MaxNodes} values (YAML aliases repeat what they name)", node.Start.Line, node.Start.Column);
        }

        return node switch
        {
            YamlMappingNode mapping => ToObject(mapping, budget),
            YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(child => ToNode(child, budget)).ToArray()),
            YamlScalarNode scalar => ToScalar(scalar),
            _ => throw new InputSyntaxException("unsupported YAML node", node.Start.Line, node.Start.Column),
        };
    }

    private static JsonObject ToObject(YamlMappingNode mapping, NodeBudget budget)
    {
        var result = new JsonObject();
        foreach (var (key, value) in mapping.Children)
        {
            if (key is not YamlScalarNode { Value: { } name })
            {
                throw new InputSyntaxException("mapping keys must be plain text", key.Start.Line, key.Start.Column);
            }

            if (result.ContainsKey(name))
            {
                throw new InputSyntaxException($"key '{name}' appears twice", key.Start.Line, key.Start.Column);
            }

            result[name] = ToNode(value, budget);
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

        try
        {
            return Resolve(value) ?? (IsNull(value) ? null : JsonValue.Create(value));
        }
        catch (OverflowException)
        {
            throw new InputSyntaxException($"the integer {Shorten(value)} does not fit in 64 bits", scalar.Start.Line, scalar.Start.Column);
        }
    }

    private static JsonValue? ByTag(string tag, string value, YamlScalarNode scalar)
    {
        try
        {
            return tag switch
            {
                "str" => JsonValue.Create(value),
                "null" => null,
                "bool" or "int" or "float" => Resolve(value) ?? throw new InputSyntaxException($"'{Shorten(value)}' is not a valid !!{tag}", scalar.Start.Line, scalar.Start.Column),
                _ => JsonValue.Create(value),
            };
        }
        catch (OverflowException)
        {
            throw new InputSyntaxException($"the integer {Shorten(value)} does not fit in 64 bits", scalar.Start.Line, scalar.Start.Column);
        }
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : string.Concat(value.AsSpan(0, 37), "...");

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
                return Number(whole.ToString(CultureInfo.InvariantCulture));
            }

            // Up to 64 bits, unsigned included, stays a number; beyond, no reader of the file could take it.
            return ulong.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var unsigned)
                ? Number(unsigned.ToString(CultureInfo.InvariantCulture))
                : throw new OverflowException();
        }

        if (value.StartsWith("0o", StringComparison.Ordinal) && value.Length > 2 && value[2..].All(c => c is >= '0' and <= '7'))
        {
            // 22 octal digits hold 66 bits: the 22nd may only be a leading 1 for the value to fit in 64.
            var octal = value[2..].TrimStart('0');
            if (octal.Length > 22 || (octal.Length == 22 && octal[0] != '1'))
            {
                throw new OverflowException();
            }

            var whole = octal.Aggregate(0UL, (sum, digit) => (sum * 8) + (ulong)(digit - '0'));
            return Number(whole.ToString(CultureInfo.InvariantCulture));
        }

        if (value.StartsWith("0x", StringComparison.Ordinal) && value.Length > 2 && value[2..].All(char.IsAsciiHexDigit))
        {
            return ulong.TryParse(value[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex)
                ? Number(hex.ToString(CultureInfo.InvariantCulture))
                : throw new OverflowException();
        }

        // Infinity and NaN have no JSON form; they stay text. A decimal keeps the written scale, so an AppSpec's `version: 0.0` stays 0.0.
        if (Float().IsMatch(value))
        {
            if (decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var exact))
            {
                return Number(exact.ToString(CultureInfo.InvariantCulture));
            }

            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
            {
                return Number(number.ToString("R", CultureInfo.InvariantCulture));
            }
        }

        return null;
    }

    // Numbers are parsed from their JSON text, so that readers may take them as any numeric type (int, long, double).
    private static JsonValue Number(string json) => JsonNode.Parse(json)!.AsValue();

    [GeneratedRegex(@"\(Line: \d+, Col: \d+, Idx: \d+\)( - \(Line: \d+, Col: \d+, Idx: \d+\))?:?")]
    private static partial Regex YamlPosition();

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex DecimalInteger();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex Float();
}
