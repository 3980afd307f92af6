namespace EcsDeploy.Runtime;

/// <summary>
/// A job log that holds every call back until <see cref="FlushTo"/> replays them, in order, on the real log; what is
/// never flushed is never written. Work started ahead of its turn writes here, so the job log reads as if it ran in turn.
/// </summary>
public sealed class BufferedJobLog : IJobLog
{
    private readonly Lock _gate = new();
    private readonly List<Action<IJobLog, Stack<IDisposable>>> _held = [];

    public void Info(string message) => Hold((log, _) => log.Info(message));
    public void Debug(string message) => Hold((log, _) => log.Debug(message));
    public void Notice(string message, AnnotationProperties? properties = null) => Hold((log, _) => log.Notice(message, properties));
    public void Warning(string message, AnnotationProperties? properties = null) => Hold((log, _) => log.Warning(message, properties));
    public void Error(string message, AnnotationProperties? properties = null) => Hold((log, _) => log.Error(message, properties));
    public void Mask(string secret) => Hold((log, _) => log.Mask(secret));
    public void Untrusted(string text) => Hold((log, _) => log.Untrusted(text));

    public IDisposable Group(string title)
    {
        Hold((log, open) => open.Push(log.Group(title)));
        return new GroupEnd(this);
    }

    /// <summary>Writes what was held to <paramref name="log"/>, in the order it came, and forgets it; flush once the writer is done, so its groups are whole.</summary>
    public void FlushTo(IJobLog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        Action<IJobLog, Stack<IDisposable>>[] held;
        lock (_gate)
        {
            held = [.. _held];
            _held.Clear();
        }

        var open = new Stack<IDisposable>();
        foreach (var call in held)
        {
            call(log, open);
        }
    }

    private void Hold(Action<IJobLog, Stack<IDisposable>> call)
    {
        lock (_gate)
        {
            _held.Add(call);
        }
    }

    private sealed class GroupEnd(BufferedJobLog log) : IDisposable
    {
        private int _ended;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _ended, 1) == 0)
            {
                log.Hold((_, open) =>
                {
                    if (open.TryPop(out var group))
                    {
                        group.Dispose();
                    }
                });
            }
        }
    }
}
