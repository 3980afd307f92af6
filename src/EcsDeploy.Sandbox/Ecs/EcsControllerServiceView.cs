using System.Text.Json.Nodes;
using EcsDeploy.Sandbox.EcsDeployments;
using EcsDeploy.Sandbox.State;

namespace EcsDeploy.Sandbox.Ecs;

/// <summary>Renders a service with the ECS deployment controller: deployments[], events, deployment configuration and revisions.</summary>
internal static class EcsControllerServiceView
{
    public static JsonObject Render(World world, ServiceState service, DateTimeOffset now)
    {
        var alive = ServiceTasks.Alive(service, now);
        var running = alive.Count(t => t.IsRunningAt(now));
        var result = new JsonObject
        {
            ["serviceArn"] = service.Arn,
            ["serviceName"] = service.Name,
            ["clusterArn"] = service.ClusterArn,
            ["loadBalancers"] = service.LoadBalancers.DeepClone(),
            ["serviceRegistries"] = new JsonArray(),
            ["status"] = service.Status,
            ["desiredCount"] = service.DesiredCount,
            ["runningCount"] = running,
            ["pendingCount"] = alive.Count - running,
            ["taskDefinition"] = service.TaskDefinitionArn,
            ["deploymentConfiguration"] = service.DeploymentConfiguration.DeepClone(),
            ["deployments"] = ServiceDeploymentViews.ServiceDeployments(world, service, now),
            ["events"] = ServiceDeploymentViews.Events(service),
            ["createdAt"] = ServiceDeploymentViews.Seconds(service.CreatedAt),
        };
        if (service.CurrentServiceDeploymentArn is { } current)
        {
            result["currentServiceDeployment"] = current;
        }

        result["currentServiceRevisions"] = ServiceDeploymentViews.CurrentRevisions(world, service, now);
        result["placementConstraints"] = new JsonArray();
        result["placementStrategy"] = new JsonArray();
        result["schedulingStrategy"] = "REPLICA";
        result["deploymentController"] = new JsonObject { ["type"] = service.DeploymentController };
        result["createdBy"] = $"arn:aws:iam::{world.AccountId}:role/sandbox";
        result["enableECSManagedTags"] = service.EnableEcsManagedTags;
        result["propagateTags"] = service.PropagateTags;
        result["enableExecuteCommand"] = false;
        result["availabilityZoneRebalancing"] = "ENABLED";
        EcsServiceView.AddPlacement(result, service);
        if (service.NetworkConfiguration is not null)
        {
            result["networkConfiguration"] = service.NetworkConfiguration.DeepClone();
        }

        return result;
    }
}
