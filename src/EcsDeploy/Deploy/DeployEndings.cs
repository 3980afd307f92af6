using EcsDeploy.Aws;
using EcsDeploy.Aws.CodeDeploy;
using EcsDeploy.CodeDeploy;
using EcsDeploy.Reporting;
using EcsDeploy.Runtime;
using EcsDeploy.TaskDefinitions;

namespace EcsDeploy.Deploy;

/// <summary>How a deploy ends other than by running on: succeeded, failed (following its rollback), timed out, cancelled, or stopped by a rejected task definition or a failed AWS call.</summary>
/// <remarks>Each ending logs its verdict, sets the outputs, gives the step summary its ending and returns the exit code.</remarks>
internal sealed class DeployEndings(DeployContext context, DeployInputs inputs, DeploymentWatcher watcher)
{
    private readonly IJobLog _log = context.Log;

    /// <summary>The deployment reached what the step waits for: the log's last line says what now runs where.</summary>
    public int Succeeded(DeploymentReport report, WatchOutcome outcome)
    {
        var headline = outcome.Kind switch
        {
            WatchOutcomeKind.Ready => $"Deployment {report.Deployment.DeploymentId} is ready; production traffic has not moved yet",
            WatchOutcomeKind.TrafficShifted => $"Deployment {report.Deployment.DeploymentId} shifted all traffic to green; the blue task set waits for termination",
            _ => $"Deployment {report.Deployment.DeploymentId} succeeded",
        };

        // The watch has already printed "Deployment d-…: Succeeded"; the log's last line says what now runs where.
        _log.Info(outcome.Kind == WatchOutcomeKind.Succeeded ? $"{headline}: service {report.Service} in cluster {report.Cluster} runs {report.TaskDefinitionArn}" : headline);
        SetOutputs(outcome.Status, null);
        var title = outcome.Kind switch
        {
            WatchOutcomeKind.Ready => $"deployment {report.Deployment.DeploymentId} is ready; production traffic has not moved yet",
            WatchOutcomeKind.TrafficShifted => $"all traffic is on green; the blue task set waits for termination",
            _ => $"service {report.Service} runs the new revision",
        };
        context.Summary.End(DeploymentSummary.ToEnding(report with { Headline = title, Success = true, At = context.Time.GetUtcNow() }));
        return ExitCodes.Succeeded;
    }

    /// <summary>The deployment failed or was stopped: follows its rollback, when there is one, before the verdict.</summary>
    public async Task<int> FailedAsync(DeploymentReport report, WatchOutcome outcome, DeploymentGroupInfo group, CancellationToken cancellationToken)
    {
        var settings = Settings(TimeSpan.FromMinutes(inputs.WaitForMinutes));
        var rollbackId = outcome.RollbackDeploymentId;
        if (rollbackId is null && group.AutoRollbackConfiguration?.Enabled == true)
        {
            rollbackId = await watcher.FindRollbackAsync(report.Deployment.DeploymentId, settings, cancellationToken).ConfigureAwait(false);
        }

        if (rollbackId is not null)
        {
            var rollback = await watcher.FollowRollbackAsync(rollbackId, report.Deployment, settings, cancellationToken).ConfigureAwait(false);
            report = report with
            {
                Rollback = rollback.State,
                RollbackOutcome = rollback.Outcome,
                Links = [.. report.Links, new ConsoleLink($"rollback {rollbackId}", AwsConsole.Deployment(inputs.Region, rollbackId))],
            };
        }

        var title = DeploymentReport.FailureTitle(outcome, rollbackId);
        var message = DeploymentReport.FailureMessage(report.Deployment.DeploymentId, outcome, rollbackId, report.RollbackOutcome);
        _log.Error(message, new AnnotationProperties(title));
        SetOutputs(outcome.Status, rollbackId);
        context.Summary.End(DeploymentSummary.ToEnding(report with { Headline = title.ToLowerInvariant(), Detail = message, At = context.Time.GetUtcNow() }));
        return ExitCodes.DeploymentFailed;
    }

    /// <summary>The wait ran out: leaves the deployment running, or stops it with rollback (rollback-on-timeout), handling an end that races the stop.</summary>
    public async Task<int> TimedOutAsync(DeploymentReport report, WatchSettings settings, DeploymentGroupInfo group, CancellationToken cancellationToken)
    {
        var id = report.Deployment.DeploymentId;
        var limit = DeploymentWatch.FormatDuration(settings.Timeout ?? TimeSpan.Zero);
        if (!inputs.RollbackOnTimeout)
        {
            var running = $"Deployment {id} did not finish within {limit}; it keeps running in CodeDeploy (rollback-on-timeout is false). Raise 'wait-for-minutes' or follow it at {AwsConsole.Deployment(inputs.Region, id)}.";
            _log.Error(running, new AnnotationProperties("Deployment timed out"));
            SetOutputs(report.Deployment.Status ?? "Unknown", null);
            context.Summary.End(DeploymentSummary.ToEnding(report with { Headline = $"deployment {id} keeps running", Detail = running, Verdict = RunOutcome.TimedOut, At = context.Time.GetUtcNow() }));
            return ExitCodes.TimedOut;
        }

        _log.Info($"Deployment {id} did not finish within {limit}; stopping it with rollback (rollback-on-timeout).");
        var followSettings = Settings(TimeSpan.FromMinutes(inputs.WaitForMinutes));
        WatchResult stopped;
        string? rollbackId;
        try
        {
            (stopped, rollbackId) = await watcher.StopAndRollBackAsync(report.Deployment, followSettings, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException e) when (e.ErrorCode == "DeploymentAlreadyCompletedException")
        {
            // It ended between the last poll and the stop: one more look says how, and it is judged like any ending.
            _log.Info($"Deployment {id} ended before it could be stopped.");
            var ended = await watcher.WatchAsync(report.Deployment with { WaitUntil = WaitUntil.Deployed }, followSettings, cancellationToken).ConfigureAwait(false);
            if (ended.Outcome is not { } outcome)
            {
                throw;
            }

            report = report with { Deployment = ended.State, Outcome = outcome };
            return outcome.IsFailure ? await FailedAsync(report, outcome, group, cancellationToken).ConfigureAwait(false) : Succeeded(report, outcome);
        }

        report = report with { Deployment = stopped.State, Outcome = stopped.Outcome };
        if (stopped.Outcome is { IsFailure: false } finished)
        {
            // The stop came too late: the deployment succeeded, and that is what is reported.
            return Succeeded(report, finished);
        }

        if (rollbackId is not null)
        {
            var rollback = await watcher.FollowRollbackAsync(rollbackId, stopped.State, followSettings, cancellationToken).ConfigureAwait(false);
            report = report with
            {
                Rollback = rollback.State,
                RollbackOutcome = rollback.Outcome,
                Links = [.. report.Links, new ConsoleLink($"rollback {rollbackId}", AwsConsole.Deployment(inputs.Region, rollbackId))],
            };
        }

        var message = $"Deployment {id} did not finish within {limit} and was stopped. {DeploymentReport.RollbackSentence(rollbackId, report.RollbackOutcome)}";
        _log.Error(message, new AnnotationProperties("Deployment timed out"));
        SetOutputs(stopped.State.Status ?? "Unknown", rollbackId);
        var headline = rollbackId is null ? $"deployment {id} stopped" : $"deployment {id} stopped and rolled back";
        context.Summary.End(DeploymentSummary.ToEnding(report with { Headline = headline, Detail = message, Verdict = RunOutcome.TimedOut, At = context.Time.GetUtcNow() }));
        return ExitCodes.TimedOut;
    }

    /// <summary>The run was cancelled: leaves the deployment running, or stops it with rollback within a fresh 5-second budget (rollback-on-cancel).</summary>
    public async Task<int> CancelledAsync(string? deploymentId, WatchState? state)
    {
        if (deploymentId is null)
        {
            _log.Error("The run was cancelled before a deployment was running; nothing to roll back.", new AnnotationProperties("Deployment cancelled"));
            return ExitCodes.Cancelled;
        }

        if (DeploymentStatus.IsTerminal(state?.Status))
        {
            // Cancelled while following a rollback CodeDeploy runs on its own: that rollback is left to finish.
            SetOutputs(state!.Status!, state.RollbackDeploymentId);
            var rollback = state.RollbackDeploymentId is { } id ? $"; its rollback {id} keeps running: {AwsConsole.Deployment(inputs.Region, id)}" : "";
            return Cancelled(state, $"deployment {deploymentId} ended {state.Status}", $"The run was cancelled after deployment {deploymentId} ended {state.Status}{rollback}");
        }

        SetOutputs(state?.Status ?? "Unknown", null);
        if (!inputs.RollbackOnCancel)
        {
            return Cancelled(state, $"deployment {deploymentId} keeps running", $"The run was cancelled; deployment {deploymentId} keeps running (rollback-on-cancel is false): {AwsConsole.Deployment(inputs.Region, deploymentId)}");
        }

        // The run's token is already cancelled and the runner kills the container soon after: a fresh, short budget.
        using var budget = new CancellationTokenSource(CancelBudget.Value);
        try
        {
            var (status, _) = await context.Aws.CodeDeploy.StopDeploymentAsync(deploymentId, autoRollbackEnabled: true, budget.Token).ConfigureAwait(false);
            return Cancelled(state, $"deployment {deploymentId} stopped with rollback", $"The run was cancelled; deployment {deploymentId} was stopped with rollback ({status}).\nCodeDeploy now returns traffic to the original task set on its own; follow the rollback at {AwsConsole.Deployment(inputs.Region, deploymentId)}");
        }
        catch (AwsServiceException e) when (e.ErrorCode == "DeploymentAlreadyCompletedException")
        {
            return Cancelled(state, $"deployment {deploymentId} had already ended", $"The run was cancelled after deployment {deploymentId} had ended, so nothing was stopped; see how it ended: {AwsConsole.Deployment(inputs.Region, deploymentId)}");
        }
        catch (Exception e) when (e is AwsServiceException or OperationCanceledException)
        {
            return Cancelled(state, $"stopping deployment {deploymentId} failed", $"The run was cancelled and stopping deployment {deploymentId} failed ({e.Message}); stop it in the console: {AwsConsole.Deployment(inputs.Region, deploymentId)}");
        }
    }

    /// <summary>The task definition the deployment runs, once registered or chosen.</summary>
    public string? TaskDefinitionArn { get; set; }

    /// <summary>The images per container of the task definition, once prepared.</summary>
    public IReadOnlyList<DeployedImage> Images { get; set; } = [];

    /// <summary>The report every ending starts from: the deployment as last watched, with its console links.</summary>
    public DeploymentReport Report(WatchState state) => new()
    {
        Region = inputs.Region,
        Cluster = inputs.Cluster,
        Service = inputs.Service,
        TaskDefinitionArn = TaskDefinitionArn,
        Images = Images,
        Deployment = state,
        Headline = "",
        At = context.Time.GetUtcNow(),
        Links =
        [
            new ConsoleLink($"deployment {state.DeploymentId}", AwsConsole.Deployment(inputs.Region, state.DeploymentId)),
            new ConsoleLink($"service {inputs.Service}", AwsConsole.EcsService(inputs.Region, inputs.Cluster, inputs.Service)),
        ],
    };

    // A cancelled run's error, and its summary with the deployment as last seen.
    private int Cancelled(WatchState? state, string title, string message)
    {
        _log.Error(message, new AnnotationProperties("Deployment cancelled"));
        // The watch was cut short, so its last poll is the latest picture of the deployment.
        if (watcher.LastState is { } polled && polled.DeploymentId == state?.DeploymentId)
        {
            state = polled;
        }

        if (state is not null)
        {
            context.Summary.End(DeploymentSummary.ToEnding(Report(state) with { Headline = title, Detail = message, Verdict = RunOutcome.Cancelled }));
        }

        return ExitCodes.Cancelled;
    }

    /// <summary>The deployment was created and the step does not wait for it (wait-for-service-stability is false).</summary>
    public int NotWaiting(string deploymentId)
    {
        SetOutputs("Created", null);
        _log.Info("Not waiting for the deployment (wait-for-service-stability is false).");
        context.Summary.End(DeploymentSummary.ToEnding(Report(WatchState.Start(deploymentId)) with
        {
            Headline = $"deployment {deploymentId} created",
            Detail = "The step did not wait for it (wait-for-service-stability is false); follow it in the console.",
            Success = true,
        }));
        return ExitCodes.Succeeded;
    }

    /// <summary>The task definition is not valid: every problem is an error, and nothing was registered.</summary>
    public int TaskDefinitionRejected(TaskDefinitionException e)
    {
        foreach (var problem in e.Problems)
        {
            _log.Error(problem, new AnnotationProperties("Task definition not registered"));
        }

        return ExitCodes.SetupFailed;
    }

    /// <summary>An AWS call failed: before the deployment exists nothing started; after, its last known status is the output.</summary>
    public int AwsCallFailed(string doing, AwsServiceException e, string? deploymentId, WatchState? state)
    {
        _log.Error($"{doing} failed ({e.ErrorCode}): {e.AwsMessage}", new AnnotationProperties(deploymentId is null ? "Deployment not started" : "AWS call failed"));
        _log.Debug(e.ToString());
        if (deploymentId is not null)
        {
            SetOutputs(state?.Status ?? "Unknown", null);
        }

        return deploymentId is null ? ExitCodes.SetupFailed : ExitCodes.DeploymentFailed;
    }

    /// <summary>Sets deployment-status, rolled-back and rollback-deployment-id.</summary>
    public void SetOutputs(string status, string? rollbackDeploymentId)
    {
        context.Outputs.Set("deployment-status", status);
        context.Outputs.Set("rolled-back", rollbackDeploymentId is null ? "false" : "true");
        context.Outputs.Set("rollback-deployment-id", rollbackDeploymentId ?? "");
    }

    /// <summary>The polling the inputs ask for, with this timeout.</summary>
    public WatchSettings Settings(TimeSpan timeout) =>
        new(TimeSpan.FromSeconds(inputs.PollIntervalSeconds), TimeSpan.FromSeconds(inputs.WaitMaxDelaySeconds), timeout) { FixedInterval = inputs.FixedPollInterval };
}
