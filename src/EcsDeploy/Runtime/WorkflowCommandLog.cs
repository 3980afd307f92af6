namespace EcsDeploy.Runtime;

/// <summary>The job log written as workflow commands to a text writer (the process's standard output in production).</summary>
/// <param name="writer">Where lines go; Program passes Console.Out.</param>
/// <param name="debugEnabled">True when RUNNER_DEBUG=1 or ACTIONS_STEP_DEBUG=true; otherwise Debug writes nothing.</param>
/// <param name="stopTokenFactory">Makes stop-commands tokens; tests pass a fixed sequence to get stable logs. Defaults to a cryptographically random token.</param>
public sealed class WorkflowCommandLog(TextWriter writer, bool debugEnabled, Func<string>? stopTokenFactory = null) : IJobLog
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _masked = new(StringComparer.Ordinal);
    private readonly Func<string> _newStopToken = stopTokenFactory ?? WorkflowCommand.NewStopToken;

    public bool DebugEnabled => debugEnabled;

    /// <summary>
    /// Writes the action's own text. Should such text ever contain a command-like line (an ARN or a name can
    /// carry anything), it is printed the safe way instead, so a slip by a caller cannot inject a command.
    /// </summary>
    public void Info(string message)
    {
        if (WorkflowCommand.ContainsCommandLikeLine(message))
        {
            Untrusted(message);
            return;
        }

        Write(message);
    }

    public void Debug(string message)
    {
        if (debugEnabled)
        {
            Write(WorkflowCommand.Format("debug", message));
        }
    }

    public void Notice(string message, AnnotationProperties? properties = null) =>
        Write(WorkflowCommand.Annotation("notice", message, properties));

    public void Warning(string message, AnnotationProperties? properties = null) =>
        Write(WorkflowCommand.Annotation("warning", message, properties));

    public void Error(string message, AnnotationProperties? properties = null) =>
        Write(WorkflowCommand.Annotation("error", message, properties));

    public IDisposable Group(string title)
    {
        Write(WorkflowCommand.Format("group", title));
        return new GroupEnd(this);
    }

    /// <summary>
    /// Masks each non-blank line separately: the runner matches masks within single log lines, so a
    /// multi-line secret registered whole would leak line by line. Blank values are ignored because
    /// masking whitespace would garble the whole log.
    /// </summary>
    public void Mask(string secret)
    {
        if (string.IsNullOrWhiteSpace(secret))
        {
            return;
        }

        foreach (var line in secret.Split(['\r', '\n']))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            lock (_gate)
            {
                if (_masked.Add(line))
                {
                    WriteLocked(WorkflowCommand.Format("add-mask", line));
                }
            }
        }
    }

    /// <summary>
    /// Prints outside text. When any line could be read as a command, the text is fenced by
    /// <c>::stop-commands::TOKEN</c> ... <c>::TOKEN::</c> with a fresh random token, which the text cannot
    /// know and so cannot end early. Text without such a line is printed as is, keeping the log quiet.
    /// </summary>
    public void Untrusted(string text)
    {
        if (!WorkflowCommand.ContainsCommandLikeLine(text))
        {
            Write(text);
            return;
        }

        var token = _newStopToken();
        while (text.Contains(token, StringComparison.OrdinalIgnoreCase))
        {
            token = WorkflowCommand.NewStopToken();
        }

        lock (_gate)
        {
            writer.WriteLine(WorkflowCommand.Format("stop-commands", token));
            writer.WriteLine(text);
            writer.WriteLine("::" + token + "::");
            writer.Flush();
        }
    }

    private void Write(string line)
    {
        lock (_gate)
        {
            WriteLocked(line);
        }
    }

    private void WriteLocked(string line)
    {
        writer.WriteLine(line);
        writer.Flush();
    }

    private sealed class GroupEnd(WorkflowCommandLog log) : IDisposable
    {
        private int _ended;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _ended, 1) == 0)
            {
                log.Write("::endgroup::");
            }
        }
    }
}
