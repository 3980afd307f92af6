using EcsDeploy.Aws;
using EcsDeploy.Aws.CodeDeploy;
using EcsDeploy.CodeDeploy;
using EcsDeploy.Deploy;
using EcsDeploy.Runtime;

namespace EcsDeploy.Operations;

/// <summary>How a stop ended: the stopped deployment as followed and, when one ran, its rollback.</summary>
public sealed record StopResult(WatchResult Stopped, WatchResult? Rollback)
{
    public string DeploymentId => Stopped.State.DeploymentId;

    /// <summary>True when a rollback ran and returned all traffic to the original task set.</summary>
    public bool RolledBack => Rollback?.Outcome?.Kind == WatchOutcomeKind.Succeeded;
}

/// <summary>command: stop — StopDeployment on the group's running deployment, with rollback unless rollback-on-stop is false, then follow the rollback to its end.</summary>
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
            return ExitCodes.Succeeded;
        }

        var rollback = context.Inputs.RollbackOnStop;
        var result = await StopAndFollowAsync(context, active, rollback, cancellationToken).ConfigureAwait(false);
        return Judge(context, result, rollback);
    }

    /// <summary>
    /// Stops <paramref name="active"/>, follows it to its end, then follows the rollback CodeDeploy starts.
    /// Shared by stop, rollback (while a deployment runs) and if-deployment-in-progress: stop. A deployment that is
    /// itself CodeDeploy's rollback is not stopped (that would leave neither revision serving): it is followed.
    /// A cancel or timeout while following ends the step and stops nothing more, for the same reason.
    /// </summary>
    public static async Task<StopResult> StopAndFollowAsync(OperationContext context, DeploymentInfo active, bool rollback, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(active);
        var (codeDeploy, log, id) = (context.CodeDeploy, context.Log, active.DeploymentId);
        if (ActiveDeployment.RollbackOf(active) is { } triggering)
        {
            log.Info($"Deployment {id} is CodeDeploy's rollback of deployment {triggering}; following it instead of stopping it.");
            var ended = await context.FollowToEndAsync(triggering, "", cancellationToken).ConfigureAwait(false);
            return new StopResult(ended, await context.FollowToEndAsync(id, DeploymentWatcher.RollbackPrefix, cancellationToken).ConfigureAwait(false));
        }

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
            // It ended between finding it and stopping it; how it ended is judged by the caller.
            log.Info($"Deployment {id} had already ended.");
        }

        var stopped = await context.FollowToEndAsync(id, "", cancellationToken).ConfigureAwait(false);
        if (!rollback || stopped.Outcome!.Kind == WatchOutcomeKind.Succeeded
            || await context.RollbackOfAsync(stopped, expected: true, cancellationToken).ConfigureAwait(false) is not { } rollbackId)
        {
            return new StopResult(stopped, null);
        }

        log.Info($"Following rollback deployment {rollbackId}");
        var rollbackResult = await context.FollowToEndAsync(rollbackId, DeploymentWatcher.RollbackPrefix, cancellationToken).ConfigureAwait(false);
        return new StopResult(stopped, rollbackResult);
    }

    /// <summary>Reports a stop; 0 when traffic is back on the original task set, or when no rollback was asked for.</summary>
    internal static int Judge(OperationContext context, StopResult result, bool rollbackRequested)
    {
        var id = result.DeploymentId;
        var status = result.Stopped.Outcome?.Status;
        if (status == DeploymentStatus.Succeeded)
        {
            var late = $"Deployment {id} succeeded before the stop took effect, so its revision is serving; run operation 'rollback' to go back to the previous one.";
            context.Log.Error(late, new AnnotationProperties("Stop came too late"));
            return DeploymentVerdict.Report(context, result.Stopped, null, "Stop came too late", success: false, null, late);
        }

        if (result.Rollback is null && !rollbackRequested)
        {
            context.Log.Notice($"Deployment {id} stopped without rollback: task sets and traffic stay where they were; run operation 'rollback' or deploy again to settle the service.");
            return DeploymentVerdict.Report(context, result.Stopped, null, $"Deployment {id} stopped without rollback", success: true, null);
        }

        if (result.RolledBack)
        {
            return DeploymentVerdict.Report(context, result.Stopped, result.Rollback,
                $"Deployment {id} {status}; rollback {result.Rollback!.State.DeploymentId} returned all traffic to the original task set", success: true, null);
        }

        var message = result.Rollback is null
            ? $"Deployment {id} {status}, but CodeDeploy started no rollback deployment; check which task set serves the service, then deploy or roll back."
            : $"Deployment {id} {status}. {DeploymentReport.RollbackSentence(result.Rollback.State.DeploymentId, result.Rollback.Outcome)}";
        context.Log.Error(message, new AnnotationProperties("Rollback failed"));
        return DeploymentVerdict.Report(context, result.Stopped, result.Rollback, "Rollback failed", success: false, null, message);
    }
}
