using System.Globalization;
using EcsDeploy.Aws;
using EcsDeploy.Aws.CodeDeploy;
using EcsDeploy.Runtime;
using EcsDeploy.Watching;

namespace EcsDeploy.CodeDeploy;

/// <summary>How often to poll, how far to back off, and when to give up.</summary>
/// <param name="PollInterval">Time between polls when all is well.</param>
/// <param name="MaxDelay">The longest wait between polls while AWS throttles or fails.</param>
/// <param name="Timeout">How long the watch may run; null for no limit.</param>
public sealed record WatchSettings(TimeSpan PollInterval, TimeSpan MaxDelay, TimeSpan? Timeout)
{
    /// <summary>Poll everything every <see cref="PollInterval"/>, as before the schedule knew the deployment (for comparison).</summary>
    public bool FixedInterval { get; init; }

    /// <summary>The pace of the schedule: <see cref="PollInterval"/> is its ceiling.</summary>
    public PollPace Pace => FixedInterval ? PollPace.FixedInterval(PollInterval, MaxDelay) : PollPace.Adapting(PollInterval, MaxDelay);
}

/// <summary>Where a watch ended: the last state and the outcome, or no outcome when the time ran out.</summary>
public sealed record WatchResult(WatchState State, WatchOutcome? Outcome)
{
    public bool TimedOut => Outcome is null;
}

/// <summary>The thin loop around <see cref="DeploymentWatch.Step"/>: polls, prints, sleeps on the clock; plus stop-and-follow for rollbacks.</summary>
public sealed class DeploymentWatcher(ICodeDeployApi codeDeploy, IJobLog log, TimeProvider time)
{
    /// <summary>Lines of a followed rollback start with this.</summary>
    public const string RollbackPrefix = "[rollback] ";

    private DateTimeOffset? _origin;

    /// <summary>The state of the deployment this watcher polled last, as of its last poll: what a cancelled run reports.</summary>
    public WatchState? LastState { get; private set; }

    /// <summary>When this watcher first watched or printed: every line it prints starts with the time elapsed since then.</summary>
    public DateTimeOffset StartedAt => _origin ??= time.GetUtcNow();

    /// <summary>Polls on the schedule of <see cref="DeploymentPollPlan"/> until the step reports an outcome or the timeout passes. Transient AWS errors slow the loop down but never end it.</summary>
    public async Task<WatchResult> WatchAsync(WatchState start, WatchSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(settings);
        _ = StartedAt;
        var pace = settings.Pace;
        var deadline = settings.Timeout is { } timeout ? time.GetUtcNow() + timeout : DateTimeOffset.MaxValue;
        var state = start;
        var poll = new Poll(codeDeploy, state.DeploymentId);
        var plan = new PollPlan(TimeSpan.Zero, PollLead.Target, Both: true);
        var delay = TimeSpan.Zero;
        while (true)
        {
            try
            {
                await poll.AskAsync(plan, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                var now = time.GetUtcNow();
                var step = DeploymentWatch.Step(state, new Observation(now, poll.Deployment!, poll.Target));
                Print(step.Messages);
                state = step.Next;
                if (pace.Adaptive && state is { Routing: null, ConfigName: { } config } && TrafficRouting.OfBuiltIn(config) is null && !poll.RoutingAsked)
                {
                    state = state with { Routing = await poll.RoutingAsync(config, log, cancellationToken).ConfigureAwait(false) };
                }

                LastState = state;
                if (step.Outcome is not null)
                {
                    return new WatchResult(state, step.Outcome);
                }

                plan = DeploymentPollPlan.Next(state, pace, now, poll.DeploymentReadAt);
                delay = plan.Delay;
            }
            catch (AwsServiceException e) when (IsTransient(e))
            {
                // After a failed poll ask for everything again: what the lead would have shown is not known.
                delay = PollSchedule.Backoff(pace, delay);
                plan = plan with { Delay = delay, Both = true };
                log.Debug($"Polling {state.DeploymentId}: {e.Message}; next poll in {DeploymentWatch.FormatDuration(delay)}.");
            }

            var left = deadline - time.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                return new WatchResult(state, null);
            }

            await Task.Delay(Min(delay, left), time, cancellationToken).ConfigureAwait(false);
        }
    }

    // The answers of one watch: the deployment, the target id (listed once), the target; the plan says which to ask.
    private sealed class Poll(ICodeDeployApi codeDeploy, string deploymentId)
    {
        private string? _targetId;

        public DeploymentInfo? Deployment { get; private set; }
        public EcsTarget? Target { get; private set; }
        public DateTimeOffset? DeploymentReadAt { get; private set; }
        public bool RoutingAsked { get; private set; }

        // Once per watch: a custom configuration's timing. Without it (no permission, throttled) shifts are simply not due.
        public async Task<TrafficRouting?> RoutingAsync(string configName, IJobLog log, CancellationToken cancellationToken)
        {
            RoutingAsked = true;
            try
            {
                var config = await codeDeploy.GetDeploymentConfigAsync(configName, cancellationToken).ConfigureAwait(false);
                return TrafficRouting.Of(config?.TrafficRoutingConfig);
            }
            catch (AwsServiceException e)
            {
                log.Debug($"Reading deployment configuration {configName}: {e.Message}; its traffic shifts are caught at the poll-interval pace.");
                return null;
            }
        }
        public async Task AskAsync(PollPlan plan, DateTimeOffset now, CancellationToken cancellationToken)
        {
            if (plan.Lead == PollLead.Target && !plan.Both && Deployment is not null && _targetId is not null && Target is not null)
            {
                var target = await codeDeploy.GetDeploymentTargetAsync(deploymentId, _targetId, cancellationToken).ConfigureAwait(false);
                var changed = DeploymentPollPlan.TargetChanged(Target, target);
                Target = target;
                if (changed)
                {
                    await ReadDeploymentAsync(now, cancellationToken).ConfigureAwait(false);
                }

                return;
            }

            var before = Deployment;
            await ReadDeploymentAsync(now, cancellationToken).ConfigureAwait(false);
            if (plan.Both || plan.Lead == PollLead.Target || _targetId is null || DeploymentPollPlan.DeploymentChanged(before, Deployment!))
            {
                if (_targetId is null)
                {
                    var targets = await codeDeploy.ListDeploymentTargetsAsync(deploymentId, cancellationToken).ConfigureAwait(false);
                    _targetId = targets.Count > 0 ? targets[0] : null;
                }

                Target = _targetId is null ? Target : await codeDeploy.GetDeploymentTargetAsync(deploymentId, _targetId, cancellationToken).ConfigureAwait(false);
            }
        }

        private async Task ReadDeploymentAsync(DateTimeOffset now, CancellationToken cancellationToken)
        {
            Deployment = await codeDeploy.GetDeploymentAsync(deploymentId, cancellationToken).ConfigureAwait(false);
            DeploymentReadAt = now;
        }
    }

    /// <summary>The id of the rollback CodeDeploy started for a failed or stopped deployment, polling a few times because it may appear late.</summary>
    public async Task<string?> FindRollbackAsync(string deploymentId, WatchSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        for (var attempt = 0; attempt < 4; attempt++)
        {
            if (attempt > 0)
            {
                await Task.Delay(settings.PollInterval, time, cancellationToken).ConfigureAwait(false);
            }

            try
            {
                var deployment = await codeDeploy.GetDeploymentAsync(deploymentId, cancellationToken).ConfigureAwait(false);
                if (deployment.RollbackInfo?.RollbackDeploymentId is { Length: > 0 } id)
                {
                    return id;
                }
            }
            catch (AwsServiceException e) when (IsTransient(e))
            {
                log.Debug($"Looking for the rollback of {deploymentId}: {e.Message}");
            }
        }

        return null;
    }

    /// <summary>Watches a rollback deployment to its end, its lines marked as the rollback's.</summary>
    public Task<WatchResult> FollowRollbackAsync(string rollbackDeploymentId, WatchSettings settings, CancellationToken cancellationToken) =>
        FollowRollbackAsync(rollbackDeploymentId, null, settings, cancellationToken);

    /// <summary>Watches a rollback deployment to its end; the traffic split last printed for <paramref name="rolledBack"/> is where the rollback's traffic lines start from.</summary>
    public Task<WatchResult> FollowRollbackAsync(string rollbackDeploymentId, WatchState? rolledBack, WatchSettings settings, CancellationToken cancellationToken)
    {
        Info($"Following rollback deployment {rollbackDeploymentId}");
        var start = WatchState.Start(rollbackDeploymentId) with { Prefix = RollbackPrefix, PrintedTraffic = rolledBack?.PrintedTraffic };
        return WatchAsync(start, settings, cancellationToken);
    }

    /// <summary>StopDeployment with auto-rollback, then watches the stop finish; returns the last state and the rollback id, if any.</summary>
    public async Task<(WatchResult Stopped, string? RollbackDeploymentId)> StopAndRollBackAsync(WatchState state, WatchSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        var (status, message) = await codeDeploy.StopDeploymentAsync(state.DeploymentId, autoRollbackEnabled: true, cancellationToken).ConfigureAwait(false);
        Info($"Stop of {state.DeploymentId} requested with rollback: {status}");
        if (message is { Length: > 0 })
        {
            log.Untrusted(message);
        }

        var stopped = await WatchAsync(state with { WaitUntil = WaitUntil.Deployed }, settings, cancellationToken).ConfigureAwait(false);
        var rollbackId = stopped.Outcome?.RollbackDeploymentId;
        if (rollbackId is null && stopped.Outcome?.IsFailure == true)
        {
            rollbackId = await FindRollbackAsync(state.DeploymentId, settings, cancellationToken).ConfigureAwait(false);
        }

        return (stopped, rollbackId);
    }

    /// <summary>Throttling, 5xx and connection failures: worth another poll, never the end of a watch.</summary>
    public static bool IsTransient(AwsServiceException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.StatusCode is >= 500 or 0 or 429
            || error.ErrorCode.Contains("Throttl", StringComparison.OrdinalIgnoreCase)
            || error.ErrorCode is "RequestLimitExceeded" or "TooManyRequestsException" or "LimitExceededException" or "RequestTimeout" or "SlowDown";
    }

    /// <summary>Time since the watch started as printed at the start of its lines: "[mm:ss]", or "[h:mm:ss]" from an hour on.</summary>
    public static string FormatElapsed(TimeSpan elapsed)
    {
        if (elapsed < TimeSpan.Zero)
        {
            elapsed = TimeSpan.Zero;
        }

        return elapsed.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"[{(int)elapsed.TotalHours}:{elapsed.Minutes:00}:{elapsed.Seconds:00}]")
            : string.Create(CultureInfo.InvariantCulture, $"[{elapsed.Minutes:00}:{elapsed.Seconds:00}]");
    }

    private void Info(string text) => log.Info($"{FormatElapsed(time.GetUtcNow() - StartedAt)} {text}");

    private void Print(IReadOnlyList<WatchMessage> messages)
    {
        foreach (var message in messages)
        {
            switch (message)
            {
                case WatchLine line:
                    Info(line.Text);
                    break;
                case WatchDiagnostics diagnostics:
                    PrintDiagnostics(log, diagnostics.EventName, diagnostics.Diagnostics);
                    break;
            }
        }
    }

    /// <summary>A failed hook's diagnostics in a group; everything in them came from outside, so it is printed as untrusted.</summary>
    public static void PrintDiagnostics(IJobLog log, string eventName, Diagnostics diagnostics)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(diagnostics);
        using (log.Group($"{eventName} diagnostics"))
        {
            log.Untrusted($"Error code: {diagnostics.ErrorCode ?? "(none)"}");
            if (diagnostics.ScriptName is { Length: > 0 } script)
            {
                log.Untrusted($"Script: {script}");
            }

            log.Untrusted($"Message: {diagnostics.Message ?? "(none)"}");
            if (diagnostics.LogTail is { Length: > 0 } tail)
            {
                log.Untrusted("Log tail:\n" + tail);
            }
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
