using System.Net;
using System.Text;

namespace EcsDeploy.Runtime;

/// <summary>Small helpers for GitHub-flavoured Markdown in the step summary; text from outside is escaped, never trusted as Markdown.</summary>
public static class Markdown
{
    /// <summary>Plain text made literal: Markdown punctuation is backslash-escaped and newlines become spaces.</summary>
    public static string Text(string value)
    {
        var result = new StringBuilder(value.Length + 8);
        foreach (var c in value.ReplaceLineEndings(" "))
        {
            if (c is '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '>' or '|' or '#' or '~' or '!' or '&')
            {
                result.Append('\\');
            }

            result.Append(c);
        }

        return result.ToString();
    }

    /// <summary>A code span that survives backticks in the value: the fence is longer than any backtick run inside.</summary>
    public static string Code(string value)
    {
        var oneLine = value.ReplaceLineEndings(" ");
        var longestRun = 0;
        var run = 0;
        foreach (var c in oneLine)
        {
            run = c == '`' ? run + 1 : 0;
            longestRun = Math.Max(longestRun, run);
        }

        var fence = new string('`', longestRun + 1);
        // A space on each side keeps a leading or trailing backtick from joining the fence.
        var pad = oneLine.StartsWith('`') || oneLine.EndsWith('`') ? " " : "";
        return fence + pad + oneLine + pad + fence;
    }

    /// <summary>A fenced code block whose fence is longer than any backtick run in the text.</summary>
    public static string CodeBlock(string value, string language = "")
    {
        var longestRun = 0;
        var run = 0;
        foreach (var c in value)
        {
            run = c == '`' ? run + 1 : 0;
            longestRun = Math.Max(longestRun, run);
        }

        var fence = new string('`', Math.Max(3, longestRun + 1));
        return $"{fence}{language}\n{value.TrimEnd('\n')}\n{fence}\n";
    }

    /// <summary>A table cell: '|' escaped and line breaks turned into &lt;br&gt;, because a cell must stay on one line.</summary>
    public static string Cell(string markdown) =>
        markdown.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings("<br>");

    /// <summary>A collapsible block; the summary line is HTML-escaped, the body is Markdown.</summary>
    public static string Details(string summary, string bodyMarkdown) =>
        $"<details><summary>{WebUtility.HtmlEncode(summary.ReplaceLineEndings(" "))}</summary>\n\n{bodyMarkdown.TrimEnd('\n')}\n\n</details>\n";
}

/// <summary>Builds a Markdown table; cells are Markdown (use <see cref="Markdown.Text"/> or <see cref="Markdown.Code"/> for outside text) and are made table-safe.</summary>
public sealed class MarkdownTable
{
    private readonly string[] _headers;
    private readonly List<string[]> _rows = [];

    public MarkdownTable(params string[] headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (headers.Length == 0)
        {
            throw new ArgumentException("A table needs at least one column.", nameof(headers));
        }

        _headers = headers;
    }

    public int RowCount => _rows.Count;

    /// <summary>Adds a row; it must have one cell per column.</summary>
    public MarkdownTable AddRow(params string[] cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (cells.Length != _headers.Length)
        {
            throw new ArgumentException($"The row has {cells.Length} cells but the table has {_headers.Length} columns.", nameof(cells));
        }

        _rows.Add(cells);
        return this;
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        AppendRow(text, _headers);
        text.Append('|').Append(string.Concat(Enumerable.Repeat(" --- |", _headers.Length))).Append('\n');
        foreach (var row in _rows)
        {
            AppendRow(text, row);
        }

        return text.ToString();
    }

    private static void AppendRow(StringBuilder text, string[] cells)
    {
        text.Append('|');
        foreach (var cell in cells)
        {
            text.Append(' ').Append(Markdown.Cell(cell)).Append(" |");
        }

        text.Append('\n');
    }
}
