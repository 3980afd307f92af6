using EcsDeploy.Sandbox.State;

namespace EcsDeploy.Sandbox.CodeDeploy;

/// <summary>The changes CodeDeploy makes to the ECS service's task sets, kept consistent with what ECS reports.</summary>
internal static class TaskSetOps
{
    public static ServiceState? FindService(World world, string cluster, string service) =>
        world.Clusters.TryGetValue(cluster, out var c) && c.Services.TryGetValue(service, out var s) ? s : null;

    public static TaskSetState? Find(ServiceState? service, string? id) =>
        id is null ? null : service?.TaskSets.Find(t => t.Id == id);

    /// <summary>The task set serving production traffic; created from the service's task definition when the service has none yet.</summary>
    public static TaskSetState EnsureBlue(World world, ServiceState service, DeploymentGroupState group)
    {
        var blue = service.TaskSets.Find(t => t.Status == "PRIMARY");
        if (blue is null)
        {
            blue = NewTaskSet(world, service, service.TaskDefinitionArn, "Blue", group.TargetGroups.FirstOrDefault());
            blue.Status = "PRIMARY";
            blue.TrafficWeight = 100;
            blue.RunningCount = service.DesiredCount;
            service.TaskSets.Add(blue);
        }

        // Task sets left behind by a deployment that failed without rollback are replaced by this one.
        service.TaskSets.RemoveAll(t => !ReferenceEquals(t, blue));
        blue.Label = "Blue";
        return blue;
    }

    /// <summary>The replacement task set: ACTIVE, no traffic, on the target group blue is not on.</summary>
    public static TaskSetState CreateGreen(World world, ServiceState service, DeploymentGroupState group, string taskDefinitionArn, TaskSetState? blue)
    {
        var groups = group.TargetGroups;
        var targetGroup = groups.Count switch
        {
            0 => null,
            1 => groups[0],
            _ => blue?.TargetGroupName == groups[1] ? groups[0] : groups[1],
        };
        var green = NewTaskSet(world, service, taskDefinitionArn, "Green", targetGroup);
        service.TaskSets.Add(green);
        return green;
    }

    /// <summary>Moves production traffic; whichever set holds all of it becomes PRIMARY.</summary>
    public static void SetWeights(TaskSetState? blue, TaskSetState? green, double greenWeight)
    {
        if (blue is not null)
        {
            blue.TrafficWeight = 100 - greenWeight;
        }

        if (green is not null)
        {
            green.TrafficWeight = greenWeight;
        }

        if (greenWeight >= 100 && green is not null)
        {
            green.Status = "PRIMARY";
            if (blue is not null)
            {
                blue.Status = "ACTIVE";
            }
        }
        else if (greenWeight <= 0 && blue is not null)
        {
            blue.Status = "PRIMARY";
            if (green is not null)
            {
                green.Status = "ACTIVE";
            }
        }
    }

    /// <summary>Deletes a task set from the service; the object keeps its last values (drained) for the deployment's history.</summary>
    public static void Remove(ServiceState? service, TaskSetState? taskSet)
    {
        if (taskSet is null)
        {
            return;
        }

        service?.TaskSets.Remove(taskSet);
        taskSet.Status = "DRAINING";
        taskSet.TrafficWeight = 0;
        taskSet.RunningCount = 0;
        taskSet.ScalePercent = 0;
    }

    private static TaskSetState NewTaskSet(World world, ServiceState service, string taskDefinitionArn, string label, string? targetGroup)
    {
        var id = CodeDeployIds.NextTaskSetId(world);
        var clusterName = service.ClusterArn[(service.ClusterArn.LastIndexOf('/') + 1)..];
        return new TaskSetState
        {
            Id = id,
            Arn = $"arn:aws:ecs:{world.Region}:{world.AccountId}:task-set/{clusterName}/{service.Name}/{id}",
            TaskDefinitionArn = taskDefinitionArn,
            Label = label,
            Status = "ACTIVE",
            ScalePercent = 100,
            TrafficWeight = 0,
            TargetGroupName = targetGroup,
            RunningCount = 0,
        };
    }
}
