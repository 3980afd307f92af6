using EcsDeploy.Runtime;

namespace EcsDeploy.Deploy;

/// <summary>
/// Inputs of aws-actions/amazon-ecs-deploy-task-definition that only apply to services with the ECS deployment
/// controller. That action ignores them for a CODE_DEPLOY service, and so does this one, but it says so.
/// </summary>
public static class CompatibilityInputs
{
    private const string Reason = "has no effect on a CODE_DEPLOY service, whose deployments CodeDeploy runs";

    /// <summary>Checks the syntax of the inputs and returns one warning line for each one given.</summary>
    public static IReadOnlyList<string> Parse(InputReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var warnings = new List<string>();
        if (reader.GetString("desired-count") is { } count)
        {
            reader.GetInteger("desired-count", 0, 0, int.MaxValue);
            warnings.Add($"Input 'desired-count' value '{count}' {Reason}; CodeDeploy keeps the service's desired count, so set it on the service (UpdateService or your infrastructure code).");
        }

        if (reader.GetBoolean("force-new-deployment", false))
        {
            warnings.Add($"Input 'force-new-deployment' value 'true' {Reason}; every run of this action already creates a new deployment.");
        }

        if (reader.GetChoice("propagate-tags", "NONE", "NONE", "SERVICE", "TASK_DEFINITION") is not "NONE" and var propagate)
        {
            warnings.Add($"Input 'propagate-tags' value '{propagate}' {Reason}; set propagateTags on the service instead.");
        }

        foreach (var input in new[] { "service-managed-ebs-volume-name", "service-managed-ebs-volume" })
        {
            // '{}' is the official action's default for the volume and means "no volume".
            if (reader.GetString(input) is { } value && !(input == "service-managed-ebs-volume" && RunTask.RunTaskInputs.IsEmptyObject(value)))
            {
                if (input == "service-managed-ebs-volume" && !IsJsonObject(value))
                {
                    reader.AddError(input, value, "is not a JSON object such as {\"roleArn\":\"arn:aws:iam::123456789012:role/ecsInfrastructureRole\",\"sizeInGiB\":20}");
                }

                warnings.Add($"Input '{input}' {Reason}; configure the volume on the service instead.");
            }
        }

        return warnings;
    }

    private static bool IsJsonObject(string text)
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
