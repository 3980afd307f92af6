using EcsDeploy.Aws;
using EcsDeploy.CodeDeploy;
using EcsDeploy.Deploy;
using EcsDeploy.Reporting;
using EcsDeploy.Runtime;

namespace EcsDeploy.Operations;

/// <summary>
/// Follows a deployment this step started (rollback) or promoted (continue) and judges it, keeping the deploy's
/// rule that a step never leaves its deployment half-done: when the wait runs out it is stopped with rollback
/// (rollback-on-timeout), and when the run is cancelled it is stopped with rollback within 5 seconds (rollback-on-cancel).
/// </summary>
public static class OwnedDeployment
{
    /// <summary>Follows <paramref name="deploymentId"/> to its end; returns the exit code (0, 1, 3 on timeout, 130 on cancel).</summary>
    public static async Task<int> FollowAndJudgeAsync(OperationContext context, string deploymentId, string? taskDefinitionArn, string? successHeadline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        WatchResult watched;
        try
        {
            watched = await context.FollowAsync(deploymentId, "", cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return await CancelledAsync(context, deploymentId).ConfigureAwait(false);
        }

        return watched.Outcome is null
            ? await TimedOutAsync(context, watched, taskDefinitionArn, cancellationToken).ConfigureAwait(false)
            : await DeploymentVerdict.JudgeAsync(context, watched, taskDefinitionArn, cancellationToken, successHeadline).ConfigureAwait(false);
    }

    private static async Task<int> TimedOutAsync(OperationContext context, WatchResult watched, string? taskDefinitionArn, CancellationToken cancellationToken)
    {
        var (log, id) = (context.Log, watched.State.DeploymentId);
        var limit = DeploymentWatch.FormatDuration(context.Inputs.Watch.Timeout ?? TimeSpan.Zero);
        if (!context.Inputs.RollbackOnTimeout)
        {
            var running = $"Deployment {id} did not finish within {limit}; it keeps running in CodeDeploy ({CommandInputs.RollbackOnTimeoutInput} is false): {context.WhereToWatch(id)}, or raise 'wait-for-minutes'.";
            log.Error(running, new AnnotationProperties("Deployment timed out"));
            DeploymentVerdict.Report(context, watched, null, $"deployment {id} keeps running", success: false, taskDefinitionArn, running, RunOutcome.TimedOut);
            return ExitCodes.TimedOut;
        }

        log.Info($"Deployment {id} did not finish within {limit}; stopping it with rollback ({CommandInputs.RollbackOnTimeoutInput}).");
        var deployment = await context.CodeDeploy.GetDeploymentAsync(id, cancellationToken).ConfigureAwait(false);
        var stopped = await StopCommand.StopAndFollowAsync(context, deployment, rollback: true, cancellationToken).ConfigureAwait(false);
        if (stopped.Stopped.Outcome?.IsFailure != true)
        {
            // It succeeded between the last poll and the stop: that is its real outcome, and it is reported as such.
            return await DeploymentVerdict.JudgeAsync(context, stopped.Stopped, taskDefinitionArn, cancellationToken).ConfigureAwait(false);
        }

        var rollbackId = stopped.Rollback?.State.DeploymentId ?? stopped.Stopped.Outcome.RollbackDeploymentId;
        var message = $"Deployment {id} did not finish within {limit} and was stopped. {DeploymentReport.RollbackSentence(rollbackId, stopped.Rollback?.Outcome)}";
        log.Error(message, new AnnotationProperties("Deployment timed out"));
        DeploymentVerdict.Report(context, stopped.Stopped, stopped.Rollback, rollbackId is null ? $"deployment {id} stopped" : $"deployment {id} stopped and rolled back", success: false, taskDefinitionArn, message, RunOutcome.TimedOut);
        return ExitCodes.TimedOut;
    }

    private static async Task<int> CancelledAsync(OperationContext context, string id)
    {
        var title = new AnnotationProperties("Deployment cancelled");
        var link = context.Inputs.Region.Length == 0 ? "" : $": {AwsConsole.Deployment(context.Inputs.Region, id)}";
        context.Outputs.Set("codedeploy-deployment-id", id);
        if (!context.Inputs.RollbackOnCancel)
        {
            context.Log.Error($"The run was cancelled; deployment {id} keeps running in CodeDeploy ({CommandInputs.RollbackOnCancelInput} is false): {context.WhereToWatch(id)}.", title);
            return ExitCodes.Cancelled;
        }

        // The run's token is cancelled and the runner kills the container on its own (wall) clock: a fresh, short budget.
        using var budget = new CancellationTokenSource(EcsDeploy.CancelBudget.Value);
        try
        {
            var (status, _) = await context.CodeDeploy.StopDeploymentAsync(id, autoRollbackEnabled: true, budget.Token).ConfigureAwait(false);
            context.Log.Error($"The run was cancelled; deployment {id} was stopped with rollback ({status}) and CodeDeploy returns traffic to the original task set{link}", title);
        }
        catch (AwsServiceException e) when (e.ErrorCode == "DeploymentAlreadyCompletedException")
        {
            context.Log.Error($"The run was cancelled after deployment {id} had ended, so nothing was stopped; see how it ended with operation 'status'{link}", title);
        }
        catch (Exception e) when (e is AwsServiceException or OperationCanceledException or HttpRequestException)
        {
            context.Log.Error($"The run was cancelled and stopping deployment {id} failed ({e.Message.ReplaceLineEndings(" ")}); stop it with rollback in the console{(link.Length > 0 ? link : $" or with operation 'stop'")}", title);
        }

        return ExitCodes.Cancelled;
    }
}
