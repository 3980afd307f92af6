using EcsDeploy.Aws;
using EcsDeploy.Aws.CodeDeploy;
using EcsDeploy.CodeDeploy;
using EcsDeploy.Deploy;
using EcsDeploy.Runtime;

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

    /// <summary>Returns once the group runs no deployment, true when it had to wait or stop one; throws <see cref="OperationFailedException"/> for policy fail.</summary>
    public static async Task<bool> ClearAsync(OperationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (policy, codeDeploy, target, log) = (context.Inputs.IfDeploymentInProgress, context.CodeDeploy, context.Target, context.Log);
        for (var round = 0; round < MaxRounds; round++)
        {
            var active = await ActiveDeployment.FindAsync(codeDeploy, target, cancellationToken).ConfigureAwait(false);
            if (active is null)
            {
                return round > 0;
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

    /// <summary>
    /// The deploy's hook, called before anything else: applies if-deployment-in-progress. It runs first because a
    /// deployment that ends changes the service the new revision starts from. Returns null when the group is free
    /// (or unknown: the deploy's own checks name that), else the exit code after one error line.
    /// </summary>
    /// <param name="inputs">The deploy's inputs.</param>
    /// <param name="deploy">The deploy's services.</param>
    /// <param name="cancellationToken">The run's token.</param>
    /// <param name="waited">Called when a deployment was followed or stopped, so what the service runs may have changed.</param>
    public static async Task<int?> BeforeDeployAsync(DeployInputs inputs, DeployContext deploy, CancellationToken cancellationToken, Action? waited = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(deploy);
        var settings = new WatchSettings(TimeSpan.FromSeconds(inputs.PollIntervalSeconds), TimeSpan.FromSeconds(inputs.WaitMaxDelaySeconds), TimeSpan.FromMinutes(inputs.WaitForMinutes));
        var operation = new OperationInputs
        {
            Command = OperationCommand.Deploy,
            Target = TargetOf(inputs),
            Region = inputs.Region,
            IfDeploymentInProgress = inputs.IfDeploymentInProgress,
            Watch = settings,
        };
        var follower = new WatcherFollower(new DeploymentWatcher(deploy.Aws.CodeDeploy, deploy.Log, deploy.Time), settings);
        var context = new OperationContext(operation, deploy.Aws.CodeDeploy, deploy.Aws.Ecs, follower, deploy.Log, deploy.Outputs, deploy.Summary, deploy.Time);
        try
        {
            if (await ClearAsync(context, cancellationToken).ConfigureAwait(false))
            {
                waited?.Invoke();
            }

            return null;
        }
        catch (OperationFailedException e)
        {
            deploy.Log.Error(e.Message, new AnnotationProperties("Deployment not started"));
            return e.ExitCode;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // What runs is another run's deployment or the rollback this step started: neither is stopped (see CancelledMessage).
            deploy.Log.Error(context.CancelledMessage() + " No deployment was started.", new AnnotationProperties("Deployment cancelled"));
            return ExitCodes.Cancelled;
        }
        catch (AwsServiceException e) when (e.ErrorCode is "ApplicationDoesNotExistException" or "DeploymentGroupDoesNotExistException")
        {
            return null;
        }
    }

    /// <summary>The deploy's group and service as an operation target.</summary>
    public static OperationTarget TargetOf(DeployInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return new OperationTarget(inputs.Cluster, inputs.Service, inputs.Application, inputs.DeploymentGroup);
    }

    /// <summary>
    /// CreateDeployment, with DeploymentLimitExceededException (another run won the race) turned into one line. A run
    /// cancelled meanwhile does not abort the call: CodeDeploy may create the deployment even when the answer is cut
    /// off, and only with its id can the caller stop it; the caller sees the cancellation on its next call.
    /// </summary>
    public static async Task<string> CreateDeploymentAsync(ICodeDeployApi codeDeploy, CreateDeploymentRequest request, OperationTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(codeDeploy);
        ArgumentNullException.ThrowIfNull(target);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            return await codeDeploy.CreateDeploymentAsync(request, budget.Token).ConfigureAwait(false);
        }
        catch (AwsServiceException e) when (ActiveDeployment.IsLimitExceeded(e))
        {
            throw new OperationFailedException(ActiveDeployment.LimitExceededMessage(e, target));
        }
    }
}
