using EcsDeploy.Aws.Ecs;

namespace EcsDeploy.EcsController;

/// <summary>What the schedule knows before a poll.</summary>
/// <param name="Now">The time now.</param>
/// <param name="StartedAt">When the watch started.</param>
/// <param name="Ceiling">The longest wait between polls while all is well (the poll-interval input).</param>
/// <param name="MaxDelay">The longest wait while AWS throttles (wait-max-delay-seconds).</param>
/// <param name="Throttled">How many polls in a row AWS throttled or failed.</param>
/// <param name="Changed">Whether the last poll saw a transition.</param>
/// <param name="Due">Moments a transition is expected: bake time end, traffic step end, hook expiry.</param>
public sealed record EcsPollInput(DateTimeOffset Now, DateTimeOffset StartedAt, TimeSpan Ceiling, TimeSpan MaxDelay, int Throttled, bool Changed, IReadOnlyList<DateTimeOffset> Due)
{
    /// <summary>The fixed interval (ECS_DEPLOY_POLL_SCHEDULE=fixed): every poll <see cref="Ceiling"/> apart, whatever is due.</summary>
    public bool Fixed { get; init; }
}

/// <summary>The ECS watch's polling schedule, a pure function: fast right after the start and around expected transitions, slower in between, slower still under throttling.</summary>
public static class EcsPollSchedule
{
    /// <summary>The fast poll.</summary>
    public static readonly TimeSpan Fast = TimeSpan.FromSeconds(1);

    /// <summary>How long after the start the watch polls fast: ECS picks the deployment up within seconds.</summary>
    public static readonly TimeSpan StartWindow = TimeSpan.FromSeconds(10);

    /// <summary>How long after an expected transition the watch keeps polling fast.</summary>
    public static readonly TimeSpan AfterDue = TimeSpan.FromSeconds(5);

    /// <summary>The wait before the next poll.</summary>
    public static TimeSpan NextDelay(EcsPollInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var ceiling = input.Ceiling < Fast ? Fast : input.Ceiling;
        if (input.Throttled > 0)
        {
            // Back off from the ceiling, doubling, up to the larger of the ceiling and the user's max delay.
            var backoff = TimeSpan.FromTicks(ceiling.Ticks * (1L << Math.Min(input.Throttled, 10)));
            var cap = input.MaxDelay > ceiling ? input.MaxDelay : ceiling;
            return backoff < cap ? backoff : cap;
        }

        if (input.Fixed)
        {
            return ceiling;
        }

        if (input.Now - input.StartedAt < StartWindow)
        {
            return Fast;
        }

        var delay = input.Changed ? Min(ceiling, TimeSpan.FromSeconds(2)) : ceiling;
        foreach (var due in input.Due)
        {
            var until = due - input.Now;
            if (until <= TimeSpan.Zero && -until <= AfterDue)
            {
                return Fast;
            }

            if (until > TimeSpan.Zero && until < delay)
            {
                // Wake just as it is due, not a ceiling later.
                delay = until < Fast ? Fast : until;
            }
        }

        return delay;
    }

    /// <summary>When the state expects the next transitions: the bake time's end, the current traffic step's end, pending hooks' expiry.</summary>
    public static IReadOnlyList<DateTimeOffset> DueTimes(EcsWatchState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var due = new List<DateTimeOffset>();
        var configuration = state.Last?.DeploymentConfiguration;
        if (state.Stages.LastOrDefault() is { Name: "BAKE_TIME", End: null } bake && configuration?.BakeTimeInMinutes is { } bakeMinutes)
        {
            due.Add(bake.Start.AddMinutes(bakeMinutes));
        }

        if (state.Traffic.LastOrDefault() is { } step && StepBakeMinutes(configuration) is { } stepMinutes && step.Production is > 0 and < 100)
        {
            due.Add(step.At.AddMinutes(stepMinutes));
        }

        foreach (var hook in state.Hooks)
        {
            if (hook is { Status: "IN_PROGRESS" or "AWAITING_ACTION", ExpiresAt: { } expires })
            {
                due.Add(expires);
            }
        }

        return due;
    }

    private static int? StepBakeMinutes(EcsDeploymentConfiguration? configuration) => configuration?.Strategy switch
    {
        "LINEAR" => configuration.LinearConfiguration?.StepBakeTimeInMinutes,
        "CANARY" => configuration.CanaryConfiguration?.CanaryBakeTimeInMinutes,
        _ => null,
    };

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
