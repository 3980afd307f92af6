using EcsDeploy.Aws;
using EcsDeploy.Deploy;
using EcsDeploy.Runtime;

namespace EcsDeploy.EcsController.Operations;

/// <summary>
/// command: stop on an ECS-controller service — StopServiceDeployment with stopType ROLLBACK on the running
/// service deployment, then follows it until the service runs the previous revision again.
/// </summary>
public static class EcsStop
{
    public static async Task<int> RunAsync(EcsOperationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var active = await ServiceDeploymentHistory.FindActiveAsync(context.Deployments, context.Target.Cluster, context.Target.Service, cancellationToken).ConfigureAwait(false);
        if (active is null)
        {
            // Nothing runs, which is what a stop asks for; a failure() step calling stop must not fail the job again.
            context.Log.Notice($"No service deployment of {context.ServiceName} is in progress; nothing to stop.");
            return ExitCodes.Succeeded;
        }

        var ended = await StopAndFollowAsync(context, active.ServiceDeploymentArn, cancellationToken, active.Status).ConfigureAwait(false);
        return Judge(context, ended);
    }

    /// <summary>
    /// Stops a service deployment with rollback and follows it to its end. Shared by stop, rollback (while a
    /// deployment runs) and the timeout of an owned deployment. One already stopping or rolling back is followed,
    /// not stopped again; a cancel or timeout while following stops nothing more.
    /// </summary>
    public static async Task<FollowedDeployment> StopAndFollowAsync(EcsOperationContext context, string arn, CancellationToken cancellationToken, string? status = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var id = EcsOperationContext.ShortId(arn);
        if (ServiceDeploymentHistory.IsStoppingOrRollingBack(status))
        {
            context.Log.Info($"Service deployment {id} is already {status}; following it instead of stopping it again.");
            return await EcsFollowing.FollowToEndAsync(context, arn, EcsFollowing.RollbackPrefix, cancellationToken).ConfigureAwait(false);
        }

        context.Log.Info($"Stopping service deployment {id} of {context.ServiceName} with rollback (StopServiceDeployment ROLLBACK)");
        try
        {
            await context.Deployments.StopServiceDeploymentAsync(arn, "ROLLBACK", cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException e) when (ServiceDeploymentHistory.IsNoLongerApplicable(e))
        {
            // It ended, or a stop was already under way (perhaps ours, its answer lost): how it ends is judged below.
            context.Log.Info($"StopServiceDeployment was refused ({e.ErrorCode}); service deployment {id} had already ended or was stopping. Following it.");
            context.Log.Untrusted(e.AwsMessage);
        }

        return await EcsFollowing.FollowToEndAsync(context, arn, EcsFollowing.RollbackPrefix, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reports a stop: 0 when the service is back on the previous revision, else 1.</summary>
    internal static int Judge(EcsOperationContext context, FollowedDeployment ended)
    {
        var id = EcsOperationContext.ShortId(ended.Arn);
        switch (ended.Status)
        {
            case "ROLLBACK_SUCCESSFUL":
                return EcsFollowing.Report(context, ended, $"Service deployment {id} stopped; ECS rolled {context.ServiceName} back to the previous revision", success: true);
            case "SUCCESSFUL":
                var late = $"Service deployment {id} succeeded before the stop took effect, so its revision is serving; run command 'rollback' to go back to the previous one.";
                context.Log.Error(late, new AnnotationProperties("Stop came too late"));
                return EcsFollowing.Report(context, ended, "Stop came too late", success: false, late);
            default:
                var message = $"Service deployment {id} ended {ended.Status} after the stop, not ROLLBACK_SUCCESSFUL: check which revision serves {context.ServiceName}, then deploy or roll back." +
                              (ended.Cause is { Length: > 0 } cause ? $" Cause: {cause.ReplaceLineEndings(" ")}" : "");
                context.Log.Error(message, new AnnotationProperties("Rollback failed"));
                return EcsFollowing.Report(context, ended, "Rollback failed", success: false, message);
        }
    }
}
