using System.Text.Json.Nodes;
using EcsDeploy.Aws.CodeDeploy;
using EcsDeploy.CodeDeploy;

namespace EcsDeploy.Operations;

/// <summary>A revision to roll back to: its task definition and the AppSpec that deployed it (or null when none did).</summary>
public sealed record RollbackRevision(string TaskDefinitionArn, JsonObject? AppSpec, string? DeploymentId);

/// <summary>
/// Finds the task definition that served before the last deployment of a service.
/// The rule: the service's current task definition is what the last successful deployment installed (a failed or
/// stopped deployment leaves the one before it in place). Walking the group's successful deployments newest first
/// (CodeDeploy's own rollbacks included), the first one whose AppSpec names a different task definition installed
/// the revision that served before; failing that, the previousRevision CodeDeploy records on a deployment that
/// installed the current one. The AppSpec found is reused, so the rollback runs with the container, port and hooks
/// that revision was deployed with. The first deployment a group ever ran has no recorded predecessor: rolling it
/// back needs task-definition-arn. The walk stops after <see cref="MaxDeployments"/> deployments.
/// </summary>
public static class PreviousRevision
{
    public const int MaxDeployments = 50;

    /// <summary>The revision before <paramref name="currentTaskDefinitionArn"/>, or null when the history has none.</summary>
    public static async Task<RollbackRevision?> FindAsync(
        ICodeDeployApi codeDeploy, OperationTarget target, string currentTaskDefinitionArn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(codeDeploy);
        ArgumentNullException.ThrowIfNull(target);
        var succeeded = await codeDeploy.ListDeploymentsAsync(target.Application, target.DeploymentGroup, [DeploymentStatus.Succeeded], cancellationToken).ConfigureAwait(false);
        foreach (var id in succeeded.Take(MaxDeployments))
        {
            var deployment = await codeDeploy.GetDeploymentAsync(id, cancellationToken).ConfigureAwait(false);
            foreach (var revision in new[] { deployment.Revision, deployment.PreviousRevision })
            {
                if (AppSpecOf(revision) is { } appSpec && TaskDefinitionOf(appSpec) is { } taskDefinition
                    && !SameRevision(taskDefinition, currentTaskDefinitionArn))
                {
                    return new RollbackRevision(taskDefinition, appSpec, id);
                }
            }
        }

        return null;
    }

    /// <summary>The AppSpec of the group's last successful deployment, a template for a rollback to a given revision.</summary>
    public static async Task<JsonObject?> LatestAppSpecAsync(ICodeDeployApi codeDeploy, OperationTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(codeDeploy);
        ArgumentNullException.ThrowIfNull(target);
        var succeeded = await codeDeploy.ListDeploymentsAsync(target.Application, target.DeploymentGroup, [DeploymentStatus.Succeeded], cancellationToken).ConfigureAwait(false);
        foreach (var id in succeeded.Take(MaxDeployments))
        {
            if (AppSpecOf((await codeDeploy.GetDeploymentAsync(id, cancellationToken).ConfigureAwait(false)).Revision) is { } appSpec)
            {
                return appSpec;
            }
        }

        return null;
    }

    /// <summary>The AppSpec a deployment ran with, or null.</summary>
    public static JsonObject? AppSpecOf(DeploymentInfo deployment)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        return AppSpecOf(deployment.Revision);
    }

    /// <summary>The AppSpec of a revision, or null when it has no inline AppSpec or it does not parse.</summary>
    public static JsonObject? AppSpecOf(RevisionLocation? revision)
    {
        if (revision?.AppSpecContent?.Content is not { Length: > 0 } content)
        {
            return null;
        }

        try
        {
            return AppSpec.Parse(content);
        }
        catch (FormatException)
        {
            // An AppSpec CodeDeploy accepted but this code cannot read is skipped, not fatal.
            return null;
        }
    }

    /// <summary>The first Resources[].*.Properties.TaskDefinition of an AppSpec (keys case-insensitive).</summary>
    public static string? TaskDefinitionOf(JsonObject appSpec)
    {
        ArgumentNullException.ThrowIfNull(appSpec);
        foreach (var resource in Member(appSpec, "Resources") as JsonArray ?? [])
        {
            foreach (var (_, body) in resource as JsonObject ?? [])
            {
                if (body is JsonObject target && Member(target, "Properties") is JsonObject properties
                    && Member(properties, "TaskDefinition") is JsonValue value && value.TryGetValue<string>(out var arn) && arn.Length > 0)
                {
                    return arn;
                }
            }
        }

        return null;
    }

    /// <summary>Whether two task definition references name the same revision (ARN or family:revision).</summary>
    public static bool SameRevision(string a, string b) =>
        string.Equals(FamilyRevision(a), FamilyRevision(b), StringComparison.Ordinal);

    /// <summary>"family:revision" of an ARN (the part after "task-definition/"), or the value itself.</summary>
    public static string FamilyRevision(string taskDefinition)
    {
        ArgumentNullException.ThrowIfNull(taskDefinition);
        var slash = taskDefinition.LastIndexOf('/');
        return slash < 0 ? taskDefinition : taskDefinition[(slash + 1)..];
    }

    private static JsonNode? Member(JsonObject node, string name) =>
        node.FirstOrDefault(p => p.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;
}
