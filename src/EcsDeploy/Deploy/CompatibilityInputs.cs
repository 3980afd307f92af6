namespace EcsDeploy.Deploy;

/// <summary>
/// Inputs of aws-actions/amazon-ecs-deploy-task-definition that only apply to services with the ECS deployment
/// controller. That action ignores them for a CODE_DEPLOY service, and so does this one, but it says so.
/// </summary>
public static class CompatibilityInputs
{
    private const string Reason = "has no effect on a CODE_DEPLOY service, whose deployments CodeDeploy runs";

    /// <summary>One warning line for each service input given (<see cref="ServiceUpdateInputs"/> has checked their syntax).</summary>
    public static IReadOnlyList<string> Warnings(ServiceUpdateInputs given)
    {
        ArgumentNullException.ThrowIfNull(given);
        var warnings = new List<string>();
        if (given.DesiredCount is { } count)
        {
            warnings.Add($"Input 'desired-count' value '{count}' {Reason}; CodeDeploy keeps the service's desired count, so set it on the service (UpdateService or your infrastructure code).");
        }

        if (given.ForceNewDeployment)
        {
            warnings.Add($"Input 'force-new-deployment' value 'true' {Reason}; every run of this action already creates a new deployment.");
        }

        if (given.PropagateTags is not (null or "NONE") and var propagate)
        {
            warnings.Add($"Input 'propagate-tags' value '{propagate}' {Reason}; set propagateTags on the service instead.");
        }

        if (given.EbsVolumeName is not null)
        {
            warnings.Add($"Input 'service-managed-ebs-volume-name' {Reason}; configure the volume on the service instead.");
        }

        if (given.EbsVolume is not null)
        {
            warnings.Add($"Input 'service-managed-ebs-volume' {Reason}; configure the volume on the service instead.");
        }

        return warnings;
    }

    /// <summary>True when <paramref name="text"/> parses as a JSON object.</summary>
    internal static bool IsJsonObject(string text) => IsJsonObjectCore(text);

    private static bool IsJsonObjectCore(string text)
    {
        try
        {
            return System.Text.Json.Nodes.JsonNode.Parse(text) is System.Text.Json.Nodes.JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }
}
