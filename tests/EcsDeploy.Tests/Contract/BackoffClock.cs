using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace EcsDeploy.Tests.Contract;

/// <summary>
/// The clients' clock: a <see cref="FakeTimeProvider"/> that reports each timer it creates, so a test sees every
/// backoff the retry pipeline starts and advances exactly past it; nothing waits on real time.
/// </summary>
internal sealed class BackoffClock : TimeProvider
{
    private readonly FakeTimeProvider _inner = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly Channel<TimeSpan> _timers = Channel.CreateUnbounded<TimeSpan>();
    private readonly List<TimeSpan> _waited = [];

    /// <summary>Every backoff waited out so far, in order.</summary>
    public IReadOnlyList<TimeSpan> Waited => _waited;

    public override DateTimeOffset GetUtcNow() => _inner.GetUtcNow();

    public override long GetTimestamp() => _inner.GetTimestamp();

    public override long TimestampFrequency => _inner.TimestampFrequency;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = _inner.CreateTimer(callback, state, dueTime, period);
        _timers.Writer.TryWrite(dueTime);
        return timer;
    }

    /// <summary>The due time of the next timer created (waits until one is).</summary>
    public ValueTask<TimeSpan> NextTimerAsync(CancellationToken cancellationToken) => _timers.Reader.ReadAsync(cancellationToken);

    /// <summary>Moves the clock past one backoff and records it.</summary>
    public void Advance(TimeSpan by)
    {
        _waited.Add(by);
        _inner.Advance(by);
    }

    /// <summary>Runs <paramref name="call"/> to its end, advancing past each backoff it starts; gives up after 30 real seconds.</summary>
    public async Task<T> DriveAsync<T>(Task<T> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!call.IsCompleted)
        {
            using var round = CancellationTokenSource.CreateLinkedTokenSource(guard.Token);
            var timer = NextTimerAsync(round.Token).AsTask();
            var first = await Task.WhenAny(call, timer).WaitAsync(guard.Token);
            if (first == timer)
            {
                Advance(await timer);
            }
            else
            {
                await round.CancelAsync();
            }
        }

        return await call;
    }

    /// <summary>As <see cref="DriveAsync{T}(Task{T})"/> for a call without a result.</summary>
    public Task DriveAsync(Task call) => DriveAsync(Wrap(call));

    private static async Task<bool> Wrap(Task call)
    {
        await call;
        return true;
    }
}
