using System.Globalization;

namespace EcsDeploy.Runtime;

/// <summary>
/// A clock that runs <see cref="Scale"/> times faster than the system's, for runs against the local sandbox at its
/// time scale (ECS_DEPLOY_TIME_SCALE with AWS_ENDPOINT_URL set): the schedule then meets the sandbox's due times.
/// </summary>
public sealed class ScaledTimeProvider : TimeProvider
{
    private readonly TimeProvider _inner;
    private readonly DateTimeOffset _anchorReal;
    private readonly DateTimeOffset _anchorSimulated;
    private readonly long _originTimestamp;

    /// <summary>Runs <paramref name="scale"/> times faster than <paramref name="inner"/>; at the real time <paramref name="anchorReal"/> it reads <paramref name="anchorSimulated"/> (both now when not given).</summary>
    public ScaledTimeProvider(TimeProvider inner, double scale, DateTimeOffset? anchorReal = null, DateTimeOffset? anchorSimulated = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(scale);
        _inner = inner;
        Scale = scale;
        _anchorReal = anchorReal ?? inner.GetUtcNow();
        _anchorSimulated = anchorSimulated ?? _anchorReal;
        _originTimestamp = inner.GetTimestamp();
    }

    /// <summary>Simulated seconds per real second.</summary>
    public double Scale { get; }

    /// <summary>
    /// The scaled clock when the environment asks for one against a local endpoint; otherwise null.
    /// ECS_DEPLOY_TIME_SCALE=20 runs 20 times faster; ECS_DEPLOY_TIME_ANCHOR=realUnixMs:simulatedUnixMs puts it on the sandbox's clock.
    /// </summary>
    public static ScaledTimeProvider? FromEnvironment(IReadOnlyDictionary<string, string> environment, TimeProvider inner)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (!environment.TryGetValue("ECS_DEPLOY_TIME_SCALE", out var text)
            || !environment.TryGetValue("AWS_ENDPOINT_URL", out var endpoint) || endpoint.Length == 0
            || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var scale) || scale is <= 0 or > 1000)
        {
            return null;
        }

        var anchor = environment.GetValueOrDefault("ECS_DEPLOY_TIME_ANCHOR")?.Split(':');
        return anchor is [var real, var simulated]
            && long.TryParse(real, NumberStyles.None, CultureInfo.InvariantCulture, out var realMs)
            && long.TryParse(simulated, NumberStyles.None, CultureInfo.InvariantCulture, out var simulatedMs)
            ? new ScaledTimeProvider(inner, scale, DateTimeOffset.FromUnixTimeMilliseconds(realMs), DateTimeOffset.FromUnixTimeMilliseconds(simulatedMs))
            : new ScaledTimeProvider(inner, scale);
    }

    public override DateTimeOffset GetUtcNow() => _anchorSimulated + ((_inner.GetUtcNow() - _anchorReal) * Scale);

    public override long GetTimestamp() => _originTimestamp + (long)((_inner.GetTimestamp() - _originTimestamp) * Scale);

    public override long TimestampFrequency => _inner.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => _inner.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new ScaledTimer(_inner.CreateTimer(callback, state, Real(dueTime), Real(period)), this);

    private TimeSpan Real(TimeSpan simulated) => simulated == Timeout.InfiniteTimeSpan || simulated <= TimeSpan.Zero ? simulated : simulated / Scale;

    private sealed class ScaledTimer(ITimer inner, ScaledTimeProvider clock) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(clock.Real(dueTime), clock.Real(period));

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
