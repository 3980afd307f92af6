using EcsDeploy.Aws;
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

    /// <summary>True when the group rolls back failed deployments itself, so a failure's rollback is worth waiting for.</summary>
    public bool GroupRollsBack { get; init; }

    /// <summary>The deployment followed last (set as each follow starts): what still runs when the run is cancelled.</summary>
    public string? Following { get; private set; }

    /// <summary>Follows a deployment until it ends or the wait runs out (no outcome), remembering it in <see cref="Following"/>.</summary>
    public Task<WatchResult> FollowAsync(string deploymentId, string prefix, CancellationToken cancellationToken)
    {
        Following = deploymentId;
        return Follower.FollowAsync(deploymentId, prefix, WaitUntil.Deployed, cancellationToken);
    }

    /// <summary>Follows a deployment to its end; a watch that runs out of time ends the operation with <see cref="ExitCodes.TimedOut"/>.</summary>
    public async Task<WatchResult> FollowToEndAsync(string deploymentId, string prefix, CancellationToken cancellationToken)
    {
        var result = await FollowAsync(deploymentId, prefix, cancellationToken).ConfigureAwait(false);
        return result.Outcome is null
            ? throw new OperationFailedException(
                $"Deployment {deploymentId} did not end within {DeploymentWatch.FormatDuration(Inputs.Watch.Timeout ?? TimeSpan.Zero)}; it keeps running in CodeDeploy: {WhereToWatch(deploymentId)}, or raise 'wait-for-minutes'.",
                ExitCodes.TimedOut)
            : result;
    }

    /// <summary>
    /// The rollback CodeDeploy started for an ended deployment. When one is <paramref name="expected"/>, asks a few
    /// times, a poll interval apart: CodeDeploy may record it a little after the deployment ends.
    /// </summary>
    public async Task<string?> RollbackOfAsync(WatchResult ended, bool expected, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ended);
        if (ended.Outcome?.RollbackDeploymentId is { } known)
        {
            return known;
        }

        for (var attempt = 0; attempt < (expected ? 4 : 1); attempt++)
        {
            if (attempt > 0)
            {
                await Task.Delay(Inputs.Watch.PollInterval, Time, cancellationToken).ConfigureAwait(false);
            }

            var deployment = await CodeDeploy.GetDeploymentAsync(ended.State.DeploymentId, cancellationToken).ConfigureAwait(false);
            if (deployment.RollbackInfo?.RollbackDeploymentId is { Length: > 0 } id)
            {
                return id;
            }
        }

        return null;
    }

    /// <summary>"follow it at &lt;console link&gt; or with operation 'status'" (without the link when no region is known).</summary>
    public string WhereToWatch(string deploymentId) =>
        Inputs.Region.Length == 0 ? "check it with operation 'status'" : $"follow it at {AwsConsole.Deployment(Inputs.Region, deploymentId)} or with operation 'status'";

    /// <summary>
    /// The line for a run cancelled while following someone else's deployment or a rollback. Neither is stopped: a
    /// rollback stopped halfway leaves traffic split between the task sets, and another run's deployment is not ours to end.
    /// </summary>
    public string CancelledMessage() => Inputs.Command == OperationCommand.Status ? "The run was cancelled; operation 'status' changes nothing."
        : Following is { } id
        ? $"The run was cancelled while following deployment {id}; it is left to finish in CodeDeploy: {WhereToWatch(id)}."
        : $"The run was cancelled before this step followed a deployment; check group '{Target.GroupName}' with operation 'status'.";
}

/// <summary>An operation that cannot go on; the message is the one line shown to people.</summary>
public sealed class OperationFailedException(string message, int exitCode = ExitCodes.SetupFailed) : Exception(message)
{
    /// <summary>The process exit code (see <see cref="ExitCodes"/>).</summary>
    public int ExitCode { get; } = exitCode;
}
