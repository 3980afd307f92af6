using System.Text.Json.Nodes;
using EcsDeploy.Runtime;

namespace EcsDeploy.Deploy;

/// <summary>
/// The official action's service inputs, typed: desired-count, force-new-deployment, enable-ecs-managed-tags,
/// propagate-tags and the service-managed EBS volume. An ECS-controller service receives them in its UpdateService;
/// a CODE_DEPLOY service ignores them with a warning (see <see cref="CompatibilityInputs"/>).
/// </summary>
public sealed record ServiceUpdateInputs
{
    public int? DesiredCount { get; init; }
    public bool ForceNewDeployment { get; init; }
    public bool? EnableEcsManagedTags { get; init; }

    /// <summary>SERVICE, TASK_DEFINITION or NONE; null when not given.</summary>
    public string? PropagateTags { get; init; }
    public string? EbsVolumeName { get; init; }
    public JsonObject? EbsVolume { get; init; }

    /// <summary>Reads the inputs; problems go to <paramref name="reader"/>.</summary>
    public static ServiceUpdateInputs Parse(InputReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var volumeName = reader.GetString("service-managed-ebs-volume-name");
        var volumeText = reader.GetString("service-managed-ebs-volume");
        JsonObject? volume = null;
        if (volumeText is not null)
        {
            try
            {
                volume = JsonNode.Parse(volumeText) as JsonObject;
            }
            catch (System.Text.Json.JsonException)
            {
                volume = null;
            }
        }

        if (volume is not null && volumeName is null)
        {
            reader.AddError("service-managed-ebs-volume", volumeText!, "needs 'service-managed-ebs-volume-name', the task definition volume it configures");
        }

        return new ServiceUpdateInputs
        {
            DesiredCount = reader.GetString("desired-count") is null ? null : reader.GetInteger("desired-count", 0, 0, 100000),
            ForceNewDeployment = reader.GetBoolean("force-new-deployment", false),
            EnableEcsManagedTags = reader.GetString("enable-ecs-managed-tags") is null ? null : reader.GetBoolean("enable-ecs-managed-tags", false),
            PropagateTags = reader.GetString("propagate-tags") is null ? null : reader.GetChoice("propagate-tags", "NONE", "NONE", "SERVICE", "TASK_DEFINITION"),
            EbsVolumeName = volumeName,
            EbsVolume = volume,
        };
    }
}
