using System.Text.Json.Nodes;
using EcsDeploy.Aws.CodeDeploy;
using EcsDeploy.Aws.Ecs;
using EcsDeploy.CodeDeploy;
using EcsDeploy.TaskDefinitions;

namespace EcsDeploy.Deploy;

/// <summary>The first line of a deploy: what goes where, with which deployment configuration, and how long the run waits.</summary>
public static class DeployHeader
{
    /// <summary>For example "Deploying web (new revision from taskdef.json) to service web in cluster prod with CodeDeploy A / G (config); waiting until deployed, up to 36 min".</summary>
    public static string Describe(DeployInputs inputs, EcsService service, DeploymentGroupInfo group, string workspace)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(group);
        var config = inputs.DeploymentConfig ?? group.DeploymentConfigName ?? "the group's deployment configuration";
        return $"Deploying {What(inputs.TaskDefinition, service, workspace)} to service {inputs.Service} in cluster {inputs.Cluster} "
            + $"with CodeDeploy {inputs.Application} / {inputs.DeploymentGroup} ({config}); {Waiting(inputs, group)}";
    }

    /// <summary>What is deployed: "web (new revision from taskdef.json)", "web:7 (input 'task-definition-arn')", ...</summary>
    public static string What(TaskDefinitionInputs taskDefinition, EcsService service, string workspace)
    {
        ArgumentNullException.ThrowIfNull(taskDefinition);
        ArgumentNullException.ThrowIfNull(service);
        if (taskDefinition.File is { } file)
        {
            var shown = Path.GetRelativePath(workspace, file);
            // The preparer reads the file again and reports its problems; here a missing family only shortens the line.
            var family = File.Exists(file) ? TaskDefinitionFile.Read(file).Definition?["family"] : null;
            return family is JsonValue value && value.TryGetValue<string>(out var name) && name.Length > 0 ? $"{name} (new revision from {shown})" : $"a new revision from {shown}";
        }

        return taskDefinition.Arn is { } arn ? $"{ShortName(arn)} (input 'task-definition-arn')"
            : taskDefinition.Family is { } familyInput ? $"{familyInput} (input '{taskDefinition.FamilyInput}')"
            : $"{ShortName(service.TaskDefinition ?? "")} (the service's current task definition)";
    }

    private static string Waiting(DeployInputs inputs, DeploymentGroupInfo group)
    {
        if (!inputs.WaitForServiceStability)
        {
            return "not waiting for the deployment (wait-for-service-stability is false)";
        }

        var until = inputs.WaitUntil switch
        {
            WaitUntil.TrafficShifted => "all traffic is on green",
            WaitUntil.Ready => "the deployment is ready for production traffic",
            _ => "deployed",
        };
        return $"waiting until {until}, up to {(int)DeployPreflight.WatchTimeout(inputs, group).TotalMinutes} min";
    }

    /// <summary>"family:revision" from a task definition ARN; anything else unchanged.</summary>
    private static string ShortName(string arnOrName)
    {
        var slash = arnOrName.LastIndexOf('/');
        return slash >= 0 && arnOrName.StartsWith("arn:", StringComparison.Ordinal) ? arnOrName[(slash + 1)..] : arnOrName;
    }
}
