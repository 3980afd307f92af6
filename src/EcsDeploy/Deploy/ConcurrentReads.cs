namespace EcsDeploy.Deploy;

/// <summary>
/// Reads started at once and taken in a fixed order. When the run ends before a read is taken (an earlier one
/// failed or refused), disposing cancels the rest and awaits them, so none keeps running or fails unobserved.
/// Only reads go here: cancelling them changes nothing in AWS.
/// </summary>
internal sealed class ConcurrentReads(CancellationToken cancellationToken) : IAsyncDisposable
{
    private readonly CancellationTokenSource _cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
    private readonly List<Task> _started = [];

    /// <summary>Starts <paramref name="read"/> with a token that the run's cancellation and <see cref="DisposeAsync"/> cancel.</summary>
    public Task<T> Start<T>(Func<CancellationToken, Task<T>> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        var task = read(_cancel.Token);
        _started.Add(task);
        return task;
    }

    public async ValueTask DisposeAsync()
    {
        await _cancel.CancelAsync().ConfigureAwait(false);
        foreach (var task in _started)
        {
            await task.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

            // Seen, so a read whose failure no longer matters is not reported as an unobserved task exception.
            _ = task.Exception;
        }

        _cancel.Dispose();
    }
}
