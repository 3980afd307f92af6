using EcsDeploy.Aws;
using EcsDeploy.Aws.Ecs;
using EcsDeploy.Deploy;
using EcsDeploy.Runtime;

namespace EcsDeploy.Operations;

/// <summary>What the service's deployment controller decides for an operation: an exit code already, or the ECS path with the service.</summary>
public sealed record ControllerChoice(int? ExitCode, EcsService? EcsService);

/// <summary>Chooses an operation's path once, by the service's deployment controller (DescribeServices).</summary>
public static class ControllerDispatch
{
    /// <summary>
    /// Null for the CodeDeploy path: no service named (the application and group are enough there), a CODE_DEPLOY
    /// service, or a service ECS does not know (the CodeDeploy path reports that as before). Otherwise the ECS
    /// path, or the exit code of a one-line error (EXTERNAL controller, DescribeServices refused).
    /// </summary>
    public static async Task<ControllerChoice?> ChooseAsync(OperationInputs inputs, ActionApis apis, IJobLog log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(apis);
        ArgumentNullException.ThrowIfNull(log);
        var target = inputs.Target;
        if (target.Service.Length == 0)
        {
            return null;
        }

        var title = new AnnotationProperties($"{CommandInputs.Name(inputs.Command)} failed");
        EcsService? service;
        try
        {
            service = await apis.Ecs.DescribeServiceAsync(target.Cluster, target.Service, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException e)
        {
            log.Error($"Reading service '{target.Service}' in cluster '{target.Cluster}' failed ({e.ErrorCode}): {e.AwsMessage.ReplaceLineEndings(" ")} Check the 'cluster' and 'service' inputs and the role's ecs:DescribeServices permission.", title);
            return new ControllerChoice(ExitCodes.SetupFailed, null);
        }

        if (service is null || !string.Equals(service.Status, "ACTIVE", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        switch (service.DeploymentController?.Type ?? "ECS")
        {
            case "ECS":
                return new ControllerChoice(null, service);
            case "EXTERNAL":
                log.Error($"Service '{target.Service}' in cluster '{target.Cluster}' uses the EXTERNAL deployment controller, which this action does not operate; use the tool that manages its task sets.", title);
                return new ControllerChoice(ExitCodes.SetupFailed, null);
            default:
                return null;
        }
    }
}
