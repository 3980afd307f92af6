using EcsDeploy.Aws;
using EcsDeploy.CodeDeploy;
using EcsDeploy.Deploy;
using EcsDeploy.Reporting;
using EcsDeploy.Runtime;

namespace EcsDeploy.EcsController;

/// <summary>How an ECS deploy ends: succeeded (or paused, or at its stage), failed, timed out, cancelled, or a failed AWS call. Each logs its verdict, sets the outputs and writes the step summary.</summary>
internal sealed class EcsEndings(DeployContext context, DeployInputs inputs, ServiceDeploymentWatcher watcher, string taskDefinitionArn)
{
    private readonly IJobLog _log = context.Log;
    private StartedDeployment? _started;

    /// <summary>Remembers the deployment and prints where to follow it.</summary>
    public void Started(StartedDeployment started)
    {
        _started = started;
        if (started.Classic)
        {
            _log.Info($"Following deployment {started.Id} of service {inputs.Service}: {AwsConsole.EcsService(inputs.Region, inputs.Cluster, inputs.Service)}");
            return;
        }

        context.Outputs.Set("service-deployment-arn", started.Id);
        _log.Info($"Started service deployment {started.Id}: {Link(started.Id)}");
    }

    /// <summary>What the step waited for was reached: SUCCESSFUL with the new revision running, a PAUSE hook awaiting action, or the stage.</summary>
    public int Succeeded(EcsWatchState state, EcsWatchOutcome outcome)
    {
        var headline = outcome.Kind switch
        {
            EcsOutcomeKind.Paused => $"{Title(state)} is paused at {state.Stage ?? "a lifecycle hook"}: hook {outcome.HookId} awaits action",
            EcsOutcomeKind.StageReached => $"{Title(state)} reached {state.Stage}",
            _ => $"{Title(state)} succeeded",
        };
        _log.Info(outcome.Kind == EcsOutcomeKind.Succeeded ? $"{headline}: service {inputs.Service} in cluster {inputs.Cluster} runs {taskDefinitionArn}" : headline);
        if (outcome.Kind == EcsOutcomeKind.Paused)
        {
            _log.Info($"Continue it with command 'continue' (ContinueServiceDeployment on hook {outcome.HookId}), or roll it back with command 'rollback'.");
        }

        SetOutputs(outcome.Status, state, outcome.HookId);
        Summary(state, outcome, headline, null, RunOutcome.Succeeded);
        return ExitCodes.Succeeded;
    }

    /// <summary>Rolled back, rollback failed, stopped, superseded or (classic) failed: one error line with the cause.</summary>
    public int Failed(EcsWatchState state, EcsWatchOutcome outcome)
    {
        var (title, message) = outcome.Kind switch
        {
            EcsOutcomeKind.RolledBack => ("Deployment rolled back", $"{Title(state)} was rolled back ({outcome.Cause}). ECS rolled back successfully; the service runs its previous revision again."),
            EcsOutcomeKind.RollbackFailed => ("Rollback failed", $"{Title(state)} failed ({outcome.Cause}) and its rollback failed too; check the service: {AwsConsole.EcsService(inputs.Region, inputs.Cluster, inputs.Service)}"),
            EcsOutcomeKind.Superseded => ("Deployment superseded", $"{Title(state)} was replaced by {Short(outcome.ReplacedBy)} before it finished ({outcome.Cause}); this run's revision {taskDefinitionArn} is not what the service runs."),
            EcsOutcomeKind.Stopped => ("Deployment stopped", $"{Title(state)} was stopped ({outcome.Cause})."),
            _ => ("Deployment failed", $"{Title(state)} failed ({outcome.Cause})."),
        };
        _log.Error(message, new AnnotationProperties(title));
        SetOutputs(outcome.Status, state, null);
        Summary(state, outcome, title, message, RunOutcome.Failed);
        return ExitCodes.DeploymentFailed;
    }

    /// <summary>The wait ran out: leaves the deployment running, or stops it with rollback (rollback-on-timeout) and follows the rollback.</summary>
    public async Task<int> TimedOutAsync(EcsWatchState state, TimeSpan limit, CancellationToken cancellationToken)
    {
        var within = DeploymentWatch.FormatDuration(limit);
        if (!inputs.RollbackOnTimeout || state.Classic)
        {
            var why = state.Classic ? " (without service deployments it cannot be stopped from here)" : "";
            var message = $"{Title(state)} did not finish within {within}; it keeps running in ECS{why}. Raise 'wait-for-minutes' or follow it at {Link(state.DeploymentId)}.";
            _log.Error(message, new AnnotationProperties("Deployment timed out"));
            SetOutputs(state.Status ?? "UNKNOWN", state, null);
            Summary(state, null, "Deployment timed out", message, RunOutcome.TimedOut);
            return ExitCodes.TimedOut;
        }

        watcher.Info($"{Title(state)} did not finish within {within}; stopping it with rollback (rollback-on-timeout).");
        await StopAsync(state.DeploymentId, cancellationToken).ConfigureAwait(false);
        var followed = await watcher.WatchAsync(state with { WaitUntil = EcsWaitUntil.Deployed }, Settings(TimeSpan.FromMinutes(inputs.WaitForMinutes)), cancellationToken).ConfigureAwait(false);
        if (followed.Outcome is { IsFailure: false } finished)
        {
            // The stop came too late: the deployment succeeded, and that is what is reported.
            return Succeeded(followed.State, finished);
        }

        var rollback = followed.Outcome switch
        {
            { Kind: EcsOutcomeKind.RolledBack } => "ECS rolled it back; the service runs its previous revision again.",
            { } o => $"It ended {o.Status}; check the service: {AwsConsole.EcsService(inputs.Region, inputs.Cluster, inputs.Service)}",
            null => $"Its rollback did not finish while watched; follow it at {Link(state.DeploymentId)}",
        };
        var text = $"{Title(state)} did not finish within {within} and was stopped with rollback. {rollback}";
        _log.Error(text, new AnnotationProperties("Deployment timed out"));
        SetOutputs(followed.State.Status ?? "UNKNOWN", followed.State, null);
        Summary(followed.State, followed.Outcome, "Deployment timed out", text, RunOutcome.TimedOut);
        return ExitCodes.TimedOut;
    }

    /// <summary>
    /// The run was cancelled: within a fresh, short budget, finds the deployment this run started (when UpdateService was
    /// sent but its deployment not yet found) and stops it with rollback (rollback-on-cancel); says what still runs and where.
    /// </summary>
    public async Task<int> CancelledAsync(bool updateSent, StartedDeployment? started, EcsWatchState? state, DateTimeOffset since)
    {
        const string title = "Deployment cancelled";
        using var budget = new CancellationTokenSource(CancelBudget.Value);
        if (!updateSent)
        {
            _log.Error("The run was cancelled before UpdateService was sent; nothing was deployed.", new AnnotationProperties(title));
            return ExitCodes.Cancelled;
        }

        started ??= _started;
        if (started is null)
        {
            try
            {
                var start = new EcsDeploymentStart(context.Aws.Ecs, context.Aws.EcsDeployments, _log, context.Time);
                var service = await context.Aws.Ecs.DescribeServiceAsync(inputs.Cluster, inputs.Service, budget.Token).ConfigureAwait(false);
                started = service is null ? null : await start.FindAsync(service, since, taskDefinitionArn, inputs.Cluster, inputs.Service, budget.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is AwsServiceException or OperationCanceledException)
            {
                _log.Debug($"Looking for the deployment after the cancel: {e.Message}");
            }
        }

        if (started is null)
        {
            _log.Error($"The run was cancelled after UpdateService; the deployment it started could not be found in time and keeps running: {AwsConsole.EcsService(inputs.Region, inputs.Cluster, inputs.Service)}", new AnnotationProperties(title));
            return ExitCodes.Cancelled;
        }

        var link = started.Classic ? AwsConsole.EcsService(inputs.Region, inputs.Cluster, inputs.Service) : Link(started.Id);
        SetOutputs(state?.Status ?? "UNKNOWN", state, null);
        if (EcsStatus.IsTerminal(state?.Status) || state?.RollingBack == true)
        {
            // ECS already ended it, or rolls it back on its own: that is left to finish.
            _log.Error($"The run was cancelled while service deployment {Short(started.Id)} was {state!.Status}; it is left as it is: {link}", new AnnotationProperties(title));
            return ExitCodes.Cancelled;
        }

        if (!inputs.RollbackOnCancel || started.Classic)
        {
            var why = started.Classic ? " (without service deployments it cannot be stopped from here)" : "";
            _log.Error($"The run was cancelled; deployment {Short(started.Id)} keeps running{why}: {link}", new AnnotationProperties(title));
            return ExitCodes.Cancelled;
        }

        try
        {
            await StopAsync(started.Id, budget.Token).ConfigureAwait(false);
            var status = await StatusAsync(started.Id, budget.Token).ConfigureAwait(false);
            _log.Error($"The run was cancelled; service deployment {Short(started.Id)} was stopped with rollback ({status}); ECS finishes the rollback: {link}", new AnnotationProperties(title));
        }
        catch (Exception e) when (e is AwsServiceException or OperationCanceledException)
        {
            _log.Error($"The run was cancelled and stopping service deployment {Short(started.Id)} failed ({e.Message}); stop it in the console: {link}", new AnnotationProperties(title));
        }

        return ExitCodes.Cancelled;
    }

    /// <summary>UpdateService was accepted but no deployment of the new revision showed.</summary>
    public int NotFound(bool nothingToDeploy)
    {
        if (nothingToDeploy)
        {
            _log.Info($"Service {inputs.Service} already runs {taskDefinitionArn} and nothing forces a new deployment (force-new-deployment is false), so ECS started none.");
            context.Outputs.Set("deployment-status", EcsStatus.Successful);
            context.Outputs.Set("rolled-back", "false");
            return ExitCodes.Succeeded;
        }

        _log.Error($"UpdateService was accepted, but no service deployment of {taskDefinitionArn} appeared within {DeploymentWatch.FormatDuration(EcsDeploymentStart.FindBudget)}; check the service: {AwsConsole.EcsService(inputs.Region, inputs.Cluster, inputs.Service)}", new AnnotationProperties("Deployment not found"));
        return ExitCodes.DeploymentFailed;
    }

    /// <summary>An AWS call failed: before UpdateService succeeded nothing started; after, the deployment may run on, and the last known status is the output.</summary>
    public int AwsCallFailed(string doing, AwsServiceException e, bool updated, StartedDeployment? started, EcsWatchState? state)
    {
        var where = updated && started is null ? $"; the deployment UpdateService started may still run: {AwsConsole.EcsService(inputs.Region, inputs.Cluster, inputs.Service)}" : "";
        _log.Error($"{doing} failed ({e.ErrorCode}): {e.AwsMessage}{where}", new AnnotationProperties(updated ? "AWS call failed" : "Deployment not started"));
        _log.Debug(e.ToString());
        if (updated)
        {
            SetOutputs(state?.Status ?? "UNKNOWN", state, null);
        }

        return updated ? ExitCodes.DeploymentFailed : ExitCodes.SetupFailed;
    }

    /// <summary>deployment-status (the service deployment's status), rolled-back, rollback-deployment-id, lifecycle-hook-id.</summary>
    public void SetOutputs(string status, EcsWatchState? state, string? hookId)
    {
        context.Outputs.Set("deployment-status", status);
        context.Outputs.Set("rolled-back", status.StartsWith("ROLLBACK_", StringComparison.Ordinal) || state?.RollingBack == true ? "true" : "false");
        context.Outputs.Set("rollback-deployment-id", "");
        context.Outputs.Set("lifecycle-hook-id", hookId ?? "");
    }

    /// <summary>The polling the inputs ask for, with this timeout.</summary>
    public EcsWatchSettings Settings(TimeSpan timeout) => EcsWatchSettings.From(inputs, timeout);

    /// <summary>StopServiceDeployment ROLLBACK; a refusal because it already stops, rolls back or ended is checked, not reported.</summary>
    private async Task StopAsync(string arn, CancellationToken cancellationToken)
    {
        try
        {
            await context.Aws.EcsDeployments.StopServiceDeploymentAsync(arn, "ROLLBACK", cancellationToken).ConfigureAwait(false);
            watcher.Info($"Stop of {Short(arn)} requested with rollback");
        }
        catch (AwsServiceException e) when (e.ErrorCode is "ConflictException" or "InvalidParameterException" or "ServiceDeploymentNotFoundException" || StopMayHaveArrived(e))
        {
            // After a lost answer the first request may have worked: look at the deployment instead of trusting the error.
            var status = await StatusAsync(arn, cancellationToken).ConfigureAwait(false);
            if (status is EcsStatus.InProgress or EcsStatus.Pending)
            {
                throw;
            }

            watcher.Info($"Service deployment {Short(arn)} is {status}; no stop needed");
        }
    }

    private static bool StopMayHaveArrived(AwsServiceException e) => EcsDeploymentStart.MayHaveArrived(e);

    private async Task<string?> StatusAsync(string arn, CancellationToken cancellationToken)
    {
        var found = await context.Aws.EcsDeployments.DescribeServiceDeploymentsAsync([arn], cancellationToken).ConfigureAwait(false);
        return found.ServiceDeployments.FirstOrDefault(d => d.ServiceDeploymentArn == arn)?.Status;
    }

    private void Summary(EcsWatchState state, EcsWatchOutcome? outcome, string headline, string? detail, RunOutcome ending)
    {
        var report = new EcsDeploymentReport
        {
            Region = inputs.Region,
            Cluster = inputs.Cluster,
            Service = inputs.Service,
            TaskDefinitionArn = taskDefinitionArn,
            State = state,
            Outcome = outcome,
            Headline = headline,
            Detail = detail,
            Success = ending == RunOutcome.Succeeded,
            At = context.Time.GetUtcNow(),
            Links =
            [
                new ConsoleLink(state.Classic ? $"deployment {state.DeploymentId}" : $"service deployment {state.ShortId}", state.Classic ? AwsConsole.EcsService(inputs.Region, inputs.Cluster, inputs.Service) : Link(state.DeploymentId)),
                new ConsoleLink($"service {inputs.Service}", AwsConsole.EcsService(inputs.Region, inputs.Cluster, inputs.Service)),
            ],
        };
        context.Summary.End(EcsDeploymentSummary.ToEnding(report, ending));
    }

    /// <summary>"Service deployment sd-1", or in classic mode "Deployment ecs-svc/2".</summary>
    private static string Title(EcsWatchState state) => state.Classic ? $"Deployment {state.DeploymentId}" : $"Service deployment {state.ShortId}";

    private Uri Link(string arn) => AwsConsole.ServiceDeployment(inputs.Region, inputs.Cluster, inputs.Service, arn);

    private static string Short(string? arn) => arn is null ? "another deployment" : arn[(arn.LastIndexOf('/') + 1)..];
}
