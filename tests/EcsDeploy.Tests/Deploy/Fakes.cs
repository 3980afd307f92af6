using System.Text.Json.Nodes;
using EcsDeploy.Aws;
using EcsDeploy.Aws.CodeDeploy;
using EcsDeploy.Aws.Ecr;
using EcsDeploy.Aws.Ecs;

namespace EcsDeploy.Tests.Deploy;

/// <summary>A CodeDeploy that plays polls from a script: each GetDeployment takes the next entry (the last one repeats).</summary>
internal sealed class ScriptedCodeDeploy : ICodeDeployApi
{
    private readonly List<Func<(DeploymentInfo Deployment, EcsTarget? Target)>> _script = [];
    private int _position = -1;
    private (DeploymentInfo Deployment, EcsTarget? Target) _current;

    public List<string> Calls { get; } = [];
    public DeploymentGroupInfo Group { get; set; } = new() { DeploymentGroupName = "DgpECS-default-web", AutoRollbackConfiguration = new AutoRollbackConfiguration { Enabled = true } };
    public Dictionary<string, DeploymentInfo> Others { get; } = new(StringComparer.Ordinal);
    public CreateDeploymentRequest? Created { get; private set; }
    public Action? BeforeGetDeployment { get; set; }

    /// <summary>Awaited as ListDeployments and GetDeploymentGroup arrive, before they answer (see <see cref="Support.ArrivalGate"/>).</summary>
    public Func<string, CancellationToken, Task>? Arriving { get; set; }
    public Func<AwsServiceException?>? ListFails { get; set; }
    public Func<AwsServiceException?>? GroupFails { get; set; }

    private readonly Lock _calls = new();

    // The deploy's first reads run at once, so calls may be recorded from several threads.
    private void Record(string call)
    {
        lock (_calls)
        {
            Calls.Add(call);
        }
    }

    public ScriptedCodeDeploy Then(DeploymentInfo deployment, EcsTarget? target = null)
    {
        _script.Add(() => (deployment, target));
        return this;
    }

    public ScriptedCodeDeploy ThenThrow(AwsServiceException error)
    {
        _script.Add(() => throw error);
        return this;
    }

    public async Task<DeploymentGroupInfo> GetDeploymentGroupAsync(string application, string deploymentGroup, CancellationToken cancellationToken)
    {
        Record("GetDeploymentGroup");
        await (Arriving?.Invoke("GetDeploymentGroup", cancellationToken) ?? Task.CompletedTask);
        return GroupFails?.Invoke() is { } error ? throw error : Group;
    }

    /// <summary>Runs when CodeDeploy has created the deployment, before the answer is returned.</summary>
    public Action? OnCreate { get; set; }

    public Task<string> CreateDeploymentAsync(CreateDeploymentRequest request, CancellationToken cancellationToken)
    {
        Record("CreateDeployment");
        Created = request;
        OnCreate?.Invoke();

        // As over HTTP: a cancelled request loses the answer even when the deployment was created.
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult("d-1");
    }

    public Task<DeploymentInfo> GetDeploymentAsync(string deploymentId, CancellationToken cancellationToken)
    {
        BeforeGetDeployment?.Invoke();
        cancellationToken.ThrowIfCancellationRequested();
        Record("GetDeployment");
        if (Others.TryGetValue(deploymentId, out var other))
        {
            return Task.FromResult(other);
        }

        _position = Math.Min(_position + 1, _script.Count - 1);
        _current = _script[_position]();
        return Task.FromResult(_current.Deployment);
    }

    public Task<IReadOnlyList<string>> ListDeploymentTargetsAsync(string deploymentId, CancellationToken cancellationToken)
    {
        Record("ListDeploymentTargets");
        return Task.FromResult<IReadOnlyList<string>>(["web"]);
    }

    public Task<EcsTarget?> GetDeploymentTargetAsync(string deploymentId, string targetId, CancellationToken cancellationToken)
    {
        Record("GetDeploymentTarget");
        return Task.FromResult(Others.ContainsKey(deploymentId) ? null : _current.Target);
    }

    public async Task<IReadOnlyList<string>> ListDeploymentsAsync(string application, string deploymentGroup, IReadOnlyList<string>? includeOnlyStatuses, CancellationToken cancellationToken)
    {
        Record("ListDeployments");
        await (Arriving?.Invoke("ListDeployments", cancellationToken) ?? Task.CompletedTask);
        return ListFails?.Invoke() is { } error ? throw error : [];
    }

    /// <summary>Runs when StopDeployment is called, before it answers (it may throw, or change what later polls see).</summary>
    public Action? OnStop { get; set; }

    public Task<(string Status, string? Message)> StopDeploymentAsync(string deploymentId, bool autoRollbackEnabled, CancellationToken cancellationToken)
    {
        Record($"StopDeployment({deploymentId},{autoRollbackEnabled})");
        OnStop?.Invoke();
        return Task.FromResult(("Pending", (string?)null));
    }

    public Task ContinueDeploymentAsync(string deploymentId, string waitType, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>An ECS with one service; records registrations.</summary>
internal sealed class FakeEcs : IEcsApi, IEcrApi
{
    // This fake runs no one-off tasks; the run-task tests use their own fake.
    public Task<EcsTaskResult> RunTaskAsync(JsonObject request, CancellationToken cancellationToken) => throw new InvalidOperationException("RunTask was not expected in this test.");
    public Task<EcsTaskResult> DescribeTasksAsync(string cluster, IReadOnlyList<string> tasks, CancellationToken cancellationToken) => throw new InvalidOperationException("DescribeTasks was not expected in this test.");
    public Task<EcsTask> StopTaskAsync(string cluster, string task, string reason, CancellationToken cancellationToken) => throw new InvalidOperationException("StopTask was not expected in this test.");

    public List<string> Calls { get; } = [];
    public List<JsonObject> Registered { get; } = [];

    public EcsService? Service { get; set; } = new()
    {
        ServiceName = "web",
        Status = "ACTIVE",
        DeploymentController = new DeploymentController("CODE_DEPLOY"),
        LoadBalancers = [new EcsLoadBalancer { ContainerName = "web", ContainerPort = 80 }],
    };

    public Task<EcsService?> DescribeServiceAsync(string cluster, string service, CancellationToken cancellationToken)
    {
        Calls.Add("DescribeServices");
        return Task.FromResult(Service);
    }

    public Task<RegisteredTaskDefinition> RegisterTaskDefinitionAsync(JsonObject request, CancellationToken cancellationToken)
    {
        Calls.Add("RegisterTaskDefinition");
        Registered.Add(request);
        var definition = (JsonObject)request.DeepClone();
        definition["taskDefinitionArn"] = "arn:aws:ecs:us-east-1:111122223333:task-definition/web:8";
        return Task.FromResult(new RegisteredTaskDefinition(definition, []));
    }

    public Task<RegisteredTaskDefinition> DescribeTaskDefinitionAsync(string taskDefinition, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<EcrImageDetail> DescribeImageAsync(string region, string registryId, string repositoryName, string? imageTag, string? imageDigest, CancellationToken cancellationToken) =>
        throw new NotSupportedException();
}
