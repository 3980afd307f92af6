using EcsDeploy.Aws.Ecs;
using EcsDeploy.CodeDeploy;
using EcsDeploy.Runtime;

namespace EcsDeploy.EcsController.Operations;

/// <summary>
/// A plain follower that prints status and stage transitions only, polling DescribeServiceDeployments every poll
/// interval on the <see cref="TimeProvider"/>; stands in where the deploy's ECS watcher is not wired.
/// </summary>
public sealed class StatusOnlyFollower(IEcsDeploymentsApi api, IJobLog log, TimeProvider time, WatchSettings settings) : IServiceDeploymentFollower
{
    public async Task<FollowedDeployment> FollowAsync(string serviceDeploymentArn, string prefix, FollowUntil until, CancellationToken cancellationToken)
    {
        var deadline = settings.Timeout is { } limit ? time.GetUtcNow() + limit : DateTimeOffset.MaxValue;
        var (status, stage) = ((string?)null, (string?)null);
        ServiceDeployment? last = null;
        var id = EcsOperationContext.ShortId(serviceDeploymentArn);
        while (true)
        {
            var seen = await ServiceDeploymentHistory.DescribeAsync(api, serviceDeploymentArn, cancellationToken).ConfigureAwait(false);
            last = seen ?? last;
            if (seen?.Status is { } now && now != status)
            {
                status = now;
                log.Info($"{prefix}Service deployment {id}: {now}");
            }

            if (seen?.LifecycleStage is { Length: > 0 } nowStage && nowStage != stage)
            {
                stage = nowStage;
                log.Info($"{prefix}Stage: {nowStage}");
            }

            if (ServiceDeploymentHistory.IsTerminal(status))
            {
                return new FollowedDeployment(serviceDeploymentArn, status, false) { Last = last, Cause = last?.Rollback?.Reason ?? last?.StatusReason };
            }

            if (until == FollowUntil.PauseOrEnd && seen is not null && ServiceDeploymentHistory.PausedHook(seen) is { } hook)
            {
                return new FollowedDeployment(serviceDeploymentArn, status, false) { Last = last, PausedHookId = hook.HookId };
            }

            if (time.GetUtcNow() >= deadline)
            {
                return new FollowedDeployment(serviceDeploymentArn, status, true) { Last = last };
            }

            await Task.Delay(settings.PollInterval, time, cancellationToken).ConfigureAwait(false);
        }
    }
}
