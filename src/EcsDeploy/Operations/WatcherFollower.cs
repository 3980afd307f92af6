using EcsDeploy.CodeDeploy;

namespace EcsDeploy.Operations;

/// <summary>Follows deployments with the deploy's <see cref="DeploymentWatcher"/>; a watch that runs out of time fails the operation.</summary>
public sealed class WatcherFollower(DeploymentWatcher watcher, WatchSettings settings) : IDeploymentFollower
{
    public async Task<WatchOutcome> FollowAsync(string deploymentId, string prefix, WaitUntil waitUntil, CancellationToken cancellationToken)
    {
        var start = WatchState.Start(deploymentId, waitUntil) with { Prefix = prefix };
        var result = await watcher.WatchAsync(start, settings, cancellationToken).ConfigureAwait(false);
        return result.Outcome ?? throw new OperationFailedException(
            $"Deployment {deploymentId} did not end within {DeploymentWatch.FormatDuration(settings.Timeout ?? TimeSpan.Zero)} ('wait-for-minutes'); it keeps running: check it with command 'status', or raise 'wait-for-minutes'.");
    }
}
