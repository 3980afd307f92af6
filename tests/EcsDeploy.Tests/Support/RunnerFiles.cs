namespace EcsDeploy.Tests.Support;

/// <summary>Reads GITHUB_OUTPUT-style files back the way the runner does (NAME=VALUE and NAME&lt;&lt;DELIMITER heredocs).</summary>
public static class RunnerFiles
{
    /// <summary>The name/value pairs in file order; fails like the runner on an unterminated heredoc.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ParseKeyValueFile(string text)
    {
        var result = new List<KeyValuePair<string, string>>();
        var index = 0;
        for (var line = ReadLine(text, ref index, out _); line is not null; line = ReadLine(text, ref index, out _))
        {
            if (line.Length == 0)
            {
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            var heredoc = line.IndexOf("<<", StringComparison.Ordinal);
            if (equals >= 0 && (heredoc < 0 || equals < heredoc))
            {
                result.Add(new(line[..equals], line[(equals + 1)..]));
                continue;
            }

            if (heredoc < 0)
            {
                throw new FormatException($"Invalid line: '{line}'");
            }

            var name = line[..heredoc];
            var delimiter = line[(heredoc + 2)..];
            var start = index;
            var end = index;
            var next = ReadLine(text, ref index, out var newline);
            while (!string.Equals(next, delimiter, StringComparison.Ordinal))
            {
                if (next is null)
                {
                    throw new FormatException($"Matching delimiter not found '{delimiter}'");
                }

                end = index - newline.Length;
                next = ReadLine(text, ref index, out newline);
            }

            result.Add(new(name, end > start ? text[start..end] : ""));
        }

        return result;
    }

    /// <summary>Like the runner: a line ends at LF, and a CR right before that LF belongs to the line end.</summary>
    private static string? ReadLine(string text, ref int index, out string newline)
    {
        newline = "";
        if (index >= text.Length)
        {
            return null;
        }

        var lf = text.IndexOf('\n', index);
        if (lf < 0)
        {
            var rest = text[index..];
            index = text.Length;
            return rest;
        }

        var lineEnd = lf > index && text[lf - 1] == '\r' ? lf - 1 : lf;
        newline = text[lineEnd..(lf + 1)];
        var line = text[index..lineEnd];
        index = lf + 1;
        return line;
    }
}
