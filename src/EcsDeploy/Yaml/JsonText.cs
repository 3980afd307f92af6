using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EcsDeploy.Yaml;

/// <summary>Parses JSON input files within <see cref="InputLimits"/>, with errors that give a 1-based line and column in words.</summary>
public static class JsonText
{
    private static readonly JsonDocumentOptions Options = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = InputLimits.MaxDepth,
    };

    /// <summary>Parses <paramref name="text"/>; throws <see cref="InputSyntaxException"/> for bad content, too deep nesting or a key given twice.</summary>
    public static JsonNode? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > InputLimits.MaxBytes)
        {
            throw new InputSyntaxException($"the text is larger than {InputLimits.SizeRule}", 1, 1);
        }

        try
        {
            // One flat pass finds syntax errors, too deep nesting and keys given twice, each with its position.
            Check(Encoding.UTF8.GetBytes(text));
            return JsonNode.Parse(text, documentOptions: Options);
        }
        catch (JsonException e)
        {
            throw new InputSyntaxException(Describe(e), (e.LineNumber ?? 0) + 1, (e.BytePositionInLine ?? 0) + 1);
        }
    }

    private static void Check(byte[] utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = InputLimits.MaxDepth });
        var keys = new Stack<HashSet<string>?>();
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    keys.Push(new HashSet<string>(StringComparer.Ordinal));
                    break;
                case JsonTokenType.StartArray:
                    keys.Push(null);
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    keys.Pop();
                    break;
                case JsonTokenType.PropertyName when keys.Peek() is { } seen && !seen.Add(reader.GetString()!):
                    var (line, column) = Position(utf8, reader.TokenStartIndex);
                    throw new InputSyntaxException($"key '{reader.GetString()}' appears twice", line, column);
            }
        }
    }

    private static (long Line, long Column) Position(byte[] utf8, long index)
    {
        var before = utf8.AsSpan(0, (int)index);
        var lastBreak = before.LastIndexOf((byte)'\n');
        return (before.Count((byte)'\n') + 1, index - lastBreak);
    }

    // The parser's text ends with "LineNumber: 3 | BytePositionInLine: 4." and sometimes a path; the position is said once, our way.
    private static string Describe(JsonException e)
    {
        var message = e.Message;
        foreach (var marker in new[] { " LineNumber:", " Path:", " Path '" })
        {
            var at = message.IndexOf(marker, StringComparison.Ordinal);
            if (at > 0)
            {
                message = message[..at];
            }
        }

        if (message.Contains("maximum configured depth", StringComparison.Ordinal))
        {
            return $"objects and arrays nest deeper than {InputLimits.MaxDepth} levels";
        }

        return message.Trim().TrimEnd('.');
    }

}
