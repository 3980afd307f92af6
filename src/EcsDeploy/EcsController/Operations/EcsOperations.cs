using EcsDeploy.Aws;
using EcsDeploy.Deploy;
using EcsDeploy.Operations;
using EcsDeploy.Runtime;

namespace EcsDeploy.EcsController.Operations;

/// <summary>Runs rollback, stop, continue or status on a service with the ECS deployment controller.</summary>
public static class EcsOperations
{
    /// <summary>
    /// The inputs the ECS path refuses, each as one line, before any call that changes something: the CodeDeploy
    /// deployment settings mean nothing to ECS, and ECS stops a service deployment only with rollback.
    /// </summary>
    public static IReadOnlyList<string> InputProblems(OperationInputs inputs, string service)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var problems = new List<string>();
        var why = $"service '{service}' uses the ECS deployment controller, which has no CodeDeploy deployment; remove it from this step";
        if (inputs.Command == OperationCommand.Rollback && inputs.DeploymentConfig is { } config)
        {
            problems.Add($"Input 'codedeploy-deployment-config' value '{config}' does not apply: {why}.");
        }

        if (inputs.Command == OperationCommand.Rollback && inputs.Description is { } description)
        {
            problems.Add($"Input 'codedeploy-deployment-description' value '{description}' does not apply: {why}.");
        }

        if (inputs.Command == OperationCommand.Stop && !inputs.RollbackOnStop)
        {
            problems.Add($"Input '{CommandInputs.RollbackOnStopInput}' value 'false' does not apply: service '{service}' uses the ECS deployment controller, " +
                         "which stops a service deployment only with rollback (StopServiceDeployment ROLLBACK); remove it from this step.");
        }

        return problems;
    }

    /// <summary>Runs the command in <see cref="EcsOperationContext.Inputs"/>; returns the exit code (failures are logged as one line).</summary>
    public static async Task<int> RunAsync(EcsOperationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var name = CommandInputs.Name(context.Inputs.Command);
        try
        {
            return context.Inputs.Command switch
            {
                OperationCommand.Rollback => await EcsRollback.RunAsync(context, cancellationToken).ConfigureAwait(false),
                OperationCommand.Stop => await EcsStop.RunAsync(context, cancellationToken).ConfigureAwait(false),
                OperationCommand.Continue => await EcsContinue.RunAsync(context, cancellationToken).ConfigureAwait(false),
                OperationCommand.Status => await EcsStatusCommand.RunAsync(context, cancellationToken).ConfigureAwait(false),
                _ => throw new ArgumentException($"Command '{name}' is not an operation.", nameof(context)),
            };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Rollback and continue stop their own deployment (EcsFollowing); what is followed here is a rollback.
            context.Log.Error(CancelledMessage(context), new AnnotationProperties($"{name} cancelled"));
            return ExitCodes.Cancelled;
        }
        catch (OperationFailedException e)
        {
            context.Log.Error(e.Message, new AnnotationProperties($"{name} failed"));
            return e.ExitCode;
        }
        catch (AwsServiceException e)
        {
            context.Log.Error($"Command '{name}' on {context.ServiceName} failed: {e.Service}:{e.Operation} ({e.ErrorCode}): {e.AwsMessage.ReplaceLineEndings(" ")}",
                new AnnotationProperties($"{name} failed"));
            context.Log.Debug(e.ToString());
            return ExitCodes.SetupFailed;
        }
    }

    /// <summary>
    /// The line for a run cancelled while following a rollback or a deployment this step did not start. Neither is
    /// stopped: a rollback stopped halfway leaves the service between revisions.
    /// </summary>
    public static string CancelledMessage(EcsOperationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Inputs.Command == OperationCommand.Status ? "The run was cancelled; command 'status' changes nothing."
            : context.Following is { } arn
                ? $"The run was cancelled while following service deployment {EcsOperationContext.ShortId(arn)}; it is left to finish in ECS: {context.WhereToWatch(arn)}."
                : $"The run was cancelled before this step followed a service deployment; check {context.ServiceName} with command 'status'.";
    }
}
