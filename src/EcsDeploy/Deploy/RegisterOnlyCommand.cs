using EcsDeploy.Aws;
using EcsDeploy.CodeDeploy;
using EcsDeploy.RunTask;
using EcsDeploy.Runtime;
using EcsDeploy.TaskDefinitions;

namespace EcsDeploy.Deploy;

/// <summary>
/// A step without `service`, as aws-actions/amazon-ecs-deploy-task-definition runs it: register the task definition,
/// run the one-off task when asked, set the outputs and end; no deployment group is read and nothing is deployed.
/// </summary>
public sealed class RegisterOnlyCommand(DeployContext context)
{
    private readonly IJobLog _log = context.Log;

    /// <summary>Runs the step; returns the exit code (see <see cref="ExitCodes"/>).</summary>
    public async Task<int> RunAsync(DeployInputs inputs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        foreach (var warning in inputs.Warnings)
        {
            _log.Warning(warning, new AnnotationProperties("Input has no effect"));
        }

        _log.Notice("No 'service' was given, so the task definition is only registered and nothing is deployed (as in aws-actions/amazon-ecs-deploy-task-definition).",
            new AnnotationProperties("Nothing deployed"));
        var endings = new DeployEndings(context, inputs, new DeploymentWatcher(context.Aws.CodeDeploy, _log, context.Time));
        var doing = "Preparing the task definition";
        try
        {
            var preparer = new TaskDefinitionPreparer(context.Aws.Ecs, context.Aws.Ecr, _log, context.Summary, TaskDefinitionContext.ForWorkspace(context.Runner.Workspace));
            var prepared = preparer.WriteRendered(await preparer.PrepareAsync(inputs.TaskDefinition, null, cancellationToken).ConfigureAwait(false));
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
                var target = new OneOffTaskTarget(inputs.Cluster, inputs.Region, taskDefinitionArn, TimeSpan.FromSeconds(inputs.PollIntervalSeconds), TimeSpan.FromMinutes(inputs.WaitForMinutes));
                if (await new OneOffTask(context.Aws.Ecs, _log, context.Outputs, context.Time).RunAsync(inputs.RunTask, target, cancellationToken).ConfigureAwait(false) is { } stopped)
                {
                    return stopped;
                }
            }

            _log.Info($"Done: {taskDefinitionArn} is registered; no service was given, so nothing was deployed.");
            context.Summary.Append($"### Task definition registered\n\n{Markdown.Code(taskDefinitionArn)} is registered. No service was given, so nothing was deployed.\n");
            return ExitCodes.Succeeded;
        }
        catch (TaskDefinitionException e)
        {
            return endings.TaskDefinitionRejected(e);
        }
        catch (AwsServiceException e)
        {
            return endings.AwsCallFailed(doing, e, null, null);
        }
    }
}
