using System.Globalization;
using EcsDeploy.Aws;
using EcsDeploy.Aws.Ecs;
using EcsDeploy.Deploy;
using EcsDeploy.Runtime;

namespace EcsDeploy.EcsController;

/// <summary>Where the followed deployment runs, how often to poll and when to give up.</summary>
/// <param name="Cluster">The service's cluster (name or ARN).</param>
/// <param name="Service">The service's name.</param>
/// <param name="PollInterval">The longest wait between polls while all is well (poll-interval).</param>
/// <param name="MaxDelay">The longest wait while AWS throttles or fails (wait-max-delay-seconds).</param>
/// <param name="Timeout">How long the watch may run; null for no limit.</param>
public sealed record EcsWatchSettings(string Cluster, string Service, TimeSpan PollInterval, TimeSpan MaxDelay, TimeSpan? Timeout)
{
    /// <summary>Poll everything every <see cref="PollInterval"/>, as a watch that knows nothing of the deployment would (ECS_DEPLOY_POLL_SCHEDULE=fixed, for comparison).</summary>
    public bool FixedInterval { get; init; }

    /// <summary>The polling the deploy inputs ask for, with this timeout.</summary>
    public static EcsWatchSettings From(DeployInputs inputs, TimeSpan? timeout)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return new(inputs.Cluster, inputs.Service, TimeSpan.FromSeconds(inputs.PollIntervalSeconds), TimeSpan.FromSeconds(inputs.WaitMaxDelaySeconds), timeout)
        {
            FixedInterval = inputs.FixedPollInterval,
        };
    }
}

/// <summary>The thin loop around <see cref="ServiceDeploymentWatch.Step"/>: asks ECS only for what can have changed, prints, sleeps on the clock.</summary>
public sealed class ServiceDeploymentWatcher(IEcsApi ecs, IEcsDeploymentsApi deployments, IJobLog log, TimeProvider time)
{
    /// <summary>Lines of a followed rollback start with this.</summary>
    public const string RollbackPrefix = "[rollback] ";

    // Service events change slowly and DescribeServices is the heaviest call: after a transition, else every sixteen
    // ceilings, and every thirty-two in a timed wait (a failing task shows first in the deployment's circuit breaker count, a transition).
    private const int ServiceEvery = 16;
    private const int ServiceEveryInWait = 32;

    private DateTimeOffset? _origin;

    /// <summary>When this watcher first watched or printed; lines start with the time since then.</summary>
    public DateTimeOffset StartedAt => _origin ??= time.GetUtcNow();

    /// <summary>Follows a service deployment to its end (or the timeout); the entry point for deploy, continue, stop and rollback.</summary>
    public Task<EcsWatchResult> FollowAsync(string serviceDeploymentArn, EcsWatchSettings settings, CancellationToken cancellationToken) =>
        WatchAsync(EcsWatchState.Start(serviceDeploymentArn), settings, cancellationToken);

    /// <summary>Polls until the pure step reports an outcome or the timeout passes; throttling and 5xx slow the loop but never end it.</summary>
    public async Task<EcsWatchResult> WatchAsync(EcsWatchState start, EcsWatchSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(settings);
        _ = StartedAt;
        var begun = time.GetUtcNow();
        var deadline = settings.Timeout is { } timeout ? begun + timeout : DateTimeOffset.MaxValue;
        var state = start.EventsSince is null ? start with { EventsSince = begun.AddSeconds(-5) } : start;
        var (throttled, changed, fetchedStopped, lastChange) = (0, true, false, begun);
        DateTimeOffset? serviceAsked = null;
        var expected = EcsPollSchedule.Expect(state);
        while (true)
        {
            try
            {
                var observation = await ObserveAsync(state, settings, serviceAsked, changed, expected.Waiting, fetchedStopped, cancellationToken).ConfigureAwait(false);
                fetchedStopped |= observation.StoppedTasks is not null;
                serviceAsked = observation.Service is not null ? observation.At : serviceAsked;
                var step = ServiceDeploymentWatch.Step(state, observation);
                Print(step.Messages);
                // A transition makes the schedule quick again; tasks starting or stopping bring service events, so the
                // service is asked for those next time too.
                var moved = state.Classic ? step.Messages.Count > 0 : ServiceDeploymentWatch.Transitioned(state, step.Next);
                var tasksMoved = state.PrintedCounts != step.Next.PrintedCounts;
                state = step.Next;
                if (step.Outcome is not null)
                {
                    return new EcsWatchResult(state, step.Outcome);
                }

                (throttled, changed) = (0, moved || tasksMoved);
                lastChange = moved ? observation.At : lastChange;
            }
            catch (AwsServiceException e) when (IsTransient(e))
            {
                throttled++;
                log.Debug($"Polling {state.ShortId}: {e.Message}");
            }

            var now = time.GetUtcNow();
            var left = deadline - now;
            if (left <= TimeSpan.Zero)
            {
                return new EcsWatchResult(state, null);
            }

            expected = EcsPollSchedule.Expect(state);
            var delay = EcsPollSchedule.NextDelay(new EcsPollInput(now, begun, settings.PollInterval, settings.MaxDelay, throttled, lastChange, expected.Due)
            {
                Fixed = settings.FixedInterval,
                Waiting = expected.Waiting,
                Ending = expected.Ending,
            });
            await Task.Delay(delay < left ? delay : left, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<EcsObservation> ObserveAsync(EcsWatchState state, EcsWatchSettings settings, DateTimeOffset? serviceAsked, bool changed, bool waiting, bool fetchedStopped, CancellationToken cancellationToken)
    {
        var observation = new EcsObservation(time.GetUtcNow());
        if (state.Classic)
        {
            var service = await ecs.DescribeServiceAsync(settings.Cluster, settings.Service, cancellationToken).ConfigureAwait(false);
            var entry = service?.Deployments?.FirstOrDefault(d => d.Id == state.DeploymentId);
            observation = observation with { Service = service, Classic = entry };
            if (entry is { RolloutState: "FAILED" } && !fetchedStopped)
            {
                observation = observation with { StoppedTasks = await StoppedTasksAsync(settings, state.TaskDefinitionArn, cancellationToken).ConfigureAwait(false) };
            }

            return observation;
        }

        var found = await deployments.DescribeServiceDeploymentsAsync([state.DeploymentId], cancellationToken).ConfigureAwait(false);
        var deployment = found.ServiceDeployments.FirstOrDefault(d => d.ServiceDeploymentArn == state.DeploymentId);
        observation = observation with { Deployment = deployment };
        var status = deployment?.Status;
        var terminal = EcsStatus.IsTerminal(status);
        if (terminal || EcsPollSchedule.AskService(settings.FixedInterval, observation.At, serviceAsked, changed, status != state.Status, settings.PollInterval * (waiting ? ServiceEveryInWait : ServiceEvery)))
        {
            observation = observation with { Service = await ecs.DescribeServiceAsync(settings.Cluster, settings.Service, cancellationToken).ConfigureAwait(false) };
        }

        if (status == EcsStatus.Stopped || (status == EcsStatus.Successful && observation.Service?.TaskDefinition is { } running && state.TaskDefinitionArn is { } wanted && running != wanted))
        {
            observation = observation with { StartedAfter = await NewerDeploymentAsync(settings, deployment!, cancellationToken).ConfigureAwait(false) };
        }

        var failing = status is EcsStatus.RollbackRequested or EcsStatus.RollbackInProgress or EcsStatus.RollbackSuccessful or EcsStatus.RollbackFailed or EcsStatus.Stopped
            || deployment?.DeploymentCircuitBreaker?.Status == "TRIGGERED";
        if (failing && !fetchedStopped)
        {
            var target = state.TaskDefinitionArn ?? await TargetTaskDefinitionAsync(deployment!, cancellationToken).ConfigureAwait(false);
            observation = observation with { StoppedTasks = await StoppedTasksAsync(settings, target, cancellationToken).ConfigureAwait(false) };
        }

        return observation;
    }

    /// <summary>The newest service deployment created after <paramref name="deployment"/>, if any.</summary>
    private async Task<string?> NewerDeploymentAsync(EcsWatchSettings settings, ServiceDeployment deployment, CancellationToken cancellationToken)
    {
        var after = deployment.CreatedAt ?? deployment.StartedAt;
        var page = await deployments.ListServiceDeploymentsAsync(new ListServiceDeploymentsRequest
        {
            Cluster = settings.Cluster,
            Service = settings.Service,
            CreatedAt = after is { } t ? new CreatedAtRange(null, t) : null,
        }, cancellationToken).ConfigureAwait(false);
        return page.ServiceDeployments
            .Where(d => d.ServiceDeploymentArn != deployment.ServiceDeploymentArn && (after is null || d.CreatedAt is null || d.CreatedAt >= after))
            .OrderByDescending(d => d.CreatedAt)
            .Select(d => d.ServiceDeploymentArn)
            .FirstOrDefault();
    }

    private async Task<string?> TargetTaskDefinitionAsync(ServiceDeployment deployment, CancellationToken cancellationToken)
    {
        if (deployment.TargetServiceRevision?.Arn is not { Length: > 0 } revision)
        {
            return null;
        }

        var revisions = await deployments.DescribeServiceRevisionsAsync([revision], cancellationToken).ConfigureAwait(false);
        return revisions.Count > 0 ? revisions[0].TaskDefinition : null;
    }

    /// <summary>Stopped tasks of the service that ran <paramref name="taskDefinitionArn"/> (all stopped tasks when unknown), at most five.</summary>
    private async Task<IReadOnlyList<EcsTask>> StoppedTasksAsync(EcsWatchSettings settings, string? taskDefinitionArn, CancellationToken cancellationToken)
    {
        var arns = await deployments.ListTasksAsync(new ListTasksRequest { Cluster = settings.Cluster, ServiceName = settings.Service, DesiredStatus = "STOPPED" }, cancellationToken).ConfigureAwait(false);
        if (arns.Count == 0)
        {
            return [];
        }

        var described = await ecs.DescribeTasksAsync(settings.Cluster, [.. arns.Take(100)], cancellationToken).ConfigureAwait(false);
        return [.. described.Tasks
            .Where(t => taskDefinitionArn is null || t.TaskDefinitionArn is null || t.TaskDefinitionArn == taskDefinitionArn)
            .OrderBy(t => t.StoppedAt ?? DateTimeOffset.MaxValue)
            .ThenBy(t => t.TaskArn, StringComparer.Ordinal)
            .Take(5)];
    }

    /// <summary>Throttling, 5xx and connection failures: worth another poll, never the end of a watch.</summary>
    public static bool IsTransient(AwsServiceException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.StatusCode is >= 500 or 0 or 429 || AwsRetry.IsThrottling(error.ErrorCode) || AwsRetry.IsRetryable(error.ErrorCode, error.StatusCode);
    }

    /// <summary>Prints a line the action composed, with the elapsed time.</summary>
    public void Info(string text) => log.Info($"{FormatElapsed(time.GetUtcNow() - StartedAt)} {text}");

    /// <summary>"[mm:ss]", or "[h:mm:ss]" from an hour on, as the CodeDeploy watch prints.</summary>
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

    private void Print(IReadOnlyList<EcsWatchMessage> messages)
    {
        foreach (var message in messages)
        {
            switch (message)
            {
                case EcsLine line:
                    Info(line.Text);
                    break;
                case EcsUntrustedLine untrusted:
                    log.Untrusted($"{FormatElapsed(time.GetUtcNow() - StartedAt)} {untrusted.Prefix}{untrusted.Text}");
                    break;
            }
        }
    }
}
