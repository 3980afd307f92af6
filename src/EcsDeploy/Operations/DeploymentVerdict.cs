using EcsDeploy.CodeDeploy;

namespace EcsDeploy.Operations;

/// <summary>Judges a followed deployment the way a deploy does: success is 0; a failure is reported, its automatic rollback followed, and 1.</summary>
public static class DeploymentVerdict
{
    public static async Task<int> JudgeAsync(OperationContext context, string deploymentId, WatchOutcome outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(outcome);
        if (!outcome.IsFailure)
        {
            context.Log.Info($"Deployment {deploymentId} {outcome.Status}.");
            return 0;
        }

        var reason = outcome.Error is { } error ? $" ({error.Code}: {error.Message?.ReplaceLineEndings(" ")})" : "";
        var failedEvent = outcome.FailedEvent is { } failed ? $"; lifecycle event {failed.LifecycleEventName} failed" : "";
        context.Log.Error($"Deployment {deploymentId} ended {outcome.Status}{reason}{failedEvent}.");
        if (outcome.RollbackDeploymentId is { } rollbackId)
        {
            context.Outputs.Set("rollback-deployment-id", rollbackId);
            context.Log.Info($"Following rollback deployment {rollbackId}");
            var rollback = await context.Follower.FollowAsync(rollbackId, "[rollback] ", WaitUntil.Deployed, cancellationToken).ConfigureAwait(false);
            context.Log.Info(rollback.Kind == WatchOutcomeKind.Succeeded
                ? $"Rollback {rollbackId} returned all traffic to the original task set."
                : $"Rollback {rollbackId} ended {rollback.Status}; check the service's task sets in the ECS console.");
        }

        return 1;
    }
}
