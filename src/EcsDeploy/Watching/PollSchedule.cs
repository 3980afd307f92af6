namespace EcsDeploy.Watching;

/// <summary>The pace of a watch: its quick poll, its ceiling (the user's poll-interval) and how far throttling may push it.</summary>
/// <param name="Fast">The delay right after a change and around a due time.</param>
/// <param name="Ceiling">The longest delay while all is well, so an unannounced change is still seen promptly.</param>
/// <param name="MaxBackoff">The longest delay while AWS throttles or fails.</param>
public sealed record PollPace(TimeSpan Fast, TimeSpan Ceiling, TimeSpan MaxBackoff)
{
    /// <summary>The quick poll of an adaptive watch.</summary>
    public static readonly TimeSpan DefaultFast = TimeSpan.FromSeconds(1);

    /// <summary>Quick polls start this long before a due time: clocks differ and AWS is rarely early, but can be.</summary>
    public TimeSpan Lead { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Quick polls go on this long past a due time while the change has not shown yet.</summary>
    public TimeSpan Linger { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// After a change the delay grows by this share of the time since that change (0.15: every second for about seven
    /// seconds, then 15 % longer each time), so the delay to notice the next change stays about a seventh of how long it
    /// took to come.
    /// </summary>
    public double Growth { get; init; } = 0.15;

    /// <summary>False for the fixed interval of earlier versions: every poll asks for everything, <see cref="Ceiling"/> apart.</summary>
    public bool Adaptive => Fast < Ceiling;

    /// <summary>An adaptive pace under <paramref name="ceiling"/> (a ceiling of 1 s or less polls every <paramref name="ceiling"/>).</summary>
    public static PollPace Adapting(TimeSpan ceiling, TimeSpan maxBackoff) => new(ceiling < DefaultFast ? ceiling : DefaultFast, ceiling, maxBackoff);

    /// <summary>A fixed interval, as the watch polled before it knew the deployment.</summary>
    public static PollPace FixedInterval(TimeSpan interval, TimeSpan maxBackoff) => new(interval, interval, maxBackoff);
}

/// <summary>
/// The shared, controller-neutral part of a polling schedule: quick right after a change and around every due time,
/// slower while nothing is due, never slower than the ceiling, doubling on throttling. Pure: the caller says when
/// the last change was seen and which transitions are due; the controller's own schedule works those out.
/// </summary>
public static class PollSchedule
{
    /// <summary>The delay before the next poll at <paramref name="now"/>.</summary>
    public static TimeSpan Next(PollPace pace, DateTimeOffset now, DateTimeOffset lastChange, IEnumerable<DateTimeOffset> dueTimes)
    {
        ArgumentNullException.ThrowIfNull(pace);
        ArgumentNullException.ThrowIfNull(dueTimes);
        if (!pace.Adaptive)
        {
            return pace.Ceiling;
        }

        var sinceChange = now - lastChange;
        var delay = Clamp(sinceChange * pace.Growth, pace.Fast, pace.Ceiling);
        foreach (var due in dueTimes)
        {
            var opens = due - pace.Lead;
            if (now >= opens && now < due + pace.Linger)
            {
                return pace.Fast;
            }

            // Wake up when the quick polls around the next due time begin, not a ceiling later.
            if (opens > now && opens - now < delay)
            {
                delay = Clamp(opens - now, pace.Fast, pace.Ceiling);
            }
        }

        return delay;
    }

    /// <summary>True while <paramref name="now"/> is in the quick window around one of <paramref name="dueTimes"/>.</summary>
    public static bool IsNearDue(PollPace pace, DateTimeOffset now, IEnumerable<DateTimeOffset> dueTimes)
    {
        ArgumentNullException.ThrowIfNull(pace);
        ArgumentNullException.ThrowIfNull(dueTimes);
        return dueTimes.Any(due => now >= due - pace.Lead && now < due + pace.Linger);
    }

    /// <summary>The delay after a throttled or failed poll: double the last one, from the quick pace up to the backoff limit.</summary>
    public static TimeSpan Backoff(PollPace pace, TimeSpan previous)
    {
        ArgumentNullException.ThrowIfNull(pace);
        var limit = pace.MaxBackoff > pace.Ceiling ? pace.MaxBackoff : pace.Ceiling;
        return Clamp(previous * 2, pace.Ceiling < pace.Fast * 2 ? pace.Ceiling : pace.Fast * 2, limit);
    }

    private static TimeSpan Clamp(TimeSpan value, TimeSpan min, TimeSpan max) => value < min ? min : value > max ? max : value;
}
