using EcsDeploy.Aws;
using EcsDeploy.Deploy;
using EcsDeploy.Runtime;

namespace EcsDeploy.Operations;

/// <summary>Runs rollback, stop, continue or status; the entry point calls this for every command but deploy.</summary>
public static class OperationCommands
{
    /// <summary>Runs the command in <see cref="OperationContext.Inputs"/>; returns the exit code (failures are logged as one line).</summary>
    public static async Task<int> RunAsync(OperationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            return context.Inputs.Command switch
            {
                OperationCommand.Rollback => await RollbackCommand.RunAsync(context, cancellationToken).ConfigureAwait(false),
                OperationCommand.Stop => await StopCommand.RunAsync(context, cancellationToken).ConfigureAwait(false),
                OperationCommand.Continue => await ContinueCommand.RunAsync(context, cancellationToken).ConfigureAwait(false),
                OperationCommand.Status => await StatusCommand.RunAsync(context, cancellationToken).ConfigureAwait(false),
                _ => throw new ArgumentException($"Command '{CommandInputs.Name(context.Inputs.Command)}' is not an operation.", nameof(context)),
            };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Rollback and continue stop their own deployment (OwnedDeployment); what is followed here is a rollback or not ours.
            context.Log.Error(context.CancelledMessage(), new AnnotationProperties($"{CommandInputs.Name(context.Inputs.Command)} cancelled"));
            return ExitCodes.Cancelled;
        }
        catch (OperationFailedException e)
        {
            context.Log.Error(e.Message, new AnnotationProperties($"{CommandInputs.Name(context.Inputs.Command)} failed"));
            return e.ExitCode;
        }
        catch (AwsServiceException e)
        {
            // Translated once, here: what was being done, the AWS code and message.
            var message = ActiveDeployment.IsLimitExceeded(e)
                ? ActiveDeployment.LimitExceededMessage(e, context.Target)
                : $"Operation '{CommandInputs.Name(context.Inputs.Command)}' on group '{context.Target.GroupName}' failed: {e.Service}:{e.Operation} ({e.ErrorCode}): {e.AwsMessage.ReplaceLineEndings(" ")}";
            context.Log.Error(message, new AnnotationProperties($"{CommandInputs.Name(context.Inputs.Command)} failed"));
            context.Log.Debug(e.ToString());
            return ExitCodes.SetupFailed;
        }
    }
}
