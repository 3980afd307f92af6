using EcsDeploy.Aws;
using EcsDeploy.Aws.Ecs;
using EcsDeploy.Operations;

namespace EcsDeploy.EcsController.Operations;

/// <summary>
/// command: continue on an ECS-controller service — ContinueServiceDeployment CONTINUE on the PAUSE hook awaiting
/// action, then follows the deployment to its end (or to the next PAUSE hook), stopping it with rollback on a
/// cancel or timeout as for a deployment the step started.
/// </summary>
public static class EcsContinue
{
    public static async Task<int> RunAsync(EcsOperationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var active = await ServiceDeploymentHistory.FindActiveAsync(context.Deployments, context.Target.Cluster, context.Target.Service, cancellationToken).ConfigureAwait(false)
                     ?? throw new OperationFailedException(
                         $"No service deployment of {context.ServiceName} is in progress, so there is nothing to continue; deploy first with a PAUSE lifecycle hook and 'wait-until: paused'.");
        var id = EcsOperationContext.ShortId(active.ServiceDeploymentArn);
        var hook = ServiceDeploymentHistory.PausedHook(active) ?? throw new OperationFailedException(
            $"Service deployment {id} ({active.Status}{Stage(active)}) has no PAUSE hook awaiting action, so there is nothing to continue; run this step after a deploy with 'wait-until: paused'.");

        context.Log.Info($"Continuing service deployment {id} at PAUSE hook {hook.HookId}{Stage(active)} (ContinueServiceDeployment CONTINUE)");
        await SendAsync(context, active, hook.HookId!, "CONTINUE", cancellationToken).ConfigureAwait(false);
        return await EcsFollowing.FollowOwnedAsync(context, active.ServiceDeploymentArn, FollowUntil.PauseOrEnd,
            $"Service deployment {id} continued and succeeded", cancellationToken, hook.HookId).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends ContinueServiceDeployment. A refusal or a lost answer is checked against the deployment: when the hook
    /// is no longer awaiting action (ours landed, its answer lost, and a retry was refused) the action took effect.
    /// </summary>
    public static async Task SendAsync(EcsOperationContext context, ServiceDeployment deployment, string hookId, string action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(deployment);
        cancellationToken.ThrowIfCancellationRequested();
        var id = EcsOperationContext.ShortId(deployment.ServiceDeploymentArn);
        Exception failure;
        try
        {
            // Not aborted by a cancelled run: the action may land even when the answer is cut off, so the call
            // finishes and the follow that comes next sees the cancellation and stops the deployment with rollback.
            using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await context.Deployments.ContinueServiceDeploymentAsync(deployment.ServiceDeploymentArn, hookId, action, budget.Token).ConfigureAwait(false);
            return;
        }
        catch (AwsServiceException e) when (ServiceDeploymentHistory.IsNoLongerApplicable(e) || EcsDeploymentStart.MayHaveArrived(e))
        {
            // A refusal may follow our own request whose answer was lost (the client retried it); a 5xx or timeout may have landed.
            failure = e;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            failure = e;
        }

        var now = await ServiceDeploymentHistory.DescribeAsync(context.Deployments, deployment.ServiceDeploymentArn, CancellationToken.None).ConfigureAwait(false);
        var hookNow = now?.LifecycleHookDetails?.FirstOrDefault(h => h.HookId == hookId);
        if (now is not null && Landed(deployment, now, hookNow, action))
        {
            context.Log.Info($"ContinueServiceDeployment got no usable answer ({Code(failure)}), but hook {hookId} is now {hookNow?.Status ?? "gone"} and the deployment {now.Status}{Stage(now)}: the {action} took effect.");
            return;
        }

        var detail = failure is AwsServiceException aws ? $"({aws.ErrorCode}): {aws.AwsMessage.ReplaceLineEndings(" ")}" : $"({Code(failure)})";
        throw new OperationFailedException(
            $"ContinueServiceDeployment {action} on hook {hookId} of service deployment {id} failed {detail}; the hook is {hookNow?.Status ?? "no longer listed"} and the deployment {now?.Status ?? "unknown"}. Check it with command 'status'.");
    }

    /// <summary>True when a deployment observed after a continue or rollback shows the action landed: the hook left AWAITING_ACTION, or the deployment moved on.</summary>
    public static bool Landed(ServiceDeployment before, ServiceDeployment now, LifecycleHookDetail? hookNow, string action)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(now);
        if (action == "ROLLBACK")
        {
            return now.Status is "ROLLBACK_REQUESTED" or "ROLLBACK_IN_PROGRESS" or "ROLLBACK_SUCCESSFUL" or "ROLLBACK_FAILED";
        }

        return hookNow?.Status is "SUCCEEDED"
               || (now.LifecycleStage is { } stage && stage != before.LifecycleStage)
               || now.Status == "SUCCESSFUL";
    }

    private static string Stage(ServiceDeployment deployment) => deployment.LifecycleStage is { Length: > 0 } stage ? $" at stage {stage}" : "";

    private static string Code(Exception e) => e switch
    {
        AwsServiceException aws => aws.ErrorCode,
        OperationCanceledException => "no answer in time",
        _ => e.GetType().Name,
    };
}
