namespace EcsDeploy.Tests.Support;

/// <summary>
/// Holds each of the named calls until all of them have arrived, which proves they were in flight together without
/// measuring time. A call run one after another would wait forever for the next; the guard turns that into a failure.
/// </summary>
public sealed class ArrivalGate(params string[] expected)
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);
    private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly HashSet<string> _arrived = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Runs once every expected call has arrived, before any of them is let through.</summary>
    public Action? OnAllArrived { get; set; }

    /// <summary>Records <paramref name="call"/> and, when it is one of the expected, waits for the others.</summary>
    public async Task ArriveAsync(string call, CancellationToken cancellationToken)
    {
        if (!expected.Contains(call, StringComparer.Ordinal))
        {
            return;
        }

        bool last;
        lock (_gate)
        {
            last = _arrived.Add(call) && _arrived.Count == expected.Length;
        }

        if (last)
        {
            OnAllArrived?.Invoke();
            _all.TrySetResult();
        }

        try
        {
            await _all.Task.WaitAsync(Guard, cancellationToken);
        }
        catch (TimeoutException)
        {
            lock (_gate)
            {
                throw new InvalidOperationException($"{call} waited for {string.Join(", ", expected.Except(_arrived))}, which never arrived: the reads did not run at once.");
            }
        }

        // As over HTTP: a call whose run was cancelled meanwhile loses its answer.
        cancellationToken.ThrowIfCancellationRequested();
    }
}
