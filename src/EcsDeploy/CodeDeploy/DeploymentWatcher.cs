using System.Globalization;
using EcsDeploy.Aws;
using EcsDeploy.Aws.CodeDeploy;
using EcsDeploy.Runtime;

namespace EcsDeploy.CodeDeploy;

/// <summary>How often to poll, how far to back off, and when to give up.</summary>
/// <param name="PollInterval">Time between polls when all is well.</param>
/// <param name="MaxDelay">The longest wait between polls while AWS throttles or fails.</param>
/// <param name="Timeout">How long the watch may run; null for no limit.</param>
public sealed record WatchSettings(TimeSpan PollInterval, TimeSpan MaxDelay, TimeSpan? Timeout);

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

    /// <summary>Polls until the step reports an outcome or the timeout passes. Transient AWS errors slow the loop down but never end it.</summary>
    public async Task<WatchResult> WatchAsync(WatchState start, WatchSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(settings);
        _ = StartedAt;
        var deadline = settings.Timeout is { } timeout ? time.GetUtcNow() + timeout : DateTimeOffset.MaxValue;
        var state = start;
        string? targetId = null;
        var delay = settings.PollInterval;
        while (true)
        {
            try
            {
                // At most three calls per poll: the deployment, the target list (until the id is known), the target.
                var deployment = await codeDeploy.GetDeploymentAsync(state.DeploymentId, cancellationToken).ConfigureAwait(false);
                if (targetId is null)
                {
                    var targets = await codeDeploy.ListDeploymentTargetsAsync(state.DeploymentId, cancellationToken).ConfigureAwait(false);
                    targetId = targets.Count > 0 ? targets[0] : null;
                }

                var target = targetId is null ? null : await codeDeploy.GetDeploymentTargetAsync(state.DeploymentId, targetId, cancellationToken).ConfigureAwait(false);
                var step = DeploymentWatch.Step(state, new Observation(time.GetUtcNow(), deployment, target));
                Print(step.Messages);
                state = step.Next;
                LastState = state;
                if (step.Outcome is not null)
                {
                    return new WatchResult(state, step.Outcome);
                }

                delay = settings.PollInterval;
            }
            catch (AwsServiceException e) when (IsTransient(e))
            {
                delay = Min(Max(delay * 2, settings.PollInterval), Max(settings.MaxDelay, settings.PollInterval));
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
