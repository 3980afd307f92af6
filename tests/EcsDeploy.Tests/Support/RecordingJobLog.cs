using EcsDeploy.Runtime;

namespace EcsDeploy.Tests.Support;

/// <summary>One call made on a <see cref="RecordingJobLog"/>.</summary>
public sealed record LogEntry(string Kind, string Message, AnnotationProperties? Properties = null);

/// <summary>An <see cref="IJobLog"/> that records calls by kind ("info", "debug", "notice", "warning", "error", "group", "endgroup", "mask", "untrusted").</summary>
public sealed class RecordingJobLog : IJobLog
{
    private readonly List<LogEntry> _entries = [];
    private readonly Lock _gate = new();

    public IReadOnlyList<LogEntry> Entries
    {
        get
        {
            lock (_gate)
            {
                return [.. _entries];
            }
        }
    }

    public IReadOnlyList<string> Messages(string kind) =>
        Entries.Where(e => e.Kind == kind).Select(e => e.Message).ToArray();

    public IReadOnlyList<string> Masked => Messages("mask");

    public void Info(string message) => Add("info", message);
    public void Debug(string message) => Add("debug", message);
    public void Notice(string message, AnnotationProperties? properties = null) => Add("notice", message, properties);
    public void Warning(string message, AnnotationProperties? properties = null) => Add("warning", message, properties);
    public void Error(string message, AnnotationProperties? properties = null) => Add("error", message, properties);
    public void Mask(string secret) => Add("mask", secret);
    public void Untrusted(string text) => Add("untrusted", text);

    public IDisposable Group(string title)
    {
        Add("group", title);
        return new GroupEnd(this, title);
    }

    private void Add(string kind, string message, AnnotationProperties? properties = null)
    {
        lock (_gate)
        {
            _entries.Add(new LogEntry(kind, message, properties));
        }
    }

    private sealed class GroupEnd(RecordingJobLog log, string title) : IDisposable
    {
        public void Dispose() => log.Add("endgroup", title);
    }
}
