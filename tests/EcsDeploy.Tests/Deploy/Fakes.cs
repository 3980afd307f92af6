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

    public Task<DeploymentGroupInfo> GetDeploymentGroupAsync(string application, string deploymentGroup, CancellationToken cancellationToken)
    {
        Calls.Add("GetDeploymentGroup");
        return Task.FromResult(Group);
    }

    /// <summary>Runs when CodeDeploy has created the deployment, before the answer is returned.</summary>
    public Action? OnCreate { get; set; }

    public Task<string> CreateDeploymentAsync(CreateDeploymentRequest request, CancellationToken cancellationToken)
    {
        Calls.Add("CreateDeployment");
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
        Calls.Add("GetDeployment");
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
        Calls.Add("ListDeploymentTargets");
        return Task.FromResult<IReadOnlyList<string>>(["web"]);
    }

    public Task<EcsTarget?> GetDeploymentTargetAsync(string deploymentId, string targetId, CancellationToken cancellationToken)
    {
        Calls.Add("GetDeploymentTarget");
        return Task.FromResult(Others.ContainsKey(deploymentId) ? null : _current.Target);
    }

    public Task<IReadOnlyList<string>> ListDeploymentsAsync(string application, string deploymentGroup, IReadOnlyList<string>? includeOnlyStatuses, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([]);

    /// <summary>Runs when StopDeployment is called, before it answers (it may throw, or change what later polls see).</summary>
    public Action? OnStop { get; set; }

    public Task<(string Status, string? Message)> StopDeploymentAsync(string deploymentId, bool autoRollbackEnabled, CancellationToken cancellationToken)
    {
        Calls.Add($"StopDeployment({deploymentId},{autoRollbackEnabled})");
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
