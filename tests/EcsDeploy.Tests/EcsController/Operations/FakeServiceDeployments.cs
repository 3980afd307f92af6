using System.Text.Json.Nodes;
using EcsDeploy.Aws;
using EcsDeploy.Aws.Ecs;
using EcsDeploy.Tests.Integration;

namespace EcsDeploy.Tests.EcsController.Operations;

/// <summary>
/// The service deployments of service "web" in cluster "prod", held in memory: every call recorded, and each
/// running deployment moves one step along its script whenever the virtual clock moves (a poll interval).
/// </summary>
internal sealed class FakeServiceDeployments : IEcsDeploymentsApi
{
    private const string Prefix = "arn:aws:ecs:us-east-1:111122223333:";
    private readonly VirtualClock _clock;
    private readonly List<Entry> _entries = [];
    private int _next = 1;

    public FakeServiceDeployments(VirtualClock clock)
    {
        _clock = clock;
        _clock.Advanced = _ =>
        {
            Step();
            AfterStep?.Invoke();
        };
    }

    /// <summary>Called after each poll's step (tests cancel the run "mid-deployment" here).</summary>
    public Action? AfterStep { get; set; }

    public List<string> Calls { get; } = [];
    public Dictionary<string, string> Revisions { get; } = new(StringComparer.Ordinal);
    public List<JsonObject> Updates { get; } = [];

    /// <summary>What a deployment UpdateService starts goes through, one status or stage per poll.</summary>
    public List<Func<ServiceDeployment, ServiceDeployment>> NewDeploymentScript { get; set; } =
        [d => d with { Status = "IN_PROGRESS" }, d => d with { Status = "SUCCESSFUL", FinishedAt = d.UpdatedAt }];

    /// <summary>What a deployment goes through after its PAUSE hook is answered with CONTINUE.</summary>
    public List<Func<ServiceDeployment, ServiceDeployment>> ContinueScript { get; set; } =
    [
        d => d with { LifecycleStage = "PRODUCTION_TRAFFIC_SHIFT", TargetServiceRevision = d.TargetServiceRevision! with { RequestedProductionTrafficWeight = 100 } },
        d => d with { LifecycleStage = "BAKE_TIME" },
        d => d with { LifecycleStage = "CLEAN_UP", Status = "SUCCESSFUL", FinishedAt = d.UpdatedAt },
    ];

    /// <summary>Thrown by the next ContinueServiceDeployment after it took effect (a lost answer), once.</summary>
    public Exception? ContinueLostAnswer { get; set; }

    /// <summary>When true, a continued hook still reads AWAITING_ACTION until the next poll.</summary>
    public bool HookLagsOnePoll { get; set; }

    /// <summary>Thrown by ContinueServiceDeployment before it takes effect.</summary>
    public Exception? ContinueError { get; set; }

    /// <summary>Thrown by StopServiceDeployment before it takes effect.</summary>
    public Exception? StopError { get; set; }

    public static string RevisionArn(int n) => $"{Prefix}service-revision/prod/web/{n}";

    public static string TaskDefinitionArn(string familyRevision) => $"{Prefix}task-definition/{familyRevision}";

    public ServiceDeployment Get(string arn) => _entries.Single(e => e.Deployment.ServiceDeploymentArn == arn).Deployment;

    public IReadOnlyList<ServiceDeployment> All => [.. _entries.Select(e => e.Deployment)];

    /// <summary>Adds a deployment from <paramref name="source"/> to <paramref name="target"/> (family:revision), created now.</summary>
    public ServiceDeployment Add(string status, string target, string? source, Func<ServiceDeployment, ServiceDeployment>? change = null)
    {
        var n = _next++;
        var deployment = new ServiceDeployment
        {
            ServiceDeploymentArn = $"{Prefix}service-deployment/prod/web/sd{n}",
            ServiceArn = $"{Prefix}service/prod/web",
            ClusterArn = $"{Prefix}cluster/prod",
            Status = status,
            CreatedAt = _clock.GetUtcNow(),
            StartedAt = _clock.GetUtcNow(),
            UpdatedAt = _clock.GetUtcNow(),
            FinishedAt = status is "SUCCESSFUL" or "STOPPED" or "ROLLBACK_SUCCESSFUL" or "ROLLBACK_FAILED" ? _clock.GetUtcNow() : null,
            TargetServiceRevision = new ServiceRevisionSummary { Arn = Revision(target), RequestedTaskCount = 2, RunningTaskCount = status == "SUCCESSFUL" ? 2 : 0 },
            SourceServiceRevisions = source is null ? [] : [new ServiceRevisionSummary { Arn = Revision(source), RequestedTaskCount = 2, RunningTaskCount = status == "SUCCESSFUL" ? 0 : 2 }],
        };
        deployment = change?.Invoke(deployment) ?? deployment;
        _entries.Add(new Entry(deployment));
        return deployment;
    }

    /// <summary>Replaces a deployment's state.</summary>
    public void Update(string arn, Func<ServiceDeployment, ServiceDeployment> change)
    {
        var entry = _entries.Single(e => e.Deployment.ServiceDeploymentArn == arn);
        entry.Deployment = change(entry.Deployment);
    }

    /// <summary>Sets what a deployment goes through from the next poll on.</summary>
    public void Script(string arn, params Func<ServiceDeployment, ServiceDeployment>[] steps) =>
        _entries.Single(e => e.Deployment.ServiceDeploymentArn == arn).Script = new Queue<Func<ServiceDeployment, ServiceDeployment>>(steps);

    public Task<EcsService> UpdateServiceAsync(JsonObject request, CancellationToken cancellationToken)
    {
        var taskDefinition = request["taskDefinition"]!.GetValue<string>();
        Calls.Add($"UpdateService {Short(taskDefinition)}");
        Updates.Add(request);
        var current = _entries.LastOrDefault(e => e.Deployment.Status == "SUCCESSFUL")?.Deployment.TargetServiceRevision?.Arn;
        var added = Add("PENDING", Short(taskDefinition), current is null ? null : Short(Revisions[current]));
        Script(added.ServiceDeploymentArn, [.. NewDeploymentScript]);
        return Task.FromResult(new EcsService { ServiceName = "web", TaskDefinition = taskDefinition });
    }

    public Task<ServiceDeploymentPage> ListServiceDeploymentsAsync(ListServiceDeploymentsRequest request, CancellationToken cancellationToken)
    {
        Calls.Add($"ListServiceDeployments{(request.Status is { } s ? " " + string.Join(",", s) : "")}{(request.CreatedAt is not null ? " createdAt" : "")}");
        IEnumerable<ServiceDeployment> listed = _entries.Select(e => e.Deployment).Reverse();
        listed = listed.Where(d => (request.Status is null || request.Status.Contains(d.Status!))
                                   && (request.CreatedAt?.After is not { } after || d.CreatedAt >= after));
        if (request.MaxResults is { } max)
        {
            listed = listed.Take(max);
        }

        return Task.FromResult(new ServiceDeploymentPage([.. listed.Select(d => new ServiceDeploymentBrief
        {
            ServiceDeploymentArn = d.ServiceDeploymentArn, Status = d.Status, CreatedAt = d.CreatedAt, StartedAt = d.StartedAt,
            FinishedAt = d.FinishedAt, TargetServiceRevisionArn = d.TargetServiceRevision?.Arn,
        })], null));
    }

    public Task<ServiceDeploymentResult> DescribeServiceDeploymentsAsync(IReadOnlyList<string> serviceDeploymentArns, CancellationToken cancellationToken)
    {
        Calls.Add($"DescribeServiceDeployments {string.Join(",", serviceDeploymentArns.Select(Short))}");
        var found = _entries.Where(e => serviceDeploymentArns.Contains(e.Deployment.ServiceDeploymentArn)).Select(e => e.Deployment).ToList();
        return Task.FromResult(new ServiceDeploymentResult(found, []));
    }

    public Task<IReadOnlyList<ServiceRevision>> DescribeServiceRevisionsAsync(IReadOnlyList<string> serviceRevisionArns, CancellationToken cancellationToken)
    {
        Calls.Add($"DescribeServiceRevisions {string.Join(",", serviceRevisionArns.Select(Short))}");
        IReadOnlyList<ServiceRevision> found = [.. serviceRevisionArns.Where(Revisions.ContainsKey)
            .Select(a => new ServiceRevision { ServiceRevisionArn = a, TaskDefinition = Revisions[a] })];
        return Task.FromResult(found);
    }

    public Task StopServiceDeploymentAsync(string serviceDeploymentArn, string stopType, CancellationToken cancellationToken)
    {
        Calls.Add($"StopServiceDeployment {Short(serviceDeploymentArn)} {stopType}");
        if (StopError is { } error)
        {
            throw error;
        }

        var current = Get(serviceDeploymentArn);
        if (current.Status is "SUCCESSFUL" or "STOPPED" or "ROLLBACK_SUCCESSFUL" or "ROLLBACK_FAILED" or "ROLLBACK_REQUESTED" or "ROLLBACK_IN_PROGRESS")
        {
            throw Conflict($"Service deployment is {current.Status}.");
        }

        RollBack(serviceDeploymentArn, "Stopped by StopServiceDeployment");
        return Task.CompletedTask;
    }

    public Task ContinueServiceDeploymentAsync(string serviceDeploymentArn, string hookId, string action, CancellationToken cancellationToken)
    {
        Calls.Add($"ContinueServiceDeployment {Short(serviceDeploymentArn)} {hookId} {action}");
        if (ContinueError is { } error)
        {
            throw error;
        }

        var hook = Get(serviceDeploymentArn).LifecycleHookDetails?.FirstOrDefault(h => h.HookId == hookId);
        if (hook?.Status != "AWAITING_ACTION")
        {
            throw Conflict($"Lifecycle hook {hookId} is not awaiting action.");
        }

        Func<ServiceDeployment, ServiceDeployment> answered = d => d with { LifecycleHookDetails = [.. d.LifecycleHookDetails!.Select(h => h.HookId == hookId ? h with { Status = "SUCCEEDED" } : h)] };
        if (action == "ROLLBACK")
        {
            Update(serviceDeploymentArn, answered);
            RollBack(serviceDeploymentArn, "Rolled back at lifecycle hook " + hookId);
        }
        else if (HookLagsOnePoll)
        {
            // Reads show the hook still awaiting action until the next poll, as an eventually consistent read may.
            Script(serviceDeploymentArn, [answered, .. ContinueScript]);
        }
        else
        {
            Update(serviceDeploymentArn, answered);
            Script(serviceDeploymentArn, [.. ContinueScript]);
        }

        if (ContinueLostAnswer is { } lost)
        {
            ContinueLostAnswer = null;
            throw lost;
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> ListTasksAsync(ListTasksRequest request, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([]);

    public static AwsServiceException Conflict(string message) => new("ecs", "ContinueServiceDeployment", "ConflictException", message, "req-1", 400);

    private void RollBack(string arn, string reason)
    {
        var at = _clock.GetUtcNow();
        Update(arn, d => d with { Status = "ROLLBACK_REQUESTED", Rollback = new ServiceDeploymentRollback(reason, at, d.SourceServiceRevisions is [var s, ..] ? s.Arn : null) });
        Script(arn,
            d => d with { Status = "ROLLBACK_IN_PROGRESS" },
            d => d with { Status = "ROLLBACK_SUCCESSFUL", FinishedAt = d.UpdatedAt });
    }

    private string Revision(string familyRevision)
    {
        var taskDefinition = TaskDefinitionArn(familyRevision);
        var existing = Revisions.FirstOrDefault(r => r.Value == taskDefinition).Key;
        if (existing is not null)
        {
            return existing;
        }

        var arn = RevisionArn(Revisions.Count + 1);
        Revisions[arn] = taskDefinition;
        return arn;
    }

    private void Step()
    {
        foreach (var entry in _entries.Where(e => e.Script.Count > 0))
        {
            entry.Deployment = entry.Script.Dequeue()(entry.Deployment with { UpdatedAt = _clock.GetUtcNow() });
        }
    }

    private static string Short(string arn) => arn[(arn.LastIndexOf('/') + 1)..];

    private sealed class Entry(ServiceDeployment deployment)
    {
        public ServiceDeployment Deployment { get; set; } = deployment;
        public Queue<Func<ServiceDeployment, ServiceDeployment>> Script { get; set; } = new();
    }
}
