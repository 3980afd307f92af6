using System.Text.Json.Nodes;
using EcsDeploy.Sandbox.Ecs;
using EcsDeploy.Sandbox.State;
using static EcsDeploy.Sandbox.EcsDeployments.DeploymentTimings;

namespace EcsDeploy.Sandbox.EcsDeployments;

/// <summary>Renders a service's task as DescribeTasks answers it, as of the simulated now.</summary>
internal static class ServiceTaskView
{
    public static string DesiredStatus(ServiceTaskState task, DateTimeOffset now) => task.IsStoppedAt(now) ? "STOPPED" : "RUNNING";

    public static JsonObject Render(World world, ServiceState service, ServiceTaskState task, DateTimeOffset now)
    {
        var definition = TaskDefinitionRegistry.Find(world, task.TaskDefinitionArn)?.Definition;
        var stopped = task.IsStoppedAt(now);
        var running = task.IsRunningAt(now);
        var status = stopped ? "STOPPED" : running ? "RUNNING" : now - task.CreatedAt < TaskProvisioning ? "PROVISIONING" : "PENDING";
        var result = new JsonObject
        {
            ["taskArn"] = task.Arn,
            ["clusterArn"] = service.ClusterArn,
            ["taskDefinitionArn"] = task.TaskDefinitionArn,
            ["createdAt"] = ServiceDeploymentViews.Seconds(task.CreatedAt),
            ["group"] = "service:" + service.Name,
            ["startedBy"] = task.StartedBy,
            ["lastStatus"] = status,
            ["desiredStatus"] = DesiredStatus(task, now),
            ["version"] = status switch { "PROVISIONING" => 1, "PENDING" => 2, "RUNNING" => 3, _ => 4 },
            ["cpu"] = (string?)definition?["cpu"],
            ["memory"] = (string?)definition?["memory"],
            ["availabilityZone"] = world.Region + "a",
        };
        if (service.CapacityProviderStrategy is { Count: > 0 } strategy)
        {
            result["capacityProviderName"] = (string?)strategy[0]?["capacityProvider"];
        }
        else
        {
            result["launchType"] = service.LaunchType ?? "FARGATE";
        }

        if (service.PlatformVersion is not null)
        {
            result["platformVersion"] = service.PlatformVersion;
            result["platformFamily"] = "Linux";
        }

        var ran = task.RunningAt is { } r && r <= now;
        if (now - task.CreatedAt >= TaskProvisioning)
        {
            result["pullStartedAt"] = ServiceDeploymentViews.Seconds(task.CreatedAt + TaskProvisioning);
        }

        if (ran)
        {
            result["pullStoppedAt"] = ServiceDeploymentViews.Seconds(task.RunningAt!.Value - TimeSpan.FromSeconds(2));
            result["startedAt"] = ServiceDeploymentViews.Seconds(task.RunningAt!.Value);
            result["healthStatus"] = task.Failed && task.StopCode == "ServiceSchedulerInitiated" ? "UNHEALTHY" : "HEALTHY";
        }
        else
        {
            result["healthStatus"] = "UNKNOWN";
        }

        var containers = new JsonArray();
        var first = true;
        foreach (var container in (definition?["containerDefinitions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var view = new JsonObject
            {
                ["taskArn"] = task.Arn,
                ["name"] = (string?)container["name"],
                ["image"] = (string?)container["image"],
                ["lastStatus"] = stopped ? "STOPPED" : running ? "RUNNING" : "PENDING",
            };
            if (stopped && ran)
            {
                // The essential (first) container exits as the scenario says; the others stop with the task.
                view["exitCode"] = first ? task.ExitCode ?? 0 : 0;
                if (first && task.ContainerReason is { } reason)
                {
                    view["reason"] = reason;
                }
            }
            else if (stopped && first && task.StopCode == "TaskFailedToStart")
            {
                view["reason"] = task.StoppedReason;
            }

            containers.Add(view);
            first = false;
        }

        result["containers"] = containers;
        if (stopped)
        {
            result["stopCode"] = task.StopCode;
            result["stoppedReason"] = task.StoppedReason;
            result["stoppingAt"] = ServiceDeploymentViews.Seconds(task.StoppedAt!.Value);
            result["executionStoppedAt"] = ServiceDeploymentViews.Seconds(task.StoppedAt!.Value);
            result["stoppedAt"] = ServiceDeploymentViews.Seconds(task.StoppedAt!.Value + TimeSpan.FromSeconds(1));
        }

        return result;
    }
}
