using EcsDeploy.Aws;
using EcsDeploy.Aws.CodeDeploy;
using EcsDeploy.Aws.Ecs;
using EcsDeploy.Deploy;
using EcsDeploy.Operations;
using EcsDeploy.Runtime;
using EcsDeploy.TaskDefinitions;

namespace EcsDeploy.CodeDeploy;

/// <summary>
/// The CODE_DEPLOY path of a deploy: deployments in progress, the deployment group, the new revision (shared), the
/// AppSpec, one CreateDeployment (never twice after a lost answer), the watch, and how it ended.
/// </summary>
internal sealed class CodeDeployDeployment(DeployContext context, DeployInputs inputs)
{
    private readonly IJobLog _log = context.Log;
    private readonly DeploymentWatcher _watcher = new(context.Aws.CodeDeploy, context.Log, context.Time);

    /// <summary>Deploys to <paramref name="described"/>; <paramref name="newRevision"/> prepares, registers and runs the one-off task, as for every controller.</summary>
    public async Task<int> RunAsync(EcsService described, NewRevisionMaker newRevision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(newRevision);
        var doing = $"Describing service '{inputs.Service}'";
        var service = described;
        string? deploymentId = null;
        var state = (WatchState?)null;
        var endings = new DeployEndings(context, inputs, _watcher);
        try
        {
            foreach (var warning in inputs.CodeDeployWarnings)
            {
                _log.Warning(warning, new AnnotationProperties("Input has no effect"));
            }

            // The in-progress check, the deployment group and the new revision's reads start at once and are taken in
            // this order: a result is acted on (and printed) only when all before it passed; see ConcurrentReads.
            string taskDefinitionArn;
            DeploymentGroupInfo group;
            var reads = new ConcurrentReads(cancellationToken);
            await using (reads.ConfigureAwait(false))
            {
                var waited = false;
                var inProgress = reads.Start(ct => InProgressGuard.BeforeDeployAsync(inputs, context, ct, () => waited = true));
                var groupRead = reads.Start(ct => DeployPreflight.ReadGroupAsync(inputs, context.Aws.CodeDeploy, ct));
                var held = newRevision.Prepare(service, reads);
                doing = $"Checking for deployments in progress in '{inputs.Application}/{inputs.DeploymentGroup}' (ListDeployments)";
                if (await inProgress.ConfigureAwait(false) is { } blocked)
                {
                    return blocked;
                }

                if (waited)
                {
                    // The deployment waited for changed what the service runs, which the new revision starts from: what was
                    // read before the wait is read again after it, as when these reads only started after the check.
                    doing = $"Describing service '{inputs.Service}' (DescribeServices)";
                    service = await context.Aws.Ecs.DescribeServiceAsync(inputs.Cluster, inputs.Service, cancellationToken).ConfigureAwait(false) ?? service;
                    groupRead = reads.Start(ct => DeployPreflight.ReadGroupAsync(inputs, context.Aws.CodeDeploy, ct));
                    held = newRevision.Prepare(service, reads);
                }

                doing = $"Reading deployment group '{inputs.Application}/{inputs.DeploymentGroup}' (GetDeploymentGroup)";
                var (read, problem) = await groupRead.ConfigureAwait(false);
                if ((problem ?? DeployPreflight.CheckGroup(inputs, service, read!)) is { } refused)
                {
                    _log.Error(refused, new AnnotationProperties("Deployment not started"));
                    return ExitCodes.SetupFailed;
                }

                group = read!;
                _log.Info(DeployHeader.Describe(inputs, service, group, context.Runner.Workspace));
                var (arn, stoppedByTask, images) = await newRevision.MakeAsync(held, service, d => doing = d, cancellationToken).ConfigureAwait(false);
                endings.Images = images;
                endings.TaskDefinitionArn = arn;
                if (stoppedByTask is { } stopped)
                {
                    return stopped;
                }

                taskDefinitionArn = arn!;
            }

            var content = AppSpecFor(inputs, service, taskDefinitionArn);
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
            state = WatchState.Start(deploymentId, inputs.WaitUntil, group.BlueGreenDeploymentConfiguration?.TerminateBlueInstancesOnDeploymentSuccess?.TerminationWaitTimeInMinutes);

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
