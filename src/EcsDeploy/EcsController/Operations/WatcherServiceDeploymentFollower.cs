namespace EcsDeploy.EcsController.Operations;

/// <summary>Follows service deployments with the deploy's <see cref="ServiceDeploymentWatcher"/> (pure step plus thin loop).</summary>
public sealed class WatcherServiceDeploymentFollower(ServiceDeploymentWatcher watcher, EcsWatchSettings settings) : IServiceDeploymentFollower
{
    public async Task<FollowedDeployment> FollowAsync(string serviceDeploymentArn, string prefix, FollowUntil until, CancellationToken cancellationToken)
    {
        var waitUntil = until == FollowUntil.PauseOrEnd ? new EcsWaitUntil(EcsWaitKind.Paused) : EcsWaitUntil.Deployed;
        var start = EcsWatchState.Start(serviceDeploymentArn, waitUntil) with { Prefix = prefix };
        var result = await watcher.WatchAsync(start, settings, cancellationToken).ConfigureAwait(false);
        return ToFollowed(result);
    }

    /// <summary>What the operations need from where a watch ended.</summary>
    public static FollowedDeployment ToFollowed(EcsWatchResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var outcome = result.Outcome;
        return new FollowedDeployment(result.State.DeploymentId, outcome?.Status ?? result.State.Status, outcome is null)
        {
            Cause = outcome?.Cause,
            PausedHookId = outcome?.Kind == EcsOutcomeKind.Paused ? outcome.HookId : null,
            ReplacedBy = outcome?.ReplacedBy,
            Last = result.State.Last,
            State = result.State,
        };
    }
}
