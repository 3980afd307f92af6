namespace EcsDeploy.Runtime;

/// <summary>
/// The job log for a terminal, used outside GitHub Actions (GITHUB_ACTIONS is not "true"): groups become headings,
/// errors, warnings and notices are marked, and no workflow command is printed. Masks print nothing — there is no
/// runner to register them with — but every masked value is replaced by *** in what this log prints afterwards.
/// </summary>
/// <param name="writer">Where lines go; Program passes Console.Out.</param>
/// <param name="debugEnabled">True when RUNNER_DEBUG=1 or ACTIONS_STEP_DEBUG=true; otherwise Debug writes nothing.</param>
public sealed class TerminalLog(TextWriter writer, bool debugEnabled) : IJobLog
{
    private readonly Lock _gate = new();
    private readonly List<string> _masked = [];

    public void Info(string message) => Write(message);

    public void Debug(string message)
    {
        if (debugEnabled)
        {
            Write(Marked("debug", message, null));
        }
    }

    public void Notice(string message, AnnotationProperties? properties = null) => Write(Marked("notice", message, properties));

    public void Warning(string message, AnnotationProperties? properties = null) => Write(Marked("warning", message, properties));

    public void Error(string message, AnnotationProperties? properties = null) => Write(Marked("error", message, properties));

    public IDisposable Group(string title)
    {
        Write($"\n── {title} ──");
        return new GroupEnd(this);
    }

    public void Mask(string secret)
    {
        if (string.IsNullOrWhiteSpace(secret))
        {
            return;
        }

        lock (_gate)
        {
            foreach (var line in secret.Split(['\r', '\n']).Where(l => !string.IsNullOrWhiteSpace(l) && !_masked.Contains(l)))
            {
                _masked.Add(line);
            }

            // Longest first, so a secret that contains another is replaced whole.
            _masked.Sort((a, b) => b.Length.CompareTo(a.Length));
        }
    }

    /// <summary>Outside text needs no fence here: a terminal runs no commands.</summary>
    public void Untrusted(string text) => Write(text);

    // "error: Title: message", later lines indented under the first.
    private static string Marked(string kind, string message, AnnotationProperties? properties)
    {
        var where = properties?.File is { Length: > 0 } file ? $" ({file}{(properties.Line is { } line ? $":{line}" : "")})" : "";
        var title = properties?.Title is { Length: > 0 } t ? $"{t}{where}: " : where.Length > 0 ? $"{where.TrimStart()}: " : "";
        return $"{kind}: {title}{message.ReplaceLineEndings("\n").Replace("\n", "\n    ", StringComparison.Ordinal)}";
    }

    private void Write(string text)
    {
        lock (_gate)
        {
            foreach (var secret in _masked)
            {
                text = text.Replace(secret, "***", StringComparison.Ordinal);
            }

            writer.WriteLine(text);
            writer.Flush();
        }
    }

    private sealed class GroupEnd(TerminalLog log) : IDisposable
    {
        private int _ended;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _ended, 1) == 0)
            {
                log.Write("");
            }
        }
    }
}
