using EcsDeploy.Aws.CodeDeploy;
using EcsDeploy.Aws.Ecs;
using EcsDeploy.CodeDeploy;
using EcsDeploy.Deploy;
using EcsDeploy.Runtime;

namespace EcsDeploy.Operations;

/// <summary>
/// Follows one deployment exactly as a deploy does: streams its transitions to the job log and returns where the
/// watch ended. <see cref="WatcherFollower"/> is the deploy's watch loop behind this; operations never poll themselves.
/// </summary>
public interface IDeploymentFollower
{
    /// <summary>Follows <paramref name="deploymentId"/>; <paramref name="prefix"/> sets apart a followed rollback ("[rollback] ").</summary>
    Task<WatchResult> FollowAsync(string deploymentId, string prefix, WaitUntil waitUntil, CancellationToken cancellationToken);
}

/// <summary>Everything an operation works with; <see cref="OperationRunner"/> builds it once.</summary>
public sealed record OperationContext(
    OperationInputs Inputs,
    ICodeDeployApi CodeDeploy,
    IEcsApi Ecs,
    IDeploymentFollower Follower,
    IJobLog Log,
    IActionOutputs Outputs,
    IStepSummary Summary,
    TimeProvider Time)
{
    public OperationTarget Target => Inputs.Target;

    /// <summary>Follows a deployment to its end; a watch that runs out of time ends the operation with <see cref="ExitCodes.TimedOut"/>.</summary>
    public async Task<WatchResult> FollowToEndAsync(string deploymentId, string prefix, CancellationToken cancellationToken)
    {
        var result = await Follower.FollowAsync(deploymentId, prefix, WaitUntil.Deployed, cancellationToken).ConfigureAwait(false);
        return result.Outcome is null
            ? throw new OperationFailedException(
                $"Deployment {deploymentId} did not end within {DeploymentWatch.FormatDuration(Inputs.Watch.Timeout ?? TimeSpan.Zero)}; it keeps running in CodeDeploy: check it with command 'status', or raise 'wait-for-minutes'.",
                ExitCodes.TimedOut)
            : result;
    }
}

/// <summary>An operation that cannot go on; the message is the one line shown to people.</summary>
public sealed class OperationFailedException(string message, int exitCode = ExitCodes.SetupFailed) : Exception(message)
{
    /// <summary>The process exit code (see <see cref="ExitCodes"/>).</summary>
    public int ExitCode { get; } = exitCode;
}
