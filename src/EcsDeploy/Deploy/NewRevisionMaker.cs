using EcsDeploy.Aws.Ecs;
using EcsDeploy.RunTask;
using EcsDeploy.Runtime;
using EcsDeploy.TaskDefinitions;

namespace EcsDeploy.Deploy;

/// <summary>The task definition being prepared while the checks before it run; what it logs and summarizes is held back until the deploy takes it.</summary>
internal sealed record HeldPreparation(Task<PreparedTaskDefinition> Prepared, BufferedJobLog Log, StepSummaryFile Summary, TaskDefinitionPreparer Preparer);

/// <summary>
/// What both controllers share before their deploy: the task definition prepared (rendered, checked, diffed), registered
/// unless unchanged, and the one-off task run. Preparing only reads, so it starts beside the controller's checks; the
/// rest writes, so it waits until they pass.
/// </summary>
internal sealed class NewRevisionMaker(DeployContext context, DeployInputs inputs, IStepSummary taskDefinitionSummary)
{
    private readonly IJobLog _log = context.Log;

    /// <summary>Starts preparing the task definition for <paramref name="service"/> among <paramref name="reads"/>; nothing reaches the log, summary, outputs or files yet.</summary>
    public HeldPreparation Prepare(EcsService service, ConcurrentReads reads)
    {
        ArgumentNullException.ThrowIfNull(reads);
        var (log, summary) = (new BufferedJobLog(), new StepSummaryFile(null));
        var preparer = new TaskDefinitionPreparer(context.Aws.Ecs, context.Aws.Ecr, log, summary, TaskDefinitionContext.ForWorkspace(context.Runner.Workspace));
        return new HeldPreparation(reads.Start(ct => preparer.PrepareAsync(inputs.TaskDefinition, service, ct)), log, summary, preparer);
    }

    /// <summary>
    /// Takes the preparation once the checks passed: its log lines and summary (also those of a preparation that failed,
    /// as they were printed before), the rendered file; then registers and runs the one-off task. Returns the revision to
    /// deploy, or the exit code that ends the run.
    /// </summary>
    public async Task<NewRevision> MakeAsync(HeldPreparation held, EcsService service, Action<string> doing, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(held);
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(doing);
        doing("Preparing the task definition");
        PreparedTaskDefinition prepared;
        try
        {
            prepared = await held.Prepared.ConfigureAwait(false);
        }
        finally
        {
            held.Log.FlushTo(_log);
            if (held.Summary.Text is { Length: > 0 } text)
            {
                taskDefinitionSummary.Append(text);
            }
        }

        prepared = held.Preparer.WriteRendered(prepared);
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
                return new NewRevision(null, stopped, prepared.Images);
            }
        }

        return new NewRevision(taskDefinitionArn, null, prepared.Images);
    }
}
