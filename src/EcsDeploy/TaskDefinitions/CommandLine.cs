using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EcsDeploy.TaskDefinitions;

/// <summary>Splits the `container-command` input: a JSON array of strings, or a shell-like line where quotes group words.</summary>
internal static class CommandLine
{
    /// <summary>The words, or a problem (without the input name) when the text cannot be split.</summary>
    public static (IReadOnlyList<string>? Words, string? Problem) Split(string text)
    {
        return text.StartsWith('[') ? FromJson(text) : FromShell(text);
    }

    private static (IReadOnlyList<string>?, string?) FromJson(string text)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text);
        }
        catch (JsonException ex)
        {
            return (null, "starts with '[' but is not a JSON array: " + ex.Message);
        }

        if (node is not JsonArray array || array.Any(e => e?.GetValueKind() != JsonValueKind.String))
        {
            return (null, "must be a JSON array of strings, for example [\"npm\", \"start\"]");
        }

        return (array.Select(e => e!.GetValue<string>()).ToArray(), null);
    }

    // Quoting as in a POSIX shell, without expansion: 'single' is literal, "double" honours \" \\ \$ \`, \ escapes outside.
    private static (IReadOnlyList<string>?, string?) FromShell(string text)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(current.ToString());
                    current.Clear();
                    inWord = false;
                }

                continue;
            }

            inWord = true;
            switch (c)
            {
                case '\'':
                    var close = text.IndexOf('\'', i + 1);
                    if (close < 0)
                    {
                        return (null, "has a ' that is never closed");
                    }

                    current.Append(text, i + 1, close - i - 1);
                    i = close;
                    break;
                case '"':
                    i++;
                    while (i < text.Length && text[i] != '"')
                    {
                        if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] is '"' or '\\' or '$' or '`')
                        {
                            i++;
                        }

                        current.Append(text[i]);
                        i++;
                    }

                    if (i >= text.Length)
                    {
                        return (null, "has a \" that is never closed");
                    }

                    break;
                case '\\' when i + 1 < text.Length:
                    current.Append(text[++i]);
                    break;
                default:
                    current.Append(c);
                    break;
            }
        }

        if (inWord)
        {
            words.Add(current.ToString());
        }

        return words.Count == 0 ? (null, "has no words") : (words, null);
    }
}
