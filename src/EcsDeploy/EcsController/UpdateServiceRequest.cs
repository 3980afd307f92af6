using System.Text.Json.Nodes;
using EcsDeploy.Deploy;

namespace EcsDeploy.EcsController;

/// <summary>The one UpdateService of an ECS deploy: the new task definition with the official action's service inputs.</summary>
public static class UpdateServiceRequest
{
    /// <summary>The request body; members not given are left out so the service keeps its settings.</summary>
    public static JsonObject Build(DeployInputs inputs, string taskDefinitionArn)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var service = inputs.ServiceUpdate;
        var request = new JsonObject
        {
            ["cluster"] = inputs.Cluster,
            ["service"] = inputs.Service,
            ["taskDefinition"] = taskDefinitionArn,
        };
        if (service.DesiredCount is { } count)
        {
            request["desiredCount"] = count;
        }

        if (service.ForceNewDeployment)
        {
            request["forceNewDeployment"] = true;
        }

        if (service.EnableEcsManagedTags is { } tags)
        {
            request["enableECSManagedTags"] = tags;
        }

        if (service.PropagateTags is { } propagate)
        {
            request["propagateTags"] = propagate;
        }

        if (service is { EbsVolumeName: { } name, EbsVolume: { } volume })
        {
            request["volumeConfigurations"] = new JsonArray(new JsonObject { ["name"] = name, ["managedEBSVolume"] = volume.DeepClone() });
        }

        return request;
    }
}
