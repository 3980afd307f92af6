using EcsDeploy.Aws;
using EcsDeploy.Aws.Ecs;

namespace EcsDeploy.EcsController.Operations;

/// <summary>Reads a service's deployment history: its running service deployment, its last one, and described revisions.</summary>
public static class ServiceDeploymentHistory
{
    /// <summary>Statuses of a service deployment that has not ended.</summary>
    public static readonly IReadOnlyList<string> ActiveStatuses =
        ["PENDING", "IN_PROGRESS", "STOP_REQUESTED", "ROLLBACK_REQUESTED", "ROLLBACK_IN_PROGRESS"];

    /// <summary>True for a status ECS does not leave.</summary>
    public static bool IsTerminal(string? status) => status is "SUCCESSFUL" or "STOPPED" or "ROLLBACK_SUCCESSFUL" or "ROLLBACK_FAILED";

    /// <summary>True while ECS is stopping the deployment or returning the service to the previous revision.</summary>
    public static bool IsStoppingOrRollingBack(string? status) => status is "STOP_REQUESTED" or "ROLLBACK_REQUESTED" or "ROLLBACK_IN_PROGRESS";

    /// <summary>The service's running service deployment (the newest, should ECS list several), described; or null.</summary>
    public static async Task<ServiceDeployment?> FindActiveAsync(IEcsDeploymentsApi api, string cluster, string service, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        var page = await api.ListServiceDeploymentsAsync(new ListServiceDeploymentsRequest { Service = service, Cluster = cluster, Status = ActiveStatuses },
            cancellationToken).ConfigureAwait(false);
        foreach (var brief in page.ServiceDeployments)
        {
            // The list is a moment old: skip one that ended since.
            if (await DescribeAsync(api, brief.ServiceDeploymentArn, cancellationToken).ConfigureAwait(false) is { } described && !IsTerminal(described.Status))
            {
                return described;
            }
        }

        return null;
    }

    /// <summary>The service's newest service deployment, whatever its status, described; or null when it has none.</summary>
    public static async Task<ServiceDeployment?> FindLastAsync(IEcsDeploymentsApi api, string cluster, string service, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        var page = await api.ListServiceDeploymentsAsync(new ListServiceDeploymentsRequest { Service = service, Cluster = cluster, MaxResults = 1 },
            cancellationToken).ConfigureAwait(false);
        return page.ServiceDeployments is [var newest, ..] ? await DescribeAsync(api, newest.ServiceDeploymentArn, cancellationToken).ConfigureAwait(false) : null;
    }

    /// <summary>DescribeServiceDeployments for one ARN; null when ECS does not know it.</summary>
    public static async Task<ServiceDeployment?> DescribeAsync(IEcsDeploymentsApi api, string arn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        var result = await api.DescribeServiceDeploymentsAsync([arn], cancellationToken).ConfigureAwait(false);
        return result.ServiceDeployments.FirstOrDefault(d => d.ServiceDeploymentArn == arn);
    }

    /// <summary>The task definitions of service revisions, by revision ARN (revisions ECS no longer knows are left out).</summary>
    public static async Task<IReadOnlyDictionary<string, string>> TaskDefinitionsAsync(IEcsDeploymentsApi api, IEnumerable<string?> revisionArns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        var wanted = revisionArns.OfType<string>().Where(a => a.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var chunk in wanted.Chunk(20))
        {
            foreach (var revision in await api.DescribeServiceRevisionsAsync(chunk, cancellationToken).ConfigureAwait(false))
            {
                if (revision.TaskDefinition is { Length: > 0 } taskDefinition)
                {
                    found[revision.ServiceRevisionArn] = taskDefinition;
                }
            }
        }

        return found;
    }

    /// <summary>The PAUSE hook of <paramref name="deployment"/> that is awaiting action, or null.</summary>
    public static LifecycleHookDetail? PausedHook(ServiceDeployment deployment)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        return deployment.LifecycleHookDetails?.FirstOrDefault(h => h is { TargetType: "PAUSE", Status: "AWAITING_ACTION", HookId.Length: > 0 });
    }

    /// <summary>True for the answers ECS gives to a stop or continue that no longer applies (ended, or hook no longer waiting).</summary>
    public static bool IsNoLongerApplicable(AwsServiceException exception) =>
        exception is { ErrorCode: "ConflictException" or "InvalidParameterException" or "ClientException" };
}
