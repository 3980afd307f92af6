using EcsDeploy.Aws;

namespace EcsDeploy.Operations;

/// <summary>
/// ContinueDeployment that stays right when its answer is lost: the promotion may have worked, so the deployment's
/// state decides. Moved past its wait: the continue took effect. Still waiting: it is sent once more.
/// </summary>
public static class ContinueOnce
{
    /// <summary>How long one call, or one look at the deployment, may take, whatever happens to the run meanwhile.</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(30);

    /// <summary>Refusals a repeated ContinueDeployment gets when the first one worked.</summary>
    private static readonly HashSet<string> AlreadyDone = new(StringComparer.Ordinal)
    {
        "DeploymentAlreadyCompletedException", "DeploymentIsNotInReadyStateException", "InvalidDeploymentWaitTypeException",
    };

    /// <summary>Sends ContinueDeployment until the deployment leaves <paramref name="waitType"/>; refusals on the first try and other failures throw.</summary>
    public static async Task ContinueAsync(OperationContext context, string deploymentId, string waitType)
    {
        ArgumentNullException.ThrowIfNull(context);
        for (var attempt = 1; ; attempt++)
        {
            // Not aborted by a cancelled run: the follow afterwards sees the cancellation and stops the deployment.
            using var budget = new CancellationTokenSource(Budget);
            try
            {
                await context.CodeDeploy.ContinueDeploymentAsync(deploymentId, waitType, budget.Token).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (LostAnswer.MayHaveReachedAws(e) || (attempt > 1 && e is AwsServiceException { ErrorCode: var code } && AlreadyDone.Contains(code)))
            {
                using var look = new CancellationTokenSource(Budget);
                var now = await context.CodeDeploy.GetDeploymentAsync(deploymentId, look.Token).ConfigureAwait(false);
                if (ContinueCommand.WaitTypeOf(now) != waitType)
                {
                    context.Log.Info($"ContinueDeployment's answer was lost, but deployment {deploymentId} has left its {waitType} (now {now.Status}), so the continue took effect.");
                    return;
                }

                if (attempt >= 2)
                {
                    throw e is AwsServiceException ? e : new AwsServiceException(AwsService.CodeDeploy.Name, "ContinueDeployment", AwsRetry.TimeoutErrorCode, $"no answer within {Budget.TotalSeconds:0} seconds, and deployment {deploymentId} is still in its {waitType}.", null, 0, e);
                }

                context.Log.Info($"ContinueDeployment's answer was lost and deployment {deploymentId} is still in its {waitType}; sending it again.");
            }
        }
    }
}
