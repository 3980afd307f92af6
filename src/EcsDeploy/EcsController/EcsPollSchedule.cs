using EcsDeploy.Aws.Ecs;

namespace EcsDeploy.EcsController;

/// <summary>What the schedule knows before a poll.</summary>
/// <param name="Now">The time now.</param>
/// <param name="StartedAt">When the watch started.</param>
/// <param name="Ceiling">The longest wait between polls while all is well (the poll-interval input).</param>
/// <param name="MaxDelay">The longest wait while AWS throttles (wait-max-delay-seconds).</param>
/// <param name="Throttled">How many polls in a row AWS throttled or failed.</param>
/// <param name="LastChange">When a poll last saw a transition (the start until one does).</param>
/// <param name="Due">Moments a transition is expected: bake time end, traffic step end, hook expiry.</param>
public sealed record EcsPollInput(DateTimeOffset Now, DateTimeOffset StartedAt, TimeSpan Ceiling, TimeSpan MaxDelay, int Throttled, DateTimeOffset LastChange, IReadOnlyList<DateTimeOffset> Due)
{
    /// <summary>The fixed interval (ECS_DEPLOY_POLL_SCHEDULE=fixed): every poll <see cref="Ceiling"/> apart, whatever is due.</summary>
    public bool Fixed { get; init; }

    /// <summary>A timed wait (bake time, a traffic step's bake): nothing is expected before its due time.</summary>
    public bool Waiting { get; init; }

    /// <summary>CLEAN_UP or a rollback under way: the end is the next transition, and the one a workflow waits for.</summary>
    public bool Ending { get; init; }
}

/// <summary>What the ECS watch expects next, from its state: due times, a timed wait, the end.</summary>
/// <param name="Due">Moments a transition is expected.</param>
/// <param name="Waiting">True in a timed wait whose end is among <paramref name="Due"/>.</param>
/// <param name="Ending">True in CLEAN_UP and while a rollback runs.</param>
public sealed record EcsExpectation(IReadOnlyList<DateTimeOffset> Due, bool Waiting, bool Ending);

/// <summary>
/// The ECS watch's polling schedule, a pure function. After each transition it polls every <see cref="Quick"/>, then
/// ever more slowly (a fifth of the time since, so a transition is seen after about a tenth of the time it took to
/// come; a twentieth in CLEAN_UP or a rollback, where the end comes next), up to the ceiling. In a timed wait (bake time, a traffic
/// step's bake) it polls at the ceiling at once, every <see cref="Fast"/> from just before the wait's end, and once a
/// due time has passed without its transition it polls as right after a transition. Slower still under throttling.
/// </summary>
public static class EcsPollSchedule
{
    /// <summary>The poll around a due time.</summary>
    public static readonly TimeSpan Fast = TimeSpan.FromSeconds(1);

    /// <summary>The poll right after a transition (or a due time passed).</summary>
    public static readonly TimeSpan Quick = TimeSpan.FromSeconds(2);

    /// <summary>Polls every <see cref="Fast"/> start this long before a due time.</summary>
    public static readonly TimeSpan Lead = TimeSpan.FromSeconds(1);

    /// <summary>The delay's share of the time since the last transition.</summary>
    public const double Growth = 0.2;

    /// <summary>The same in CLEAN_UP and while a rollback runs.</summary>
    public const double EndGrowth = 0.05;

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

        // Since the last transition, or since a due time that passed without its transition showing.
        var anchor = input.LastChange > input.StartedAt ? input.LastChange : input.StartedAt;
        var duePassed = false;
        foreach (var due in input.Due)
        {
            if (due <= input.Now && due > anchor)
            {
                (anchor, duePassed) = (due, true);
            }
        }

        var quick = Min(Quick, ceiling);
        var delay = input.Waiting && !duePassed && input.Due.Any(d => d > input.Now)
            ? ceiling
            : Clamp(TimeSpan.FromTicks((long)((input.Now - anchor).Ticks * (input.Ending ? EndGrowth : Growth))), quick, ceiling);
        foreach (var due in input.Due)
        {
            var opens = due - Lead;
            if (due > input.Now && input.Now >= opens)
            {
                return Min(Fast, ceiling);
            }

            if (opens > input.Now && opens - input.Now < delay)
            {
                // Wake just before it is due, not a ceiling later.
                delay = Max(opens - input.Now, Min(Fast, ceiling));
            }
        }

        return delay;
    }

    /// <summary>When the state expects the next transitions: the bake time's end, the current traffic step's end, pending hooks' expiry.</summary>
    public static IReadOnlyList<DateTimeOffset> DueTimes(EcsWatchState state) => Expect(state).Due;

    /// <summary>
    /// What the state expects: the bake time's end, the current traffic step's end (both from the deployment's
    /// updatedAt when it marks the wait's start, else from when the watch saw it), pending hooks' expiry; whether it is
    /// a timed wait; whether the end comes next (CLEAN_UP, a rollback).
    /// </summary>
    public static EcsExpectation Expect(EcsWatchState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var due = new List<DateTimeOffset>();
        var waiting = false;
        var configuration = state.Last?.DeploymentConfiguration;
        var updated = state.Last?.UpdatedAt;
        var hookPending = state.Hooks.Any(h => h.Status is "IN_PROGRESS" or "AWAITING_ACTION");
        var active = state.Status is null or EcsStatus.Pending or EcsStatus.InProgress;
        var stage = state.Stages.LastOrDefault();
        if (stage is { Name: "BAKE_TIME", End: null } bake && configuration?.BakeTimeInMinutes is { } bakeMinutes)
        {
            var previous = state.Stages.Count > 1 ? state.Stages[^2].Start : DateTimeOffset.MinValue;
            var start = updated is { } u && u <= bake.Start && u >= previous ? u : bake.Start;
            due.Add(start.AddMinutes(bakeMinutes));
            waiting = active && !hookPending;
        }

        if (state.Traffic.LastOrDefault() is { } step && StepBakeMinutes(configuration) is { } stepMinutes && step.Production is > 0 and < 100)
        {
            // updatedAt after the last transition seen means the deployment moved on unseen: the step's end has come.
            var previous = state.Traffic.Count > 1 ? state.Traffic[^2].At : DateTimeOffset.MinValue;
            var seen = state.Timeline.Count > 0 && state.Timeline[^1].At > step.At ? state.Timeline[^1].At : step.At;
            due.Add(updated is { } u && u > previous ? (u <= seen ? u.AddMinutes(stepMinutes) : u) : step.At.AddMinutes(stepMinutes));
            waiting |= active && !hookPending && stage?.Name == "PRODUCTION_TRAFFIC_SHIFT";
        }

        foreach (var hook in state.Hooks)
        {
            if (hook is { Status: "IN_PROGRESS" or "AWAITING_ACTION", ExpiresAt: { } expires })
            {
                due.Add(expires);
            }
        }

        // CLEAN_UP, or a rollback under way: what comes next is the end.
        var ending = (active && stage?.Name == "CLEAN_UP") || state.Status is EcsStatus.RollbackRequested or EcsStatus.RollbackInProgress;
        return new EcsExpectation(due, waiting, ending);
    }

    /// <summary>
    /// Whether this poll asks for the service too (DescribeServices, the heaviest call, for its events and task
    /// definition): with the fixed interval always; else on the first poll, after a transition, on a new status, and at
    /// least every <paramref name="every"/>.
    /// </summary>
    public static bool AskService(bool fixedInterval, DateTimeOffset now, DateTimeOffset? lastAsked, bool changed, bool statusChanged, TimeSpan every) =>
        fixedInterval || lastAsked is not { } last || changed || statusChanged || now - last >= every;

    private static int? StepBakeMinutes(EcsDeploymentConfiguration? configuration) => configuration?.Strategy switch
    {
        "LINEAR" => configuration.LinearConfiguration?.StepBakeTimeInMinutes,
        "CANARY" => configuration.CanaryConfiguration?.CanaryBakeTimeInMinutes,
        _ => null,
    };

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static TimeSpan Clamp(TimeSpan value, TimeSpan low, TimeSpan high) => value < low ? low : value > high ? high : value;
}
