using EcsDeploy.Aws;
using EcsDeploy.Aws.CodeDeploy;

namespace EcsDeploy.Operations;

/// <summary>if-deployment-in-progress: what a deploy does when its group already runs a deployment.</summary>
public enum InProgressPolicy
{
    /// <summary>Follow the running deployment to its end (and any rollback it starts), then deploy.</summary>
    Wait,

    /// <summary>Stop the running deployment with rollback, follow the rollback, then deploy.</summary>
    Stop,

    /// <summary>Fail at once with one line naming the running deployment.</summary>
    Fail,
}

/// <summary>Applies <see cref="InProgressPolicy"/> before a CreateDeployment, and translates the race CodeDeploy reports when it loses.</summary>
public static class InProgressGuard
{
    // A followed deployment may end in a rollback that is itself a running deployment; a few rounds cover that,
    // more means others keep deploying to the group.
    private const int MaxRounds = 5;

    /// <summary>Returns once the group runs no deployment; throws <see cref="OperationFailedException"/> for policy fail.</summary>
    public static async Task ClearAsync(OperationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (policy, codeDeploy, target, log) = (context.Inputs.IfDeploymentInProgress, context.CodeDeploy, context.Target, context.Log);
        for (var round = 0; round < MaxRounds; round++)
        {
            var active = await ActiveDeployment.FindAsync(codeDeploy, target, cancellationToken).ConfigureAwait(false);
            if (active is null)
            {
                return;
            }

            switch (policy)
            {
                case InProgressPolicy.Fail:
                    throw new OperationFailedException(
                        $"Deployment group '{target.GroupName}' already runs deployment {ActiveDeployment.Describe(active)}; wait for it to end, " +
                        $"stop it with command 'stop', or set '{CommandInputs.InProgressInput}' to wait or stop.");
                case InProgressPolicy.Stop:
                    log.Info($"Deployment {active.DeploymentId} is in progress; stopping it with rollback before deploying ({CommandInputs.InProgressInput}: stop).");
                    await StopCommand.StopAndFollowAsync(context, active, rollback: true, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    log.Info($"Deployment {ActiveDeployment.Describe(active)} is in progress; following it to its end before deploying ({CommandInputs.InProgressInput}: wait).");
                    var watched = await context.FollowToEndAsync(active.DeploymentId, $"[{active.DeploymentId}] ", cancellationToken).ConfigureAwait(false);
                    log.Info($"Deployment {active.DeploymentId} ended {watched.Outcome!.Status}.");
                    break;
            }
        }

        throw new OperationFailedException(
            $"Deployment group '{target.GroupName}' kept starting new deployments while this step waited ({MaxRounds} in a row); run again when the group is idle.");
    }

    /// <summary>CreateDeployment, with DeploymentLimitExceededException (another run won the race) turned into one line.</summary>
    public static async Task<string> CreateDeploymentAsync(ICodeDeployApi codeDeploy, CreateDeploymentRequest request, OperationTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(codeDeploy);
        ArgumentNullException.ThrowIfNull(target);
        try
        {
            return await codeDeploy.CreateDeploymentAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException e) when (ActiveDeployment.IsLimitExceeded(e))
        {
            throw new OperationFailedException(ActiveDeployment.LimitExceededMessage(e, target));
        }
    }
}
