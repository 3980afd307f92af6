using System.Text.Json.Nodes;
using EcsDeploy.Sandbox.State;

namespace EcsDeploy.Sandbox.Ecs;

/// <summary>Renders a service the way DescribeServices answers it.</summary>
public static class EcsServiceView
{
    public static JsonObject Render(ServiceState service, DateTimeOffset now, World? world = null)
    {
        ArgumentNullException.ThrowIfNull(service);
        if (world is not null && service.DeploymentController == "ECS" && service.ActiveRevisionArns.Count > 0)
        {
            return EcsControllerServiceView.Render(world, service, now);
        }

        var createdAt = Seconds(service.CreatedAt);
        var running = service.TaskSets.Count > 0 ? service.TaskSets.Sum(t => t.RunningCount) : service.DesiredCount;
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
            ["pendingCount"] = 0,
            ["taskDefinition"] = service.TaskDefinitionArn,
            ["deploymentController"] = new JsonObject { ["type"] = service.DeploymentController },
            ["taskSets"] = new JsonArray([.. service.TaskSets.Select(t => (JsonNode)RenderTaskSet(service, t, createdAt, now))]),
            ["deployments"] = service.DeploymentController == "CODE_DEPLOY" ? new JsonArray() : Deployments(service, createdAt),
            ["events"] = new JsonArray(),
            ["createdAt"] = createdAt,
            ["placementConstraints"] = new JsonArray(),
            ["placementStrategy"] = new JsonArray(),
            ["schedulingStrategy"] = "REPLICA",
            ["enableECSManagedTags"] = false,
            ["propagateTags"] = "NONE",
            ["enableExecuteCommand"] = false,
        };
        AddPlacement(result, service);
        if (service.NetworkConfiguration is not null)
        {
            result["networkConfiguration"] = service.NetworkConfiguration.DeepClone();
        }

        return result;
    }

    private static JsonObject RenderTaskSet(ServiceState service, TaskSetState set, double createdAt, DateTimeOffset now)
    {
        var result = new JsonObject
        {
            ["id"] = set.Id,
            ["taskSetArn"] = set.Arn,
            ["serviceArn"] = service.Arn,
            ["clusterArn"] = service.ClusterArn,
            ["startedBy"] = "CodeDeploy",
            ["status"] = set.Status,
            ["taskDefinition"] = set.TaskDefinitionArn,
            ["computedDesiredCount"] = (int)Math.Ceiling(service.DesiredCount * set.ScalePercent / 100),
            ["pendingCount"] = 0,
            ["runningCount"] = set.RunningCount,
            ["createdAt"] = createdAt,
            ["updatedAt"] = Seconds(now),
            ["loadBalancers"] = service.LoadBalancers.DeepClone(),
            ["serviceRegistries"] = new JsonArray(),
            ["scale"] = new JsonObject { ["value"] = set.ScalePercent, ["unit"] = "PERCENT" },
            ["stabilityStatus"] = "STEADY_STATE",
            ["stabilityStatusAt"] = Seconds(now),
            ["tags"] = new JsonArray(),
        };
        AddPlacement(result, service);
        if (service.NetworkConfiguration is not null)
        {
            result["networkConfiguration"] = service.NetworkConfiguration.DeepClone();
        }

        return result;
    }

    private static JsonArray Deployments(ServiceState service, double createdAt) =>
    [
        new JsonObject
        {
            ["id"] = "ecs-svc/" + StableIds.Digits(service.Arn + service.TaskDefinitionArn),
            ["status"] = "PRIMARY",
            ["taskDefinition"] = service.TaskDefinitionArn,
            ["desiredCount"] = service.DesiredCount,
            ["pendingCount"] = 0,
            ["runningCount"] = service.DesiredCount,
            ["failedTasks"] = 0,
            ["createdAt"] = createdAt,
            ["updatedAt"] = createdAt,
            ["rolloutState"] = "COMPLETED",
            ["rolloutStateReason"] = "ECS deployment completed.",
        },
    ];

    internal static void AddPlacement(JsonObject target, ServiceState service)
    {
        if (service.CapacityProviderStrategy is { Count: > 0 } strategy)
        {
            target["capacityProviderStrategy"] = strategy.DeepClone();
        }
        else if (service.LaunchType is not null)
        {
            target["launchType"] = service.LaunchType;
        }

        if (service.PlatformVersion is not null)
        {
            target["platformVersion"] = service.PlatformVersion;
        }
    }

    private static double Seconds(DateTimeOffset time) => time.ToUnixTimeMilliseconds() / 1000.0;
}
