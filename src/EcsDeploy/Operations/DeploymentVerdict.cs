using EcsDeploy.Aws;
using EcsDeploy.CodeDeploy;
using EcsDeploy.Deploy;
using EcsDeploy.Reporting;
using EcsDeploy.Runtime;

namespace EcsDeploy.Operations;

/// <summary>
/// Judges and reports a followed deployment the way a deploy does: the same error line, outputs and step summary
/// (<see cref="DeploymentReport"/>, <see cref="DeploymentSummary"/>); a failure's automatic rollback is followed.
/// </summary>
public static class DeploymentVerdict
{
    /// <summary>Exit code for a deployment the operation started or promoted: 0 when it succeeded, else 1 after following its rollback.</summary>
    public static async Task<int> JudgeAsync(OperationContext context, WatchResult watched, string? taskDefinitionArn, CancellationToken cancellationToken, string? successHeadline = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(watched);
        var outcome = watched.Outcome!;
        var id = watched.State.DeploymentId;
        if (!outcome.IsFailure)
        {
            return Report(context, watched, null, successHeadline ?? $"Deployment {id} succeeded", success: true, taskDefinitionArn);
        }

        var rollbackId = await context.RollbackOfAsync(watched, expected: context.GroupRollsBack, cancellationToken).ConfigureAwait(false);
        WatchResult? rollback = null;
        if (rollbackId is not null)
        {
            context.Log.Info($"Following rollback deployment {rollbackId}");
            rollback = await context.FollowAsync(rollbackId, DeploymentWatcher.RollbackPrefix, cancellationToken).ConfigureAwait(false);
        }

        var title = DeploymentReport.FailureTitle(outcome, rollbackId);
        var message = DeploymentReport.FailureMessage(id, outcome, rollbackId, rollback?.Outcome);
        context.Log.Error(message, new AnnotationProperties(title));
        return Report(context, watched, rollback, title, success: false, taskDefinitionArn, message);
    }

    /// <summary>
    /// Writes the deploy's outputs and step summary for <paramref name="watched"/> (and its rollback); returns 0 on
    /// success, else 1. A failure's error line goes in <paramref name="detail"/>, repeated under the summary's headline.
    /// </summary>
    public static int Report(OperationContext context, WatchResult watched, WatchResult? rollback, string headline, bool success, string? taskDefinitionArn, string? detail = null, RunOutcome? verdict = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(watched);
        var target = context.Target;
        var region = context.Inputs.Region;
        var id = watched.State.DeploymentId;
        if (success)
        {
            context.Log.Info(headline);
        }

        context.Outputs.Set("codedeploy-deployment-id", id);
        context.Outputs.Set("deployment-status", watched.Outcome?.Status ?? watched.State.Status ?? "Unknown");
        context.Outputs.Set("rolled-back", rollback is null ? "false" : "true");
        context.Outputs.Set("rollback-deployment-id", rollback?.State.DeploymentId ?? "");
        List<ConsoleLink> links = region.Length == 0 ? [] : [new($"deployment {id}", AwsConsole.Deployment(region, id))];
        if (region.Length > 0 && rollback is not null)
        {
            links.Add(new($"rollback {rollback.State.DeploymentId}", AwsConsole.Deployment(region, rollback.State.DeploymentId)));
        }

        if (region.Length > 0 && target.Service.Length > 0)
        {
            links.Add(new($"service {target.Service}", AwsConsole.EcsService(region, target.Cluster, target.Service)));
        }

        context.Summary.End(DeploymentSummary.ToEnding(new DeploymentReport
        {
            Region = region,
            Cluster = target.Cluster,
            Service = target.Service,
            TaskDefinitionArn = taskDefinitionArn,
            Deployment = watched.State,
            Outcome = watched.Outcome,
            Rollback = rollback?.State,
            RollbackOutcome = rollback?.Outcome,
            Headline = headline,
            Detail = detail,
            Success = success,
            Verdict = verdict,
            Links = links,
            At = context.Time.GetUtcNow(),
        }));
        return success ? ExitCodes.Succeeded : ExitCodes.DeploymentFailed;
    }
}
