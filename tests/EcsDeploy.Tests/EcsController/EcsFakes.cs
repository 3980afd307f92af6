using System.Text.Json.Nodes;
using EcsDeploy.Aws;
using EcsDeploy.Aws.Ecr;
using EcsDeploy.Aws.Ecs;

namespace EcsDeploy.Tests.EcsController;

/// <summary>An ECS with one ECS-controller service and a script of service deployment polls (the last one repeats).</summary>
internal sealed class ScriptedEcs : IEcsApi, IEcsDeploymentsApi, IEcrApi
{
    public const string Arn = "arn:aws:ecs:us-east-1:111122223333:service-deployment/default/web/sd-1";
    public const string NewTaskDefinition = "arn:aws:ecs:us-east-1:111122223333:task-definition/web:8";
    public const string OldTaskDefinition = "arn:aws:ecs:us-east-1:111122223333:task-definition/web:7";

    private readonly List<Func<ServiceDeployment>> _script = [];
    private int _position = -1;

    public List<string> Calls { get; } = [];
    public List<JsonObject> Updates { get; } = [];
    public List<(string Arn, string StopType)> Stops { get; } = [];

    public EcsService Service { get; set; } = new()
    {
        ServiceName = "web",
        ServiceArn = "arn:aws:ecs:us-east-1:111122223333:service/default/web",
        Status = "ACTIVE",
        TaskDefinition = OldTaskDefinition,
        DeploymentController = new DeploymentController("ECS"),
        DesiredCount = 2,
    };

    /// <summary>What ListServiceDeployments lists (newest first).</summary>
    public List<ServiceDeploymentBrief> Listed { get; } = [];
    public List<EcsTask> StoppedTasks { get; } = [];
    public Func<JsonObject, EcsService>? OnUpdate { get; set; }

    /// <summary>Thrown after UpdateService took effect: the answer is lost on its way back.</summary>
    public Queue<AwsServiceException> UpdateAnswersLost { get; } = new();
    public Action? OnStop { get; set; }
    public Action? BeforeDescribeDeployment { get; set; }
    public Func<AwsServiceException?>? ListFails { get; set; }

    /// <summary>Awaited as ListServiceDeployments and DescribeTaskDefinition arrive, before they answer (see <see cref="Support.ArrivalGate"/>).</summary>
    public Func<string, CancellationToken, Task>? Arriving { get; set; }
    public Func<AwsServiceException?>? DescribeTaskDefinitionFails { get; set; }

    private readonly Lock _calls = new();

    // The deploy's first reads run at once, so calls may be recorded from several threads.
    private void Record(string call)
    {
        lock (_calls)
        {
            Calls.Add(call);
        }
    }

    public ScriptedEcs Then(ServiceDeployment deployment)
    {
        _script.Add(() => deployment);
        return this;
    }

    public ScriptedEcs ThenThrow(AwsServiceException error)
    {
        _script.Add(() => throw error);
        return this;
    }

    public Task<EcsService?> DescribeServiceAsync(string cluster, string service, CancellationToken cancellationToken)
    {
        Record("DescribeServices");
        return Task.FromResult<EcsService?>(Service);
    }

    public Task<RegisteredTaskDefinition> RegisterTaskDefinitionAsync(JsonObject request, CancellationToken cancellationToken)
    {
        Record("RegisterTaskDefinition");
        var definition = (JsonObject)request.DeepClone();
        definition["taskDefinitionArn"] = NewTaskDefinition;
        return Task.FromResult(new RegisteredTaskDefinition(definition, []));
    }

    public async Task<RegisteredTaskDefinition> DescribeTaskDefinitionAsync(string taskDefinition, CancellationToken cancellationToken)
    {
        Record("DescribeTaskDefinition");
        await (Arriving?.Invoke("DescribeTaskDefinition", cancellationToken) ?? Task.CompletedTask);
        if (DescribeTaskDefinitionFails?.Invoke() is { } error)
        {
            throw error;
        }

        var definition = new JsonObject
        {
            ["taskDefinitionArn"] = OldTaskDefinition,
            ["family"] = "web",
            ["revision"] = 7,
            ["containerDefinitions"] = new JsonArray(new JsonObject { ["name"] = "web", ["image"] = "nginx:1.26" }),
        };
        return new RegisteredTaskDefinition(definition, []);
    }

    public Task<EcsTaskResult> RunTaskAsync(JsonObject request, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<EcsTaskResult> DescribeTasksAsync(string cluster, IReadOnlyList<string> tasks, CancellationToken cancellationToken)
    {
        Record("DescribeTasks");
        return Task.FromResult(new EcsTaskResult([.. StoppedTasks.Where(t => tasks.Contains(t.TaskArn))], []));
    }

    public Task<EcsTask> StopTaskAsync(string cluster, string task, string reason, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<EcrImageDetail> DescribeImageAsync(string region, string registryId, string repositoryName, string? imageTag, string? imageDigest, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<EcsService> UpdateServiceAsync(JsonObject request, CancellationToken cancellationToken)
    {
        Record("UpdateService");
        Updates.Add(request);
        var updated = OnUpdate?.Invoke(request) ?? Service with { TaskDefinition = request["taskDefinition"]?.GetValue<string>() ?? Service.TaskDefinition };
        Service = updated;
        if (UpdateAnswersLost.TryDequeue(out var lost))
        {
            throw lost;
        }

        return Task.FromResult(updated);
    }

    public async Task<ServiceDeploymentPage> ListServiceDeploymentsAsync(ListServiceDeploymentsRequest request, CancellationToken cancellationToken)
    {
        Record("ListServiceDeployments");
        await (Arriving?.Invoke("ListServiceDeployments", cancellationToken) ?? Task.CompletedTask);
        if (ListFails?.Invoke() is { } error)
        {
            throw error;
        }

        var listed = Listed.Where(d => request.CreatedAt?.After is not { } after || d.CreatedAt >= after)
            .Where(d => request.Status is null || request.Status.Contains(d.Status ?? ""));
        return new ServiceDeploymentPage([.. listed], null);
    }

    public Task<ServiceDeploymentResult> DescribeServiceDeploymentsAsync(IReadOnlyList<string> serviceDeploymentArns, CancellationToken cancellationToken)
    {
        BeforeDescribeDeployment?.Invoke();
        cancellationToken.ThrowIfCancellationRequested();
        Record("DescribeServiceDeployments");
        _position = Math.Min(_position + 1, _script.Count - 1);
        var deployment = _script[_position]();
        return Task.FromResult(new ServiceDeploymentResult([deployment with { ServiceDeploymentArn = serviceDeploymentArns[0] }], []));
    }

    public Task<IReadOnlyList<ServiceRevision>> DescribeServiceRevisionsAsync(IReadOnlyList<string> serviceRevisionArns, CancellationToken cancellationToken)
    {
        Record("DescribeServiceRevisions");
        return Task.FromResult<IReadOnlyList<ServiceRevision>>([.. serviceRevisionArns.Select(a => new ServiceRevision { ServiceRevisionArn = a, TaskDefinition = a.EndsWith("/new", StringComparison.Ordinal) ? NewTaskDefinition : OldTaskDefinition })]);
    }

    public Task StopServiceDeploymentAsync(string serviceDeploymentArn, string stopType, CancellationToken cancellationToken)
    {
        Record($"StopServiceDeployment({stopType})");
        Stops.Add((serviceDeploymentArn, stopType));
        OnStop?.Invoke();
        return Task.CompletedTask;
    }

    public Task ContinueServiceDeploymentAsync(string serviceDeploymentArn, string hookId, string action, CancellationToken cancellationToken)
    {
        Record($"ContinueServiceDeployment({action})");
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> ListTasksAsync(ListTasksRequest request, CancellationToken cancellationToken)
    {
        Record("ListTasks");
        return Task.FromResult<IReadOnlyList<string>>([.. StoppedTasks.Select(t => t.TaskArn)]);
    }

    /// <summary>A service deployment with the new revision as target ("…/new") and the old one as source.</summary>
    public static ServiceDeployment Deployment(string status, string? stage = null, double? production = null, int running = 0, int oldRunning = 2) => new()
    {
        ServiceDeploymentArn = Arn,
        Status = status,
        LifecycleStage = stage,
        CreatedAt = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero),
        TargetServiceRevision = new ServiceRevisionSummary { Arn = "arn:aws:ecs:us-east-1:111122223333:service-revision/default/web/new", RequestedTaskCount = 2, RunningTaskCount = running, RequestedProductionTrafficWeight = production, RequestedTestTrafficWeight = production is null ? null : production == 0 ? 0 : 100 },
        SourceServiceRevisions = [new ServiceRevisionSummary { Arn = "arn:aws:ecs:us-east-1:111122223333:service-revision/default/web/old", RequestedTaskCount = 2, RunningTaskCount = oldRunning }],
    };
}
