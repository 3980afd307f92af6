using System.Security.Cryptography;
using System.Text;

namespace EcsDeploy.Runtime;

/// <summary>Formats workflow commands (<c>::name key=value::data</c>) with the runner's escaping rules.</summary>
public static class WorkflowCommand
{
    /// <summary>Escapes a command's data: % first (so later escapes are not double-escaped), then CR and LF.</summary>
    public static string EscapeData(string value) =>
        value.Replace("%", "%25", StringComparison.Ordinal)
            .Replace("\r", "%0D", StringComparison.Ordinal)
            .Replace("\n", "%0A", StringComparison.Ordinal);

    /// <summary>Escapes a property value: as data, plus ':' and ',' which delimit properties.</summary>
    public static string EscapeProperty(string value) =>
        EscapeData(value)
            .Replace(":", "%3A", StringComparison.Ordinal)
            .Replace(",", "%2C", StringComparison.Ordinal);

    /// <summary>
    /// One command line. Because data and properties are escaped, the result is always a single line, so
    /// untrusted text placed in an annotation message (even "::add-mask::x" on its own line) stays inert.
    /// </summary>
    public static string Format(string command, string data, IEnumerable<KeyValuePair<string, string>>? properties = null)
    {
        var line = new StringBuilder("::").Append(command);
        var separator = ' ';
        foreach (var (key, value) in properties ?? [])
        {
            line.Append(separator).Append(key).Append('=').Append(EscapeProperty(value));
            separator = ',';
        }

        return line.Append("::").Append(EscapeData(data)).ToString();
    }

    /// <summary>An annotation command (error, warning or notice) with its optional title, file and line.</summary>
    public static string Annotation(string kind, string message, AnnotationProperties? properties)
    {
        var pairs = new List<KeyValuePair<string, string>>(3);
        if (!string.IsNullOrEmpty(properties?.Title))
        {
            pairs.Add(new("title", properties.Title));
        }

        if (!string.IsNullOrEmpty(properties?.File))
        {
            pairs.Add(new("file", properties.File));
        }

        if (properties?.Line is { } lineNumber)
        {
            pairs.Add(new("line", lineNumber.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return Format(kind, message, pairs);
    }

    /// <summary>
    /// True when some line of the text could be parsed by the runner as a command: "::" at the start after
    /// whitespace (the current syntax), or "##[" anywhere (the legacy syntax the runner still accepts).
    /// Lines are split at CR as well as LF because the runner's line reader does the same.
    /// </summary>
    public static bool ContainsCommandLikeLine(string text)
    {
        foreach (var line in text.Split(['\r', '\n']))
        {
            if (line.TrimStart().StartsWith("::", StringComparison.Ordinal) ||
                line.Contains("##[", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A fresh unguessable token for <c>::stop-commands::</c> (128 random bits, lower-case hex).</summary>
    public static string NewStopToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
