using EcsDeploy.Aws;
using EcsDeploy.Aws.CodeDeploy;
using EcsDeploy.Aws.Ecs;
using EcsDeploy.CodeDeploy;

namespace EcsDeploy.Deploy;

/// <summary>The service and the deployment group, checked before anything is registered so a typo never leaves a stray revision.</summary>
public static class DeployPreflight
{
    /// <summary>The service and group, or one line that says what is wrong and what to do.</summary>
    public static async Task<(EcsService? Service, DeploymentGroupInfo? Group, string? Problem)> CheckAsync(
        DeployInputs inputs, IEcsApi ecs, ICodeDeployApi codeDeploy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(ecs);
        ArgumentNullException.ThrowIfNull(codeDeploy);
        var where = $"cluster '{inputs.Cluster}' ({inputs.Region})";
        var service = await ecs.DescribeServiceAsync(inputs.Cluster, inputs.Service, cancellationToken).ConfigureAwait(false);
        if (service is null)
        {
            return (null, null, $"Service '{inputs.Service}' was not found in {where}; check the 'service', 'cluster' and 'region' inputs.");
        }

        if (service.Status != "ACTIVE")
        {
            return (service, null, $"Service '{inputs.Service}' in {where} is {service.Status}; deploy to an active service or recreate it.");
        }

        var controller = service.DeploymentController?.Type ?? "ECS";
        if (controller != "CODE_DEPLOY")
        {
            return (service, null, $"Service '{inputs.Service}' uses the {controller} deployment controller; this action deploys blue/green through CodeDeploy, so create the service with deploymentController CODE_DEPLOY.");
        }

        DeploymentGroupInfo group;
        try
        {
            group = await codeDeploy.GetDeploymentGroupAsync(inputs.Application, inputs.DeploymentGroup, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException e) when (e.ErrorCode == "ApplicationDoesNotExistException")
        {
            return (service, null, $"CodeDeploy application '{inputs.Application}' does not exist in {inputs.Region}; create it or set 'codedeploy-application'.");
        }
        catch (AwsServiceException e) when (e.ErrorCode == "DeploymentGroupDoesNotExistException")
        {
            return (service, null, $"CodeDeploy deployment group '{inputs.DeploymentGroup}' does not exist in application '{inputs.Application}'; create it or set 'codedeploy-deployment-group'.");
        }

        if (inputs.WaitUntil == WaitUntil.Ready
            && group.BlueGreenDeploymentConfiguration?.DeploymentReadyOption?.ActionOnTimeout != "STOP_DEPLOYMENT")
        {
            return (service, group, $"Input 'wait-until' value 'ready' needs deployment group '{inputs.DeploymentGroup}' to wait before rerouting traffic (deploymentReadyOption actionOnTimeout STOP_DEPLOYMENT); change the group or use wait-until: deployed.");
        }

        if (inputs.AppSpecFile is null && AppSpec.GenerationProblem(service) is { } problem)
        {
            return (service, group, problem);
        }

        return (service, group, null);
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
