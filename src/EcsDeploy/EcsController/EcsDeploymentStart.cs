using System.Text.Json.Nodes;
using EcsDeploy.Aws;
using EcsDeploy.Aws.Ecs;
using EcsDeploy.Runtime;

namespace EcsDeploy.EcsController;

/// <summary>The deployment a run started: a service deployment ARN, or the classic deployments[] id when service deployments are unavailable.</summary>
public sealed record StartedDeployment(string Id, bool Classic);

/// <summary>Starts the one ECS deployment of a run and finds it: UpdateService never twice, the deployment matched to the new revision.</summary>
public sealed class EcsDeploymentStart(IEcsApi ecs, IEcsDeploymentsApi deployments, IJobLog log, TimeProvider time)
{
    /// <summary>How long UpdateService may take, whatever happens to the run meanwhile.</summary>
    public static readonly TimeSpan UpdateBudget = TimeSpan.FromSeconds(30);

    /// <summary>How long the new deployment may take to show in ListServiceDeployments.</summary>
    public static readonly TimeSpan FindBudget = TimeSpan.FromSeconds(60);

    private const int MaxAttempts = 3;

    /// <summary>
    /// UpdateService once; when its answer is lost (timeout, connection closed, 5xx) the request may still have reached
    /// ECS, so the service is looked at before another try. Not aborted by a cancelled run: a request cut off mid-way
    /// could start a deployment nobody knows of. Returns the service as ECS answered or as found, and when the call was sent.
    /// </summary>
    public async Task<(EcsService Service, DateTimeOffset Since)> UpdateServiceAsync(JsonObject request, string taskDefinitionArn, string cluster, string service, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        var since = time.GetUtcNow();
        for (var attempt = 1; ; attempt++)
        {
            using var budget = new CancellationTokenSource(UpdateBudget);
            try
            {
                var updated = await deployments.UpdateServiceAsync(request, budget.Token).ConfigureAwait(false);
                return (updated, Since(updated, since));
            }
            catch (AwsServiceException e) when (MayHaveArrived(e) && attempt < MaxAttempts)
            {
                log.Info($"UpdateService got no usable answer ({e.ErrorCode}); checking whether ECS started the deployment before trying again.");
                await Task.Delay(TimeSpan.FromSeconds(2 * attempt), time, CancellationToken.None).ConfigureAwait(false);
                if (await ecs.DescribeServiceAsync(cluster, service, CancellationToken.None).ConfigureAwait(false) is { } now
                    && now.TaskDefinition == taskDefinitionArn
                    && now.Deployments?.FirstOrDefault(d => d.Status == "PRIMARY") is { } primary
                    && primary.TaskDefinition == taskDefinitionArn
                    && (primary.CreatedAt is null || primary.CreatedAt >= since.AddMinutes(-1)))
                {
                    log.Info($"ECS had started deployment {primary.Id} for {taskDefinitionArn}; not sending UpdateService again.");
                    return (now, Since(now, since));
                }
            }
            catch (AwsServiceException e) when (AwsRetry.IsThrottling(e.ErrorCode) && attempt < MaxAttempts)
            {
                // A throttled request was refused before it did anything.
                await Task.Delay(TimeSpan.FromSeconds(2 * attempt), time, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// The service deployment this run started: created at or after <paramref name="since"/> and targeting a revision that
    /// runs <paramref name="taskDefinitionArn"/>. Falls back to the classic PRIMARY deployment when service deployments are
    /// unavailable; null when none appeared in time.
    /// </summary>
    public async Task<StartedDeployment?> FindAsync(EcsService updated, DateTimeOffset since, string taskDefinitionArn, string cluster, string service, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(updated);
        var deadline = time.GetUtcNow() + FindBudget;
        var revisions = new Dictionary<string, string?>(StringComparer.Ordinal);
        while (true)
        {
            IReadOnlyList<ServiceDeploymentBrief> listed;
            try
            {
                listed = (await deployments.ListServiceDeploymentsAsync(new ListServiceDeploymentsRequest
                {
                    Cluster = cluster,
                    Service = service,
                    CreatedAt = new CreatedAtRange(null, since.AddSeconds(-1)),
                }, cancellationToken).ConfigureAwait(false)).ServiceDeployments;
            }
            catch (AwsServiceException e) when (IsUnavailable(e))
            {
                log.Info($"Service deployments are unavailable here ({e.ErrorCode}); following the service's deployments[] instead.");
                return updated.Deployments?.FirstOrDefault(d => d.Status == "PRIMARY") is { } primary ? new StartedDeployment(primary.Id, true) : null;
            }

            var unknown = listed.Select(d => d.TargetServiceRevisionArn).OfType<string>().Where(a => !revisions.ContainsKey(a)).Distinct().Take(20).ToList();
            if (unknown.Count > 0)
            {
                foreach (var revision in await deployments.DescribeServiceRevisionsAsync(unknown, cancellationToken).ConfigureAwait(false))
                {
                    revisions[revision.ServiceRevisionArn] = revision.TaskDefinition;
                }
            }

            var match = listed
                .Where(d => d.TargetServiceRevisionArn is { } r && revisions.GetValueOrDefault(r) == taskDefinitionArn)
                .OrderByDescending(d => d.CreatedAt)
                .FirstOrDefault();
            if (match is not null)
            {
                return new StartedDeployment(match.ServiceDeploymentArn, false);
            }

            if (time.GetUtcNow() >= deadline)
            {
                return null;
            }

            await Task.Delay(TimeSpan.FromSeconds(2), time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The request may have reached ECS although no answer came: timeout, connection failure, 5xx.</summary>
    public static bool MayHaveArrived(AwsServiceException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.StatusCode is 0 or >= 500 || error.ErrorCode is AwsRetry.TimeoutErrorCode or AwsRetry.ConnectionErrorCode;
    }

    /// <summary>Service deployments are not offered to this caller: fall back to deployments[].</summary>
    public static bool IsUnavailable(AwsServiceException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.ErrorCode is "UnsupportedFeatureException" or "AccessDeniedException" or "UnknownOperationException";
    }

    // ECS stamps the new PRIMARY with its own clock: the best lower bound for the service deployment's createdAt.
    private static DateTimeOffset Since(EcsService service, DateTimeOffset sent) =>
        service.Deployments?.FirstOrDefault(d => d.Status == "PRIMARY")?.CreatedAt is { } created && created < sent ? created : sent.AddSeconds(-5);
}
