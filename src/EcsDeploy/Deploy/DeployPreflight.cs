using EcsDeploy.Aws;
using EcsDeploy.Aws.CodeDeploy;
using EcsDeploy.Aws.Ecs;
using EcsDeploy.CodeDeploy;

namespace EcsDeploy.Deploy;

/// <summary>The service and the deployment group, checked before anything is registered so a typo never leaves a stray revision.</summary>
public static class DeployPreflight
{
    /// <summary>
    /// DescribeServices, the one call that chooses the path: the active service, or one line naming the input to fix
    /// (a missing service or cluster, an inactive service, the EXTERNAL controller, or the call that failed).
    /// </summary>
    public static async Task<(EcsService? Service, string? Problem)> DescribeServiceAsync(DeployInputs inputs, IEcsApi ecs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(ecs);
        var where = $"cluster '{inputs.Cluster}' ({inputs.Region})";
        EcsService? service;
        try
        {
            service = await ecs.DescribeServiceAsync(inputs.Cluster, inputs.Service, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException e) when (e.ErrorCode == "ClusterNotFoundException")
        {
            return (null, $"Cluster '{inputs.Cluster}' was not found in {inputs.Region}; check the 'cluster' and 'region' inputs.");
        }
        catch (AwsServiceException e)
        {
            return (null, $"Describing service '{inputs.Service}' in {where} (DescribeServices) failed ({e.ErrorCode}): {e.AwsMessage}");
        }

        if (service is null)
        {
            return (null, $"Service '{inputs.Service}' was not found in {where}; check the 'service', 'cluster' and 'region' inputs.");
        }

        if (service.Status != "ACTIVE")
        {
            return (service, $"Service '{inputs.Service}' in {where} is {service.Status}; deploy to an active service or recreate it.");
        }

        if (ControllerOf(service) is not ("CODE_DEPLOY" or "ECS") and var controller)
        {
            return (service, $"Service '{inputs.Service}' uses the {controller} deployment controller, whose deployments this action cannot run; deploy services with the ECS or CODE_DEPLOY controller.");
        }

        if (ControllerOf(service) == "CODE_DEPLOY" && inputs.WaitUntilInput is not ("deployed" or "traffic-shifted" or "ready"))
        {
            return (service, $"Input 'wait-until' value '{inputs.WaitUntilInput}' applies to services with the ECS deployment controller, but service '{inputs.Service}' deploys through CodeDeploy; use deployed, traffic-shifted or ready.");
        }

        return (service, null);
    }

    /// <summary>The service's deployment controller: ECS when none is set.</summary>
    public static string ControllerOf(EcsService service)
    {
        ArgumentNullException.ThrowIfNull(service);
        return service.DeploymentController?.Type ?? "ECS";
    }

    /// <summary>GetDeploymentGroup: the CodeDeploy group of a CODE_DEPLOY service, or one line that says what is wrong and what to do.</summary>
    public static async Task<(DeploymentGroupInfo? Group, string? Problem)> ReadGroupAsync(DeployInputs inputs, ICodeDeployApi codeDeploy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(codeDeploy);
        try
        {
            return (await codeDeploy.GetDeploymentGroupAsync(inputs.Application, inputs.DeploymentGroup, cancellationToken).ConfigureAwait(false), null);
        }
        catch (AwsServiceException e) when (e.ErrorCode == "ApplicationDoesNotExistException")
        {
            return (null, $"CodeDeploy application '{inputs.Application}' does not exist in {inputs.Region}; create it or set 'codedeploy-application'.");
        }
        catch (AwsServiceException e) when (e.ErrorCode == "DeploymentGroupDoesNotExistException")
        {
            return (null, $"CodeDeploy deployment group '{inputs.DeploymentGroup}' does not exist in application '{inputs.Application}'; create it or set 'codedeploy-deployment-group'.");
        }
    }

    /// <summary>Whether <paramref name="group"/> and <paramref name="service"/> fit the inputs: null, or one line that says what is wrong and what to do.</summary>
    public static string? CheckGroup(DeployInputs inputs, EcsService service, DeploymentGroupInfo group)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(group);
        if (inputs.WaitUntil == WaitUntil.Ready
            && group.BlueGreenDeploymentConfiguration?.DeploymentReadyOption?.ActionOnTimeout != "STOP_DEPLOYMENT")
        {
            return $"Input 'wait-until' value 'ready' needs deployment group '{inputs.DeploymentGroup}' to wait before rerouting traffic (deploymentReadyOption actionOnTimeout STOP_DEPLOYMENT); change the group or use wait-until: deployed.";
        }

        return inputs.AppSpecFile is null ? AppSpec.GenerationProblem(service) : null;
    }

    /// <summary>The watch limit: wait-for-minutes plus the group's ready and termination waits, at most 360 minutes.</summary>
    public static TimeSpan WatchTimeout(DeployInputs inputs, DeploymentGroupInfo group)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(group);
        var blueGreen = group.BlueGreenDeploymentConfiguration;
        var minutes = inputs.WaitForMinutes
            + (blueGreen?.DeploymentReadyOption?.WaitTimeInMinutes ?? 0)
            + (blueGreen?.TerminateBlueInstancesOnDeploymentSuccess?.TerminationWaitTimeInMinutes ?? 0);
        return TimeSpan.FromMinutes(Math.Min(minutes, 360));
    }
}
