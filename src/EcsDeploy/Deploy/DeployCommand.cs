using EcsDeploy.Aws;
using EcsDeploy.CodeDeploy;
using EcsDeploy.EcsController;
using EcsDeploy.Reporting;
using EcsDeploy.Runtime;
using EcsDeploy.TaskDefinitions;

namespace EcsDeploy.Deploy;

/// <summary>The services a deploy uses.</summary>
public sealed record DeployContext(IJobLog Log, IActionOutputs Outputs, IStepSummary Summary, TimeProvider Time, ActionApis Aws, ActionEnvironment Runner);

/// <summary>What a deploy brings to its controller: the revision to deploy, or the exit code the one-off task ended the run with, and the images.</summary>
public sealed record NewRevision(string? TaskDefinitionArn, int? Stopped, IReadOnlyList<DeployedImage> Images);

/// <summary>
/// The deploy, top to bottom: describe the service, let its deployment controller choose the path once (ECS in
/// EcsController/, CODE_DEPLOY in CodeDeploy/), and give that path what both share: the new revision, prepared,
/// registered and with its one-off task run.
/// </summary>
public sealed class DeployCommand(DeployContext context)
{
    private readonly IJobLog _log = context.Log;

    public async Task<int> RunAsync(DeployInputs inputs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var doing = $"Describing service '{inputs.Service}'";
        // The task definition diff goes into the step summary after the outcome, which readers look for first.
        var taskDefinitionSummary = new StepSummaryFile(null);
        // Endings of a run that ends before either controller's deployment exists.
        var endings = new DeployEndings(context, inputs, new DeploymentWatcher(context.Aws.CodeDeploy, context.Log, context.Time));
        foreach (var warning in inputs.Warnings)
        {
            _log.Warning(warning, new AnnotationProperties("Input has no effect"));
        }

        try
        {
            // The service's deployment controller chooses the path, once: ECS here, CODE_DEPLOY in CodeDeploy/.
            var (service, problem) = await DeployPreflight.DescribeServiceAsync(inputs, context.Aws.Ecs, cancellationToken).ConfigureAwait(false);
            if (problem is not null)
            {
                _log.Error(problem, new AnnotationProperties("Deployment not started"));
                return ExitCodes.SetupFailed;
            }

            var newRevision = new NewRevisionMaker(context, inputs, taskDefinitionSummary);
            if (DeployPreflight.ControllerOf(service!) == "ECS")
            {
                var ecsPath = new EcsDeployment(context, inputs, service!);
                NewRevision revision;
                var reads = new ConcurrentReads(cancellationToken);
                await using (reads.ConfigureAwait(false))
                {
                    var (refused, held) = await ecsPath.CheckAsync(() => newRevision.Prepare(service!, reads), reads).ConfigureAwait(false);
                    if (refused is not null)
                    {
                        return refused.Value;
                    }

                    _log.Info(ecsPath.Header(DeployHeader.What(inputs.TaskDefinition, service!, context.Runner.Workspace)));
                    revision = await newRevision.MakeAsync(held!, service!, d => doing = d, cancellationToken).ConfigureAwait(false);
                }

                return revision.Stopped ?? await ecsPath.DeployAsync(revision.TaskDefinitionArn!, cancellationToken).ConfigureAwait(false);
            }

            return await new CodeDeployDeployment(context, inputs).RunAsync(service!, newRevision, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return await endings.CancelledAsync(null, null).ConfigureAwait(false);
        }
        catch (TaskDefinitionException e)
        {
            return endings.TaskDefinitionRejected(e);
        }
        catch (AwsServiceException e)
        {
            return endings.AwsCallFailed(doing, e, null, null);
        }
        finally
        {
            if (taskDefinitionSummary.Text.Length > 0)
            {
                context.Summary.Append(taskDefinitionSummary.Text);
            }
        }
    }
}
