using EcsDeploy.Aws.CodeDeploy;
using EcsDeploy.Aws.Ecs;
using EcsDeploy.CodeDeploy;
using EcsDeploy.Runtime;

namespace EcsDeploy.Operations;

/// <summary>
/// Follows one deployment to its end exactly as a deploy does: streams its transitions to the job log and
/// returns how it ended. The entry point adapts the deploy's watch loop to this; operations never poll themselves.
/// </summary>
public interface IDeploymentFollower
{
    /// <summary>Follows <paramref name="deploymentId"/>; <paramref name="prefix"/> sets apart a followed rollback ("[rollback] ").</summary>
    Task<WatchOutcome> FollowAsync(string deploymentId, string prefix, WaitUntil waitUntil, CancellationToken cancellationToken);
}

/// <summary>Everything an operation works with; the entry point builds it once.</summary>
public sealed record OperationContext(
    OperationInputs Inputs,
    ICodeDeployApi CodeDeploy,
    IEcsApi Ecs,
    IDeploymentFollower Follower,
    IJobLog Log,
    IActionOutputs Outputs,
    IStepSummary Summary)
{
    public OperationTarget Target => Inputs.Target;
}

/// <summary>An operation that cannot go on; the message is the one line shown to people.</summary>
public sealed class OperationFailedException(string message) : Exception(message);
