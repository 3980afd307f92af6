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

    /// <summary>Reads the inputs; problems go to <paramref name="reader"/>. enable-ecs-managed-tags is shared with run-task, which reads it.</summary>
    public static ServiceUpdateInputs Parse(InputReader reader, bool? enableEcsManagedTags)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var volumeName = reader.GetString("service-managed-ebs-volume-name");
        // '{}' is the official action's default for the volume and means "no volume".
        var volumeText = reader.GetString("service-managed-ebs-volume") is { } text && !RunTask.RunTaskInputs.IsEmptyObject(text) ? text : null;
        JsonObject? volume = null;
        if (volumeText is not null)
        {
            if (CompatibilityInputs.IsJsonObject(volumeText))
            {
                volume = (JsonObject)JsonNode.Parse(volumeText)!;
            }
            else
            {
                reader.AddError("service-managed-ebs-volume", volumeText, "is not a JSON object such as {\"roleArn\":\"arn:aws:iam::123456789012:role/ecsInfrastructureRole\",\"sizeInGiB\":20}");
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
            EnableEcsManagedTags = enableEcsManagedTags,
            PropagateTags = reader.GetString("propagate-tags") is null ? null : reader.GetChoice("propagate-tags", "NONE", "NONE", "SERVICE", "TASK_DEFINITION"),
            EbsVolumeName = volumeName,
            EbsVolume = volume,
        };
    }
}
