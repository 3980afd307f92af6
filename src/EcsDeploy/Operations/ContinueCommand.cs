using EcsDeploy.Aws;
using EcsDeploy.Aws.CodeDeploy;

namespace EcsDeploy.Operations;

/// <summary>
/// command: continue — promotes a deployment held at its ready wait (READY_WAIT: production traffic moves to
/// green), or ends its termination wait early (TERMINATION_WAIT: the blue task set goes now), then follows it.
/// </summary>
public static class ContinueCommand
{
    public const string ReadyWait = "READY_WAIT";
    public const string TerminationWait = "TERMINATION_WAIT";

    public static async Task<int> RunAsync(OperationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var active = await ActiveDeployment.FindAsync(context.CodeDeploy, context.Target, cancellationToken).ConfigureAwait(false)
                     ?? throw new OperationFailedException(
                         $"No deployment of group '{context.Target.GroupName}' is in progress, so there is nothing to continue; deploy first (with a ready wait on the group).");

        var waitType = WaitTypeOf(active) ?? throw new OperationFailedException(
            $"Deployment {ActiveDeployment.Describe(active)} is not waiting: it is neither at its ready wait nor in its termination wait; run this step after the deployment reaches the ready wait.");

        context.Log.Info(waitType == ReadyWait
            ? $"Promoting deployment {active.DeploymentId}: production traffic moves to the green task set"
            : $"Ending the termination wait of deployment {active.DeploymentId}: the blue task set is removed now");
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            // Not aborted by a cancelled run, and checked rather than reported when the answer is lost: see ContinueOnce.
            await ContinueOnce.ContinueAsync(context, active.DeploymentId, waitType).ConfigureAwait(false);
        }
        catch (AwsServiceException e) when (e.ErrorCode is "DeploymentAlreadyCompletedException" or "DeploymentIsNotInReadyStateException" or "InvalidDeploymentWaitTypeException")
        {
            throw new OperationFailedException($"Deployment {active.DeploymentId} could not continue ({e.ErrorCode}): {e.AwsMessage.ReplaceLineEndings(" ")} Check its state with operation 'status'.");
        }

        return await OwnedDeployment.FollowAndJudgeAsync(context, active.DeploymentId, null, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The wait the deployment is in: READY_WAIT while it is Ready, TERMINATION_WAIT once the termination wait started, else null.</summary>
    public static string? WaitTypeOf(DeploymentInfo deployment)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        if (deployment.Status == DeploymentStatus.Ready)
        {
            return ReadyWait;
        }

        return deployment.InstanceTerminationWaitTimeStarted == true && deployment.Status == DeploymentStatus.InProgress ? TerminationWait : null;
    }
}
