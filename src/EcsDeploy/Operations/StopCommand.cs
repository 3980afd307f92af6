using EcsDeploy.Aws;
using EcsDeploy.Aws.CodeDeploy;
using EcsDeploy.CodeDeploy;
using EcsDeploy.Runtime;

namespace EcsDeploy.Operations;

/// <summary>How a stop ended: the stopped deployment and, when one ran, its rollback.</summary>
public sealed record StopResult(string DeploymentId, WatchOutcome Outcome, string? RollbackDeploymentId, WatchOutcome? RollbackOutcome)
{
    /// <summary>True when traffic is back on the original task set (or no rollback was asked for).</summary>
    public bool RolledBack => RollbackOutcome?.Kind == WatchOutcomeKind.Succeeded;
}

/// <summary>command: stop — StopDeployment on the group's running deployment, with rollback unless rollback-on-stop is false, then follow the rollback.</summary>
public static class StopCommand
{
    public static async Task<int> RunAsync(OperationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var active = await ActiveDeployment.FindAsync(context.CodeDeploy, context.Target, cancellationToken).ConfigureAwait(false);
        if (active is null)
        {
            // Nothing runs, which is what a stop asks for; a failure() step calling stop must not fail the job again.
            context.Log.Notice($"No deployment of group '{context.Target.GroupName}' is in progress; nothing to stop.");
            return 0;
        }

        context.Outputs.Set("codedeploy-deployment-id", active.DeploymentId);
        var rollback = context.Inputs.RollbackOnStop;
        var result = await StopAndFollowAsync(context.CodeDeploy, context.Follower, context.Log, active, rollback, cancellationToken).ConfigureAwait(false);
        if (result.RollbackDeploymentId is { } rollbackId)
        {
            context.Outputs.Set("rollback-deployment-id", rollbackId);
        }

        if (!rollback)
        {
            context.Log.Notice($"Deployment {result.DeploymentId} stopped without rollback: task sets and traffic stay where they were; run command 'rollback' or deploy again to settle the service.");
            return 0;
        }

        return Judge(context.Log, result);
    }

    /// <summary>
    /// Stops <paramref name="active"/> and follows it to its end, then follows the rollback CodeDeploy starts.
    /// Shared by stop, rollback (while a deployment runs) and if-deployment-in-progress: stop.
    /// </summary>
    public static async Task<StopResult> StopAndFollowAsync(
        ICodeDeployApi codeDeploy, IDeploymentFollower follower, IJobLog log, DeploymentInfo active, bool rollback, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(codeDeploy);
        ArgumentNullException.ThrowIfNull(follower);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(active);
        var id = active.DeploymentId;
        log.Info($"Stopping deployment {ActiveDeployment.Describe(active)} {(rollback ? "with rollback" : "without rollback")}");
        try
        {
            var (status, message) = await codeDeploy.StopDeploymentAsync(id, rollback, cancellationToken).ConfigureAwait(false);
            log.Info($"StopDeployment: {status}");
            if (message is { Length: > 0 })
            {
                log.Untrusted(message);
            }
        }
        catch (AwsServiceException e) when (e.ErrorCode == "DeploymentAlreadyCompletedException")
        {
            // It ended between finding it and stopping it; what it ended as is decided below.
            log.Info($"Deployment {id} had already ended.");
        }

        var outcome = await follower.FollowAsync(id, "", WaitUntil.Deployed, cancellationToken).ConfigureAwait(false);
        if (outcome.Kind == WatchOutcomeKind.Succeeded)
        {
            throw new OperationFailedException(
                $"Deployment {id} succeeded before the stop took effect, so its revision is serving; run command 'rollback' to go back to the previous one.");
        }

        var rollbackId = outcome.RollbackDeploymentId
                         ?? (await codeDeploy.GetDeploymentAsync(id, cancellationToken).ConfigureAwait(false)).RollbackInfo?.RollbackDeploymentId;
        if (!rollback || rollbackId is null)
        {
            if (rollback)
            {
                log.Warning($"Deployment {id} ended {outcome.Status}, but CodeDeploy started no rollback deployment; check which task set serves the service.");
            }

            return new StopResult(id, outcome, null, null);
        }

        log.Info($"Following rollback deployment {rollbackId}");
        var rollbackOutcome = await follower.FollowAsync(rollbackId, "[rollback] ", WaitUntil.Deployed, cancellationToken).ConfigureAwait(false);
        return new StopResult(id, outcome, rollbackId, rollbackOutcome);
    }

    /// <summary>Exit code of a stop with rollback: 0 when the rollback restored the original task set.</summary>
    internal static int Judge(IJobLog log, StopResult result)
    {
        if (result.RolledBack)
        {
            log.Info($"Deployment {result.DeploymentId} stopped; rollback {result.RollbackDeploymentId} returned all traffic to the original task set.");
            return 0;
        }

        log.Error(result.RollbackDeploymentId is null
            ? $"Deployment {result.DeploymentId} stopped, but no rollback ran; check the service's task sets, then deploy or roll back."
            : $"Rollback {result.RollbackDeploymentId} of deployment {result.DeploymentId} ended {result.RollbackOutcome?.Status}{Reason(result.RollbackOutcome)}; check the service's task sets in the ECS console.");
        return 1;
    }

    private static string Reason(WatchOutcome? outcome) =>
        outcome?.Error is { Message: { Length: > 0 } message } error ? $" ({error.Code}: {message.ReplaceLineEndings(" ")})" : "";
}
