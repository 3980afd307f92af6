using EcsDeploy.Aws;
using EcsDeploy.CodeDeploy;
using EcsDeploy.Deploy;
using EcsDeploy.Operations;
using EcsDeploy.Reporting;
using EcsDeploy.Runtime;

namespace EcsDeploy.EcsController.Operations;

/// <summary>
/// Follows service deployments for the ECS operations and judges how they ended. A deployment the step started
/// (rollback) or promoted (continue) is never left half-done: when the wait runs out it is stopped with rollback
/// (rollback-on-timeout), and when the run is cancelled it is stopped with rollback within the cancel budget
/// (rollback-on-cancel). A deployment that is already rolling back is only followed: stopping it would leave the
/// service between revisions.
/// </summary>
public static class EcsFollowing
{
    /// <summary>Prefix of the lines of a followed rollback.</summary>
    public const string RollbackPrefix = "[rollback] ";

    /// <summary>Follows to the end; a wait that runs out ends the operation with <see cref="ExitCodes.TimedOut"/>, stopping nothing.</summary>
    public static async Task<FollowedDeployment> FollowToEndAsync(EcsOperationContext context, string arn, string prefix, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var followed = await context.FollowAsync(arn, prefix, FollowUntil.End, cancellationToken).ConfigureAwait(false);
        return followed.TimedOut
            ? throw new OperationFailedException(
                $"Service deployment {EcsOperationContext.ShortId(arn)} did not end within {Limit(context)}; it keeps running in ECS: {context.WhereToWatch(arn)}, or raise 'wait-for-minutes'.",
                ExitCodes.TimedOut)
            : followed;
    }

    /// <summary>
    /// Follows a deployment this step started or promoted and judges it; returns the exit code (0, 1, 3 on timeout,
    /// 130 on cancel). <paramref name="answeredHookId"/> is the hook the step just continued: seen still awaiting
    /// action (a read from before the answer landed), it is not a new pause, and the follow goes on a poll later.
    /// </summary>
    public static async Task<int> FollowOwnedAsync(EcsOperationContext context, string arn, FollowUntil until, string? successHeadline, CancellationToken cancellationToken, string? answeredHookId = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Outputs.Set(EcsOutputs.ServiceDeploymentArn, arn);
        FollowedDeployment followed;
        try
        {
            followed = await context.FollowAsync(arn, "", until, cancellationToken).ConfigureAwait(false);
            while (answeredHookId is not null && followed.PausedHookId == answeredHookId)
            {
                await Task.Delay(context.Inputs.Watch.PollInterval, context.Time, cancellationToken).ConfigureAwait(false);
                followed = await context.FollowAsync(arn, "", until, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return await CancelledAsync(context, arn).ConfigureAwait(false);
        }

        return followed.TimedOut
            ? await TimedOutAsync(context, followed, cancellationToken).ConfigureAwait(false)
            : Judge(context, followed, successHeadline);
    }

    /// <summary>The verdict on a followed deployment the step wanted to succeed: 0 for SUCCESSFUL or a PAUSE hook reached, else 1.</summary>
    public static int Judge(EcsOperationContext context, FollowedDeployment followed, string? successHeadline)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(followed);
        var id = EcsOperationContext.ShortId(followed.Arn);
        if (followed.PausedHookId is { } hook)
        {
            context.Outputs.Set(EcsOutputs.LifecycleHookId, hook);
            return Report(context, followed, $"Service deployment {id} is paused at lifecycle hook {hook}: run command 'continue' to go on, or 'rollback' to go back", success: true);
        }

        if (followed.Status == "SUCCESSFUL")
        {
            return Report(context, followed, successHeadline ?? $"Service deployment {id} succeeded", success: true);
        }

        var message = FailureMessage(followed);
        context.Log.Error(message, new AnnotationProperties("Deployment failed"));
        return Report(context, followed, "Deployment failed", success: false, message);
    }

    /// <summary>One line saying how a deployment that did not succeed ended, and why when ECS said.</summary>
    public static string FailureMessage(FollowedDeployment followed)
    {
        ArgumentNullException.ThrowIfNull(followed);
        var id = EcsOperationContext.ShortId(followed.Arn);
        var ending = followed switch
        {
            { ReplacedBy: { } replacement } => $"was replaced by service deployment {EcsOperationContext.ShortId(replacement)} (another UpdateService) before it ended",
            { Status: "ROLLBACK_SUCCESSFUL" } => "failed and ECS rolled the service back to the previous revision (ROLLBACK_SUCCESSFUL)",
            { Status: "ROLLBACK_FAILED" } => "failed and its rollback failed too (ROLLBACK_FAILED): the service may run neither revision fully; check it now",
            { Status: "STOPPED" } => "was stopped (STOPPED)",
            _ => $"ended {followed.Status ?? "without a status"}",
        };
        return $"Service deployment {id} {ending}." + (followed.Cause is { Length: > 0 } cause ? $" Cause: {cause.ReplaceLineEndings(" ")}" : "");
    }

    /// <summary>Sets the outputs and writes the step summary; returns 0 on success, else 1.</summary>
    public static int Report(EcsOperationContext context, FollowedDeployment followed, string headline, bool success, string? detail = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(followed);
        if (success)
        {
            context.Log.Info(headline);
        }

        context.Outputs.Set(EcsOutputs.ServiceDeploymentArn, followed.Arn);
        context.Outputs.Set(EcsOutputs.DeploymentStatus, followed.Status ?? "UNKNOWN");
        context.Outputs.Set(EcsOutputs.RolledBack, followed.Status is "ROLLBACK_SUCCESSFUL" ? "true" : "false");
        if (EcsOperationSummary.DeploymentReport(context, followed, headline, success, detail) is { } report)
        {
            context.Summary.End(EcsDeploymentSummary.ToEnding(report, success ? RunOutcome.Succeeded : RunOutcome.Failed));
        }
        else
        {
            context.Summary.Append(EcsOperationSummary.Render(context, followed, headline, success, detail));
        }

        return success ? ExitCodes.Succeeded : ExitCodes.DeploymentFailed;
    }

    private static async Task<int> TimedOutAsync(EcsOperationContext context, FollowedDeployment followed, CancellationToken cancellationToken)
    {
        var id = EcsOperationContext.ShortId(followed.Arn);
        if (!context.Inputs.RollbackOnTimeout)
        {
            var running = $"Service deployment {id} did not finish within {Limit(context)}; it keeps running in ECS ({CommandInputs.RollbackOnTimeoutInput} is false): {context.WhereToWatch(followed.Arn)}, or raise 'wait-for-minutes'.";
            context.Log.Error(running, new AnnotationProperties("Deployment timed out"));
            Report(context, followed, "Deployment timed out", success: false, running);
            return ExitCodes.TimedOut;
        }

        context.Log.Info($"Service deployment {id} did not finish within {Limit(context)}; stopping it with rollback ({CommandInputs.RollbackOnTimeoutInput}).");
        var stopped = await EcsStop.StopAndFollowAsync(context, followed.Arn, cancellationToken).ConfigureAwait(false);
        if (stopped.Status == "SUCCESSFUL")
        {
            // It succeeded between the last poll and the stop: that is its real outcome.
            return Judge(context, stopped, null);
        }

        var message = $"Service deployment {id} did not finish within {Limit(context)} and was stopped with rollback; it ended {stopped.Status}" +
                      (stopped.Status == "ROLLBACK_SUCCESSFUL" ? ": the service runs the previous revision again." : $": check the service now, {context.WhereToWatch(followed.Arn)}.");
        context.Log.Error(message, new AnnotationProperties("Deployment timed out"));
        Report(context, stopped, "Deployment timed out", success: false, message);
        return ExitCodes.TimedOut;
    }

    private static async Task<int> CancelledAsync(EcsOperationContext context, string arn)
    {
        var title = new AnnotationProperties("Deployment cancelled");
        var id = EcsOperationContext.ShortId(arn);
        if (!context.Inputs.RollbackOnCancel)
        {
            context.Log.Error($"The run was cancelled; service deployment {id} keeps running in ECS ({CommandInputs.RollbackOnCancelInput} is false): {context.WhereToWatch(arn)}.", title);
            return ExitCodes.Cancelled;
        }

        // The run's token is cancelled and the runner kills the container on its own clock: a fresh, short budget.
        using var budget = new CancellationTokenSource(CancelBudget.Value);
        try
        {
            await context.Deployments.StopServiceDeploymentAsync(arn, "ROLLBACK", budget.Token).ConfigureAwait(false);
            context.Log.Error($"The run was cancelled; service deployment {id} was stopped with rollback and ECS returns the service to the previous revision: {context.WhereToWatch(arn)}.", title);
        }
        catch (AwsServiceException e) when (ServiceDeploymentHistory.IsNoLongerApplicable(e))
        {
            context.Log.Error($"The run was cancelled after service deployment {id} had ended or was already stopping, so nothing was stopped ({e.ErrorCode}); see how it ended with command 'status'.", title);
        }
        catch (Exception e) when (e is AwsServiceException or OperationCanceledException or HttpRequestException)
        {
            context.Log.Error($"The run was cancelled and stopping service deployment {id} failed ({e.Message.ReplaceLineEndings(" ")}); stop it with rollback in the console or with command 'stop'.", title);
        }

        return ExitCodes.Cancelled;
    }

    private static string Limit(EcsOperationContext context) => DeploymentWatch.FormatDuration(context.Inputs.Watch.Timeout ?? TimeSpan.Zero);
}
