using EcsDeploy.CodeDeploy;

namespace EcsDeploy.Operations;

/// <summary>Follows deployments with the deploy's <see cref="DeploymentWatcher"/>.</summary>
public sealed class WatcherFollower(DeploymentWatcher watcher, WatchSettings settings, int? terminationWaitMinutes = null) : IDeploymentFollower
{
    public Task<WatchResult> FollowAsync(string deploymentId, string prefix, WaitUntil waitUntil, CancellationToken cancellationToken)
    {
        var start = WatchState.Start(deploymentId, waitUntil, terminationWaitMinutes) with { Prefix = prefix };
        return watcher.WatchAsync(start, settings, cancellationToken);
    }
}
