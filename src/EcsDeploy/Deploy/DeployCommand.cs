using EcsDeploy.Aws;
using EcsDeploy.Aws.CodeDeploy;
using EcsDeploy.Aws.Ecs;
using EcsDeploy.CodeDeploy;
using EcsDeploy.EcsController;
using EcsDeploy.Operations;
using EcsDeploy.Reporting;
using EcsDeploy.RunTask;
using EcsDeploy.Runtime;
using EcsDeploy.TaskDefinitions;

namespace EcsDeploy.Deploy;

/// <summary>The services a deploy uses.</summary>
public sealed record DeployContext(IJobLog Log, IActionOutputs Outputs, IStepSummary Summary, TimeProvider Time, ActionApis Aws, ActionEnvironment Runner);

/// <summary>The deploy, top to bottom: check, register, create the deployment, watch it, report.</summary>
public sealed class DeployCommand(DeployContext context)
{
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
        var endings = new DeployEndings(context, inputs, _watcher);
        foreach (var warning in inputs.Warnings)
        {
            _log.Warning(warning, new AnnotationProperties("Input has no effect"));
        }

        try
        {
            // The service's deployment controller chooses the path, once: ECS below, CODE_DEPLOY the rest of this method.
            var (service, problem) = await DeployPreflight.DescribeServiceAsync(inputs, context.Aws.Ecs, cancellationToken).ConfigureAwait(false);
            if (problem is not null)
            {
                _log.Error(problem, new AnnotationProperties("Deployment not started"));
                return ExitCodes.SetupFailed;
            }

            if (DeployPreflight.ControllerOf(service!) == "ECS")
            {
                var ecsPath = new EcsDeployment(context, inputs, service!);
                if (await ecsPath.CheckAsync(cancellationToken).ConfigureAwait(false) is { } refused)
                {
                    return refused;
                }

                _log.Info(ecsPath.Header(DeployHeader.What(inputs.TaskDefinition, service!, context.Runner.Workspace)));
                var (revision, ended, _) = await NewRevisionAsync(inputs, service!, taskDefinitionSummary, d => doing = d, cancellationToken).ConfigureAwait(false);
                return ended ?? await ecsPath.DeployAsync(revision!, cancellationToken).ConfigureAwait(false);
            }

            foreach (var warning in inputs.CodeDeployWarnings)
            {
                _log.Warning(warning, new AnnotationProperties("Input has no effect"));
            }

            doing = $"Checking for deployments in progress in '{inputs.Application}/{inputs.DeploymentGroup}' (ListDeployments)";
            var waited = false;
            if (await InProgressGuard.BeforeDeployAsync(inputs, context, cancellationToken, () => waited = true).ConfigureAwait(false) is { } blocked)
            {
                return blocked;
            }

            if (waited)
            {
                // The deployment waited for changed what the service runs, which the new revision starts from.
                doing = $"Describing service '{inputs.Service}' (DescribeServices)";
                service = await context.Aws.Ecs.DescribeServiceAsync(inputs.Cluster, inputs.Service, cancellationToken).ConfigureAwait(false) ?? service;
            }

            doing = $"Reading deployment group '{inputs.Application}/{inputs.DeploymentGroup}' (GetDeploymentGroup)";
            (service, var group, problem) = await DeployPreflight.CheckAsync(inputs, service!, context.Aws.CodeDeploy, cancellationToken).ConfigureAwait(false);
            if (problem is not null)
            {
                _log.Error(problem, new AnnotationProperties("Deployment not started"));
                return ExitCodes.SetupFailed;
            }

            _log.Info(DeployHeader.Describe(inputs, service!, group!, context.Runner.Workspace));
            var (taskDefinitionArn, stoppedByTask, images) = await NewRevisionAsync(inputs, service!, taskDefinitionSummary, d => doing = d, cancellationToken).ConfigureAwait(false);
            endings.Images = images;
            endings.TaskDefinitionArn = taskDefinitionArn;
            if (stoppedByTask is { } stopped)
            {
                return stopped;
            }

            var content = AppSpecFor(inputs, service!, taskDefinitionArn!);
            doing = $"Creating a deployment in '{inputs.Application}/{inputs.DeploymentGroup}'";
            cancellationToken.ThrowIfCancellationRequested();

            // Not aborted by a cancelled run, and never twice after a lost answer: see DeploymentCreator.
            deploymentId = await new DeploymentCreator(context.Aws.CodeDeploy, _log, context.Time).CreateAsync(new CreateDeploymentRequest
            {
                ApplicationName = inputs.Application,
                DeploymentGroupName = inputs.DeploymentGroup,
                DeploymentConfigName = inputs.DeploymentConfig,
                Description = inputs.Description,
                Revision = new RevisionLocation { RevisionType = "AppSpecContent", AppSpecContent = content },
            }, cancellationToken).ConfigureAwait(false);

            context.Outputs.Set("codedeploy-deployment-id", deploymentId);
            _log.Info($"Created deployment {deploymentId}: {AwsConsole.Deployment(inputs.Region, deploymentId)}");
            cancellationToken.ThrowIfCancellationRequested();
            state = WatchState.Start(deploymentId, inputs.WaitUntil, group!.BlueGreenDeploymentConfiguration?.TerminateBlueInstancesOnDeploymentSuccess?.TerminationWaitTimeInMinutes);

            if (!inputs.WaitForServiceStability)
            {
                return endings.NotWaiting(deploymentId);
            }

            doing = $"Watching deployment {deploymentId}";
            var settings = endings.Settings(DeployPreflight.WatchTimeout(inputs, group));
            var watched = await _watcher.WatchAsync(state, settings, cancellationToken).ConfigureAwait(false);
            state = watched.State;
            var report = endings.Report(watched.State) with { Outcome = watched.Outcome };
            return watched.Outcome switch
            {
                null => await endings.TimedOutAsync(report, settings, group, cancellationToken).ConfigureAwait(false),
                { IsFailure: true } outcome => await endings.FailedAsync(report, outcome, group, cancellationToken).ConfigureAwait(false),
                { } outcome => endings.Succeeded(report, outcome),
            };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return await endings.CancelledAsync(deploymentId, state).ConfigureAwait(false);
        }
        catch (AwsServiceException e) when (deploymentId is null && ActiveDeployment.IsLimitExceeded(e))
        {
            _log.Error(ActiveDeployment.LimitExceededMessage(e, InProgressGuard.TargetOf(inputs)), new AnnotationProperties("Deployment not started"));
            return ExitCodes.SetupFailed;
        }
        catch (TaskDefinitionException e)
        {
            return endings.TaskDefinitionRejected(e);
        }
        catch (AwsServiceException e)
        {
            return endings.AwsCallFailed(doing, e, deploymentId, state);
        }
        finally
        {
            if (taskDefinitionSummary.Text.Length > 0)
            {
                context.Summary.Append(taskDefinitionSummary.Text);
            }
        }
    }

    /// <summary>
    /// What both controllers share before their deploy: the task definition prepared (rendered, checked, diffed), registered
    /// unless unchanged, and the one-off task run. Returns the revision to deploy, or the exit code that ends the run.
    /// </summary>
    private async Task<(string? TaskDefinitionArn, int? Stopped, IReadOnlyList<DeployedImage> Images)> NewRevisionAsync(DeployInputs inputs, EcsService service, IStepSummary taskDefinitionSummary, Action<string> doing, CancellationToken cancellationToken)
    {
        doing("Preparing the task definition");
        var preparer = new TaskDefinitionPreparer(context.Aws.Ecs, context.Aws.Ecr, _log, taskDefinitionSummary, TaskDefinitionContext.ForWorkspace(context.Runner.Workspace));
        var prepared = await preparer.PrepareAsync(inputs.TaskDefinition, service, cancellationToken).ConfigureAwait(false);
        if (prepared.RenderedPath is not null)
        {
            context.Outputs.Set("rendered-task-definition", prepared.RenderedPath);
        }

        var taskDefinitionArn = prepared.ExistingArn;
        if (taskDefinitionArn is null)
        {
            doing("Registering the task definition");
            taskDefinitionArn = (await context.Aws.Ecs.RegisterTaskDefinitionAsync(prepared.RegisterRequest!, cancellationToken).ConfigureAwait(false)).Arn;
            _log.Info($"Registered task definition {taskDefinitionArn}");
        }

        context.Outputs.Set("task-definition-arn", taskDefinitionArn);
        if (inputs.RunTask.Enabled)
        {
            doing($"Running the one-off task of {taskDefinitionArn}");
            var target = new OneOffTaskTarget(inputs.Cluster, inputs.Region, taskDefinitionArn, TimeSpan.FromSeconds(inputs.PollIntervalSeconds), TimeSpan.FromMinutes(inputs.WaitForMinutes))
            {
                ServiceNetwork = service.NetworkConfiguration?.AwsvpcConfiguration,
            };
            if (await new OneOffTask(context.Aws.Ecs, _log, context.Outputs, context.Time).RunAsync(inputs.RunTask, target, cancellationToken).ConfigureAwait(false) is { } stopped)
            {
                return (null, stopped, prepared.Images);
            }
        }

        return (taskDefinitionArn, null, prepared.Images);
    }

    /// <summary>The AppSpec of this deployment, from the file or generated from the service; printed in a group.</summary>
    private AppSpecContent AppSpecFor(DeployInputs inputs, EcsService service, string taskDefinitionArn)
    {
        var appSpec = inputs.AppSpecFile?.DeepClone().AsObject() ?? AppSpec.Generate(service, taskDefinitionArn, inputs.Hooks);
        AppSpec.SetTaskDefinition(appSpec, taskDefinitionArn);
        var content = AppSpec.ToContent(appSpec);
        using (_log.Group(inputs.AppSpecFile is null ? "AppSpec (generated from the service)" : $"AppSpec from {Path.GetRelativePath(context.Runner.Workspace, inputs.AppSpecPath)}"))
        {
            _log.Untrusted(content.Content!);
        }

        return content;
    }
}
