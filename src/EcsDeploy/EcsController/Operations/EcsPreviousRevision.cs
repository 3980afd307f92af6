using EcsDeploy.Aws.Ecs;
using EcsDeploy.Operations;

namespace EcsDeploy.EcsController.Operations;

/// <summary>The revision a rollback goes back to: its task definition and the service deployment that replaced it.</summary>
/// <param name="TaskDefinitionArn">The task definition to deploy again.</param>
/// <param name="ReplacedBy">The successful service deployment that moved the service off it, when found from the history.</param>
public sealed record EcsRollbackRevision(string TaskDefinitionArn, string? ReplacedBy);

/// <summary>
/// Finds, from the service deployment history, the revision that served before the last successful deployment:
/// the newest SUCCESSFUL service deployment whose target runs the current task definition installed it, and its
/// source revision (the one with the most running tasks, should there be several) is the one to go back to.
/// </summary>
public static class EcsPreviousRevision
{
    /// <summary>How many successful service deployments are looked at, newest first.</summary>
    public const int HistoryDepth = 20;

    /// <summary>The previous revision of a service running <paramref name="current"/>, or null when the history names none.</summary>
    public static async Task<EcsRollbackRevision?> FindAsync(IEcsDeploymentsApi api, string cluster, string service, string current, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        var page = await api.ListServiceDeploymentsAsync(
            new ListServiceDeploymentsRequest { Service = service, Cluster = cluster, Status = ["SUCCESSFUL"], MaxResults = HistoryDepth },
            cancellationToken).ConfigureAwait(false);
        var targets = await ServiceDeploymentHistory.TaskDefinitionsAsync(api, page.ServiceDeployments.Select(d => d.TargetServiceRevisionArn), cancellationToken).ConfigureAwait(false);
        if (InstallerOf(page.ServiceDeployments, targets, current) is not { } installer)
        {
            return null;
        }

        var described = await ServiceDeploymentHistory.DescribeAsync(api, installer.ServiceDeploymentArn, cancellationToken).ConfigureAwait(false);
        var sources = described?.SourceServiceRevisions ?? [];
        var taskDefinitions = await ServiceDeploymentHistory.TaskDefinitionsAsync(api, sources.Select(s => s.Arn), cancellationToken).ConfigureAwait(false);
        return Choose(sources, taskDefinitions, current) is { } previous ? new EcsRollbackRevision(previous, installer.ServiceDeploymentArn) : null;
    }

    /// <summary>The newest successful deployment (of <paramref name="successful"/>, newest first) whose target runs <paramref name="current"/>.</summary>
    public static ServiceDeploymentBrief? InstallerOf(IReadOnlyList<ServiceDeploymentBrief> successful, IReadOnlyDictionary<string, string> targetTaskDefinitions, string current)
    {
        ArgumentNullException.ThrowIfNull(successful);
        ArgumentNullException.ThrowIfNull(targetTaskDefinitions);
        return successful.FirstOrDefault(d => d.Status == "SUCCESSFUL" && d.TargetServiceRevisionArn is { } target
                                              && targetTaskDefinitions.TryGetValue(target, out var taskDefinition)
                                              && PreviousRevision.SameRevision(taskDefinition, current));
    }

    /// <summary>The task definition of the source revision that served most, when it differs from <paramref name="current"/>.</summary>
    public static string? Choose(IReadOnlyList<ServiceRevisionSummary> sources, IReadOnlyDictionary<string, string> taskDefinitions, string current)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(taskDefinitions);
        return sources
            .OrderByDescending(s => s.RunningTaskCount)
            .Select(s => s.Arn is { } arn && taskDefinitions.TryGetValue(arn, out var taskDefinition) ? taskDefinition : null)
            .FirstOrDefault(t => t is not null && !PreviousRevision.SameRevision(t, current));
    }
}
