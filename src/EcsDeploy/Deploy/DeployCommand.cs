using EcsDeploy.Aws;
using EcsDeploy.Aws.CodeDeploy;
using EcsDeploy.CodeDeploy;
using EcsDeploy.Operations;
using EcsDeploy.RunTask;
using EcsDeploy.Runtime;
using EcsDeploy.TaskDefinitions;

namespace EcsDeploy.Deploy;

/// <summary>The services a deploy uses.</summary>
public sealed record DeployContext(IJobLog Log, IActionOutputs Outputs, IStepSummary Summary, TimeProvider Time, ActionApis Aws, ActionEnvironment Runner);

/// <summary>The deploy, top to bottom: check, register, create the deployment, watch it, report.</summary>
public sealed class DeployCommand(DeployContext context)
{
    /// <summary>How long CreateDeployment may take, whatever happens to the run meanwhile.</summary>
    private static readonly TimeSpan CreateBudget = TimeSpan.FromSeconds(30);

    private readonly IJobLog _log = context.Log;
    private readonly DeploymentWatcher _watcher = new(context.Aws.CodeDeploy, context.Log, context.Time);

    public async Task<int> RunAsync(DeployInputs inputs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var doing = $"Describing service '{inputs.Service}'";
        string? deploymentId = null;
        var state = (WatchState?)null;
        // The task definition diff goes into the step summary after the outcome, which readers look for first.
        var taskDefinitionSummary = new StepSummaryFile(null);
        foreach (var warning in inputs.Warnings)
        {
            _log.Warning(warning, new AnnotationProperties("Input has no effect"));
        }

        try
        {
            if (await InProgressGuard.BeforeDeployAsync(inputs, context, cancellationToken).ConfigureAwait(false) is { } blocked)
            {
                return blocked;
            }

            var (service, group, problem) = await DeployPreflight.CheckAsync(inputs, context.Aws.Ecs, context.Aws.CodeDeploy, cancellationToken).ConfigureAwait(false);
            if (problem is not null)
            {
                _log.Error(problem, new AnnotationProperties("Deployment not started"));
                return ExitCodes.SetupFailed;
            }

            _log.Info(DeployHeader.Describe(inputs, service!, group!, context.Runner.Workspace));
            doing = "Preparing the task definition";
            var preparer = new TaskDefinitionPreparer(context.Aws.Ecs, context.Aws.Ecr, _log, taskDefinitionSummary, new TaskDefinitionContext(context.Runner.Workspace, context.Runner.RunnerTemp ?? Path.GetTempPath()));
            var prepared = await preparer.PrepareAsync(inputs.TaskDefinition, service!, cancellationToken).ConfigureAwait(false);
            if (prepared.RenderedPath is not null)
            {
                context.Outputs.Set("rendered-task-definition", prepared.RenderedPath);
            }

            var taskDefinitionArn = prepared.ExistingArn;
            if (taskDefinitionArn is null)
            {
                doing = "Registering the task definition";
                taskDefinitionArn = (await context.Aws.Ecs.RegisterTaskDefinitionAsync(prepared.RegisterRequest!, cancellationToken).ConfigureAwait(false)).Arn;
                _log.Info($"Registered task definition {taskDefinitionArn}");
            }

            context.Outputs.Set("task-definition-arn", taskDefinitionArn);
            if (inputs.RunTask.Enabled)
            {
                doing = $"Running the one-off task of {taskDefinitionArn}";
                var target = new OneOffTaskTarget(inputs.Cluster, inputs.Region, taskDefinitionArn, TimeSpan.FromSeconds(inputs.PollIntervalSeconds), TimeSpan.FromMinutes(inputs.WaitForMinutes))
                {
                    ServiceNetwork = service!.NetworkConfiguration?.AwsvpcConfiguration,
                };
                if (await new OneOffTask(context.Aws.Ecs, _log, context.Outputs, context.Time).RunAsync(inputs.RunTask, target, cancellationToken).ConfigureAwait(false) is { } stopped)
                {
                    return stopped;
                }
            }

            if (inputs.AppSpecFile is null && inputs.AppSpecPathGiven)
            {
                // A mistyped path would otherwise drop the file's hooks without a word.
                _log.Warning($"Input 'codedeploy-appspec' value '{Path.GetRelativePath(context.Runner.Workspace, inputs.AppSpecPath)}' names no file, so the AppSpec is generated from the service; fix the path if you meant to use a file.", new AnnotationProperties("AppSpec generated"));
            }

            var appSpec = inputs.AppSpecFile?.DeepClone().AsObject() ?? AppSpec.Generate(service!, taskDefinitionArn, inputs.Hooks);
            AppSpec.SetTaskDefinition(appSpec, taskDefinitionArn);
            var content = AppSpec.ToContent(appSpec);
            using (_log.Group(inputs.AppSpecFile is null ? "AppSpec (generated from the service)" : $"AppSpec from {Path.GetRelativePath(context.Runner.Workspace, inputs.AppSpecPath)}"))
            {
                _log.Untrusted(content.Content!);
            }

            doing = $"Creating a deployment in '{inputs.Application}/{inputs.DeploymentGroup}'";
            cancellationToken.ThrowIfCancellationRequested();

            // Not aborted by a cancelled run: CodeDeploy may create the deployment even when the answer is cut off, and
            // then its id would be unknown and it could not be stopped. With the id, a cancelled run stops it below.
            using (var createBudget = new CancellationTokenSource(CreateBudget))
            {
                deploymentId = await context.Aws.CodeDeploy.CreateDeploymentAsync(new CreateDeploymentRequest
                {
                    ApplicationName = inputs.Application,
                    DeploymentGroupName = inputs.DeploymentGroup,
                    DeploymentConfigName = inputs.DeploymentConfig,
                    Description = inputs.Description,
                    Revision = new RevisionLocation { RevisionType = "AppSpecContent", AppSpecContent = content },
                }, createBudget.Token).ConfigureAwait(false);
            }

            context.Outputs.Set("codedeploy-deployment-id", deploymentId);
            _log.Info($"Created deployment {deploymentId}: {AwsConsole.Deployment(inputs.Region, deploymentId)}");
            cancellationToken.ThrowIfCancellationRequested();
            state = WatchState.Start(deploymentId, inputs.WaitUntil, group!.BlueGreenDeploymentConfiguration?.TerminateBlueInstancesOnDeploymentSuccess?.TerminationWaitTimeInMinutes);

            if (!inputs.WaitForServiceStability)
            {
                SetOutputs("Created", null);
                _log.Info("Not waiting for the deployment (wait-for-service-stability is false).");
                return ExitCodes.Succeeded;
            }

            doing = $"Watching deployment {deploymentId}";
            var settings = Settings(inputs, DeployPreflight.WatchTimeout(inputs, group));
            var watched = await _watcher.WatchAsync(state, settings, cancellationToken).ConfigureAwait(false);
            state = watched.State;
            var report = NewReport(inputs, taskDefinitionArn, watched.State) with { Outcome = watched.Outcome };
            return watched.Outcome switch
            {
                null => await TimedOutAsync(inputs, report, settings, group, cancellationToken).ConfigureAwait(false),
                { IsFailure: true } outcome => await FailedAsync(inputs, report, outcome, group, cancellationToken).ConfigureAwait(false),
                { } outcome => Succeeded(report, outcome),
            };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return await CancelledAsync(inputs, deploymentId, state).ConfigureAwait(false);
        }
        catch (AwsServiceException e) when (deploymentId is null && ActiveDeployment.IsLimitExceeded(e))
        {
            _log.Error(ActiveDeployment.LimitExceededMessage(e, InProgressGuard.TargetOf(inputs)), new AnnotationProperties("Deployment not started"));
            return ExitCodes.SetupFailed;
        }
        catch (TaskDefinitionException e)
        {
            foreach (var problem in e.Problems)
            {
                _log.Error(problem, new AnnotationProperties("Task definition not registered"));
            }

            return ExitCodes.SetupFailed;
        }
        catch (AwsServiceException e)
        {
            _log.Error($"{doing} failed ({e.ErrorCode}): {e.AwsMessage}", new AnnotationProperties(deploymentId is null ? "Deployment not started" : "AWS call failed"));
            _log.Debug(e.ToString());
            if (deploymentId is not null)
            {
                SetOutputs(state?.Status ?? "Unknown", null);
            }

            return deploymentId is null ? ExitCodes.SetupFailed : ExitCodes.DeploymentFailed;
        }
        finally
        {
            if (taskDefinitionSummary.Text.Length > 0)
            {
                context.Summary.Append(taskDefinitionSummary.Text);
            }
        }
    }

    private int Succeeded(DeploymentReport report, WatchOutcome outcome)
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
        context.Summary.Append(DeploymentSummary.Render(report with { Headline = headline, Success = true, At = context.Time.GetUtcNow() }));
        return ExitCodes.Succeeded;
    }

    private async Task<int> FailedAsync(DeployInputs inputs, DeploymentReport report, WatchOutcome outcome, DeploymentGroupInfo group, CancellationToken cancellationToken)
    {
        var settings = Settings(inputs, TimeSpan.FromMinutes(inputs.WaitForMinutes));
        var rollbackId = outcome.RollbackDeploymentId;
        if (rollbackId is null && group.AutoRollbackConfiguration?.Enabled == true)
        {
            rollbackId = await _watcher.FindRollbackAsync(report.Deployment.DeploymentId, settings, cancellationToken).ConfigureAwait(false);
        }

        if (rollbackId is not null)
        {
            var rollback = await _watcher.FollowRollbackAsync(rollbackId, report.Deployment, settings, cancellationToken).ConfigureAwait(false);
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
        context.Summary.Append(DeploymentSummary.Render(report with { Headline = title, Detail = message, At = context.Time.GetUtcNow() }));
        return ExitCodes.DeploymentFailed;
    }

    private async Task<int> TimedOutAsync(DeployInputs inputs, DeploymentReport report, WatchSettings settings, DeploymentGroupInfo group, CancellationToken cancellationToken)
    {
        var id = report.Deployment.DeploymentId;
        var limit = DeploymentWatch.FormatDuration(settings.Timeout ?? TimeSpan.Zero);
        if (!inputs.RollbackOnTimeout)
        {
            _log.Error($"Deployment {id} did not finish within {limit}; it keeps running in CodeDeploy. Raise 'wait-for-minutes' or follow it at {AwsConsole.Deployment(inputs.Region, id)}.", new AnnotationProperties("Deployment timed out"));
            SetOutputs(report.Deployment.Status ?? "Unknown", null);
            context.Summary.Append(DeploymentSummary.Render(report with { Headline = "Deployment timed out", At = context.Time.GetUtcNow() }));
            return ExitCodes.TimedOut;
        }

        _log.Info($"Deployment {id} did not finish within {limit}; stopping it with rollback (rollback-on-timeout).");
        var followSettings = Settings(inputs, TimeSpan.FromMinutes(inputs.WaitForMinutes));
        WatchResult stopped;
        string? rollbackId;
        try
        {
            (stopped, rollbackId) = await _watcher.StopAndRollBackAsync(report.Deployment, followSettings, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException e) when (e.ErrorCode == "DeploymentAlreadyCompletedException")
        {
            // It ended between the last poll and the stop: one more look says how, and it is judged like any ending.
            _log.Info($"Deployment {id} ended before it could be stopped.");
            var ended = await _watcher.WatchAsync(report.Deployment with { WaitUntil = WaitUntil.Deployed }, followSettings, cancellationToken).ConfigureAwait(false);
            if (ended.Outcome is not { } outcome)
            {
                throw;
            }

            report = report with { Deployment = ended.State, Outcome = outcome };
            return outcome.IsFailure ? await FailedAsync(inputs, report, outcome, group, cancellationToken).ConfigureAwait(false) : Succeeded(report, outcome);
        }

        report = report with { Deployment = stopped.State, Outcome = stopped.Outcome };
        if (stopped.Outcome is { IsFailure: false } finished)
        {
            // The stop came too late: the deployment succeeded, and that is what is reported.
            return Succeeded(report, finished);
        }

        if (rollbackId is not null)
        {
            var rollback = await _watcher.FollowRollbackAsync(rollbackId, stopped.State, followSettings, cancellationToken).ConfigureAwait(false);
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
        context.Summary.Append(DeploymentSummary.Render(report with { Headline = "Deployment timed out", Detail = message, At = context.Time.GetUtcNow() }));
        return ExitCodes.TimedOut;
    }

    private async Task<int> CancelledAsync(DeployInputs inputs, string? deploymentId, WatchState? state)
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
            _log.Error($"The run was cancelled after deployment {deploymentId} ended {state.Status}{rollback}", new AnnotationProperties("Deployment cancelled"));
            return ExitCodes.Cancelled;
        }

        SetOutputs(state?.Status ?? "Unknown", null);
        if (!inputs.RollbackOnCancel)
        {
            _log.Error($"The run was cancelled; deployment {deploymentId} keeps running: {AwsConsole.Deployment(inputs.Region, deploymentId)}", new AnnotationProperties("Deployment cancelled"));
            return ExitCodes.Cancelled;
        }

        // The run's token is already cancelled and the runner kills the container soon after: a fresh, short budget.
        using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            var (status, _) = await context.Aws.CodeDeploy.StopDeploymentAsync(deploymentId, autoRollbackEnabled: true, budget.Token).ConfigureAwait(false);
            _log.Error($"The run was cancelled; deployment {deploymentId} was stopped with rollback ({status}): {AwsConsole.Deployment(inputs.Region, deploymentId)}", new AnnotationProperties("Deployment cancelled"));
        }
        catch (AwsServiceException e) when (e.ErrorCode == "DeploymentAlreadyCompletedException")
        {
            _log.Error($"The run was cancelled after deployment {deploymentId} had ended, so nothing was stopped; see how it ended: {AwsConsole.Deployment(inputs.Region, deploymentId)}", new AnnotationProperties("Deployment cancelled"));
        }
        catch (Exception e) when (e is AwsServiceException or OperationCanceledException)
        {
            _log.Error($"The run was cancelled and stopping deployment {deploymentId} failed ({e.Message}); stop it in the console: {AwsConsole.Deployment(inputs.Region, deploymentId)}", new AnnotationProperties("Deployment cancelled"));
        }

        return ExitCodes.Cancelled;
    }

    private void SetOutputs(string status, string? rollbackDeploymentId)
    {
        context.Outputs.Set("deployment-status", status);
        context.Outputs.Set("rolled-back", rollbackDeploymentId is null ? "false" : "true");
        context.Outputs.Set("rollback-deployment-id", rollbackDeploymentId ?? "");
    }

    private DeploymentReport NewReport(DeployInputs inputs, string taskDefinitionArn, WatchState state) => new()
    {
        Region = inputs.Region,
        Cluster = inputs.Cluster,
        Service = inputs.Service,
        TaskDefinitionArn = taskDefinitionArn,
        Deployment = state,
        Headline = "",
        At = context.Time.GetUtcNow(),
        Links =
        [
            new ConsoleLink($"deployment {state.DeploymentId}", AwsConsole.Deployment(inputs.Region, state.DeploymentId)),
            new ConsoleLink($"service {inputs.Service}", AwsConsole.EcsService(inputs.Region, inputs.Cluster, inputs.Service)),
        ],
    };

    private static WatchSettings Settings(DeployInputs inputs, TimeSpan timeout) =>
        new(TimeSpan.FromSeconds(inputs.PollIntervalSeconds), TimeSpan.FromSeconds(inputs.WaitMaxDelaySeconds), timeout);
}
