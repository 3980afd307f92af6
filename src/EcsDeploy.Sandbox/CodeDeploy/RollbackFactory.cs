using System.Globalization;
using EcsDeploy.Sandbox.State;

namespace EcsDeploy.Sandbox.CodeDeploy;

/// <summary>Creates the deployment CodeDeploy starts by itself to undo a failed or stopped one.</summary>
internal static class RollbackFactory
{
    public static DeploymentState Start(World world, DeploymentState failed, DeploymentRun failedRun, DateTimeOffset at, string errorCode)
    {
        var id = CodeDeployIds.NextDeploymentId(world);
        var content = PreviousAppSpec(world, failed, failedRun);
        var rollback = new DeploymentState
        {
            Id = id,
            ApplicationName = failed.ApplicationName,
            GroupName = failed.GroupName,
            ConfigName = TrafficPlan.Rollback.ConfigName,
            Creator = "codeDeployRollback",
            AppSpecContent = content,
            TaskDefinitionArn = failed.PreviousTaskDefinitionArn,
            PreviousTaskDefinitionArn = failed.TaskDefinitionArn,
            CreateTime = at,
            RollbackTriggeringDeploymentId = failed.Id,
            RollbackMessage = string.Create(CultureInfo.InvariantCulture,
                $"Automatic rollback of deployment {failed.Id} ({errorCode}): traffic returns to the original task set."),
        };
        rollback.Engine[DeploymentRun.Key] = new DeploymentRun
        {
            IsRollback = true,
            AppSpec = AppSpecReader.Read(content),
            Plan = TrafficPlan.Rollback,
            Stages = LifecycleStages.RollbackStages(),
            AutoRollbackEnabled = false,
            AutoRollbackEvents = [],
            ClusterName = failedRun.ClusterName,
            ServiceName = failedRun.ServiceName,
            Blue = failedRun.Blue,
            Green = failedRun.Green,
        };
        world.Deployments.Add(id, rollback);
        failed.RollbackDeploymentId = id;
        return rollback;
    }

    /// <summary>The AppSpec that deployed the blue task definition, or one written for it when no deployment did.</summary>
    private static string PreviousAppSpec(World world, DeploymentState failed, DeploymentRun run)
    {
        var previous = world.Deployments.Values.LastOrDefault(x =>
            x.Status == "Succeeded" && x.GroupName == failed.GroupName && x.ApplicationName == failed.ApplicationName
            && x.TaskDefinitionArn == failed.PreviousTaskDefinitionArn);
        if (previous is not null)
        {
            return previous.AppSpecContent;
        }

        var taskDefinition = string.IsNullOrEmpty(failed.PreviousTaskDefinitionArn) ? failed.TaskDefinitionArn : failed.PreviousTaskDefinitionArn;
        var lines = new List<string>
        {
            "version: 0.0",
            "Resources:",
            "  - TargetService:",
            "      Type: AWS::ECS::Service",
            "      Properties:",
            $"        TaskDefinition: \"{taskDefinition}\"",
        };
        if (run.AppSpec.ContainerName is { } name)
        {
            lines.Add("        LoadBalancerInfo:");
            lines.Add($"          ContainerName: \"{name}\"");
            if (run.AppSpec.ContainerPort is { } port)
            {
                lines.Add(string.Create(CultureInfo.InvariantCulture, $"          ContainerPort: {port}"));
            }
        }

        return string.Join('\n', lines) + "\n";
    }
}
