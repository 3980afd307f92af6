using System.Text.Json.Nodes;
using EcsDeploy.Aws;
using EcsDeploy.Aws.CodeDeploy;
using EcsDeploy.Aws.Ecs;
using EcsDeploy.CodeDeploy;
using EcsDeploy.Operations;
using EcsDeploy.Runtime;
using EcsDeploy.Tests.Support;

namespace EcsDeploy.Tests.Operations;

/// <summary>A CodeDeploy group held in memory: deployments in creation order, every call recorded.</summary>
internal sealed class FakeCodeDeploy : ICodeDeployApi
{
    private int _next = 100;

    public List<DeploymentInfo> Deployments { get; } = [];
    public List<string> Calls { get; } = [];
    public List<CreateDeploymentRequest> Created { get; } = [];
    public Exception? CreateError { get; set; }
    public Exception? StopError { get; set; }
    public DeploymentGroupInfo Group { get; set; } = new() { DeploymentGroupName = "DgpECS-prod-web" };

    /// <summary>Adds a deployment whose AppSpec names <paramref name="taskDefinition"/>.</summary>
    public DeploymentInfo Add(string id, string status, string taskDefinition, string? rollbackOf = null)
    {
        var deployment = new DeploymentInfo
        {
            DeploymentId = id,
            Status = status,
            Revision = new RevisionLocation { AppSpecContent = new AppSpecContent(AppSpecYaml(taskDefinition), null) },
            RollbackInfo = rollbackOf is null ? null : new RollbackInfo(null, rollbackOf, null),
        };
        Deployments.Add(deployment);
        return deployment;
    }

    public static string AppSpecYaml(string taskDefinition) =>
        $"version: 0.0\nResources:\n  - TargetService:\n      Type: AWS::ECS::Service\n      Properties:\n        TaskDefinition: \"{taskDefinition}\"\n        LoadBalancerInfo:\n          ContainerName: web\n          ContainerPort: 8080\n";

    public void Update(string id, Func<DeploymentInfo, DeploymentInfo> change)
    {
        var index = Deployments.FindIndex(d => d.DeploymentId == id);
        Deployments[index] = change(Deployments[index]);
    }

    public DeploymentInfo Get(string id) => Deployments.Single(d => d.DeploymentId == id);

    public Task<DeploymentGroupInfo> GetDeploymentGroupAsync(string application, string deploymentGroup, CancellationToken cancellationToken)
    {
        Calls.Add("GetDeploymentGroup");
        return Task.FromResult(Group);
    }

    public Task<string> CreateDeploymentAsync(CreateDeploymentRequest request, CancellationToken cancellationToken)
    {
        Calls.Add("CreateDeployment");
        if (CreateError is { } error)
        {
            throw error;
        }

        Created.Add(request);
        var id = $"d-NEW{_next++}";
        Deployments.Add(new DeploymentInfo { DeploymentId = id, Status = DeploymentStatus.Created, Revision = request.Revision });
        OnCreated?.Invoke();

        // As over HTTP: a cancelled request loses the answer even when the deployment was created.
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(id);
    }

    /// <summary>Called when a deployment has been created or continued, before CreateDeployment or ContinueDeployment answers.</summary>
    public Action? OnCreated { get; set; }

    /// <summary>Called with the id before each GetDeployment answers, to change the group between reads.</summary>
    public Action<string>? BeforeGet { get; set; }

    public Task<DeploymentInfo> GetDeploymentAsync(string deploymentId, CancellationToken cancellationToken)
    {
        Calls.Add($"GetDeployment {deploymentId}");
        BeforeGet?.Invoke(deploymentId);
        return Task.FromResult(Get(deploymentId));
    }

    public Task<IReadOnlyList<string>> ListDeploymentTargetsAsync(string deploymentId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>(["web"]);

    public Task<EcsTarget?> GetDeploymentTargetAsync(string deploymentId, string targetId, CancellationToken cancellationToken) =>
        Task.FromResult<EcsTarget?>(new EcsTarget
        {
            DeploymentId = deploymentId,
            LifecycleEvents = [new LifecycleEvent { LifecycleEventName = "Install", Status = "Succeeded", StartTime = DateTimeOffset.UnixEpoch, EndTime = DateTimeOffset.UnixEpoch.AddSeconds(65) }],
            TaskSetsInfo = [new EcsTaskSetInfo { TaskSetLabel = "Blue", TrafficWeight = 100 }, new EcsTaskSetInfo { TaskSetLabel = "Green", TrafficWeight = 0 }],
        });

    public Task<IReadOnlyList<string>> ListDeploymentsAsync(string application, string deploymentGroup, IReadOnlyList<string>? includeOnlyStatuses, CancellationToken cancellationToken)
    {
        Calls.Add(includeOnlyStatuses is null ? "ListDeployments" : $"ListDeployments {string.Join(",", includeOnlyStatuses)}");
        IReadOnlyList<string> ids = Deployments.AsEnumerable().Reverse()
            .Where(d => includeOnlyStatuses is null || includeOnlyStatuses.Contains(d.Status))
            .Select(d => d.DeploymentId).ToArray();
        return Task.FromResult(ids);
    }

    /// <summary>Stops at once; with rollback, a rollback deployment starts (it succeeds when followed).</summary>
    public Task<(string Status, string? Message)> StopDeploymentAsync(string deploymentId, bool autoRollbackEnabled, CancellationToken cancellationToken)
    {
        Calls.Add($"StopDeployment {deploymentId} rollback={autoRollbackEnabled}");
        if (StopError is { } error)
        {
            throw error;
        }

        string? rollbackId = null;
        if (autoRollbackEnabled)
        {
            rollbackId = $"d-RB{_next++}";
            Deployments.Add(new DeploymentInfo { DeploymentId = rollbackId, Status = DeploymentStatus.InProgress, RollbackInfo = new RollbackInfo(null, deploymentId, null) });
        }

        Update(deploymentId, d => d with { Status = DeploymentStatus.Stopped, RollbackInfo = new RollbackInfo(rollbackId, null, null) });
        return Task.FromResult<(string, string?)>(("Succeeded", "Stopped by request"));
    }

    public Task ContinueDeploymentAsync(string deploymentId, string waitType, CancellationToken cancellationToken)
    {
        Calls.Add($"ContinueDeployment {deploymentId} {waitType}");
        OnCreated?.Invoke();
        cancellationToken.ThrowIfCancellationRequested();
        return Task.CompletedTask;
    }

    public static AwsServiceException LimitExceeded(string activeId) =>
        new("codedeploy", "CreateDeployment", "DeploymentLimitExceededException",
            $"The Deployment Group 'DgpECS-prod-web' already has an active Deployment '{activeId}'", "req-1", 400);
}

/// <summary>Follows by looking: a deployment that has not ended ends Succeeded (or as <see cref="Endings"/> says).</summary>
internal sealed class FakeFollower(FakeCodeDeploy codeDeploy) : IDeploymentFollower
{
    public List<string> Followed { get; } = [];
    public Dictionary<string, string> Endings { get; } = [];

    public Task<WatchResult> FollowAsync(string deploymentId, string prefix, WaitUntil waitUntil, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Followed.Add(prefix + deploymentId);
        var deployment = codeDeploy.Get(deploymentId);
        if (!DeploymentStatus.IsTerminal(deployment.Status))
        {
            var status = Endings.GetValueOrDefault(deploymentId, DeploymentStatus.Succeeded);
            codeDeploy.Update(deploymentId, d => d with { Status = status });
            deployment = codeDeploy.Get(deploymentId);
        }

        var kind = deployment.Status switch
        {
            DeploymentStatus.Succeeded => WatchOutcomeKind.Succeeded,
            DeploymentStatus.Stopped => WatchOutcomeKind.Stopped,
            _ => WatchOutcomeKind.Failed,
        };
        var state = WatchState.Start(deploymentId, waitUntil) with { Prefix = prefix, Status = deployment.Status };
        return Task.FromResult(new WatchResult(state, new WatchOutcome(kind, deployment.Status, deployment.ErrorInformation, null, deployment.RollbackInfo?.RollbackDeploymentId)));
    }
}

/// <summary>One CODE_DEPLOY service and the task definitions ECS knows.</summary>
internal sealed class FakeEcs : IEcsApi
{
    // This fake runs no one-off tasks; the run-task tests use their own fake.
    public Task<EcsTaskResult> RunTaskAsync(JsonObject request, CancellationToken cancellationToken) => throw new InvalidOperationException("RunTask was not expected in this test.");
    public Task<EcsTaskResult> DescribeTasksAsync(string cluster, IReadOnlyList<string> tasks, CancellationToken cancellationToken) => throw new InvalidOperationException("DescribeTasks was not expected in this test.");
    public Task<EcsTask> StopTaskAsync(string cluster, string task, string reason, CancellationToken cancellationToken) => throw new InvalidOperationException("StopTask was not expected in this test.");

    public EcsService? Service { get; set; }
    public HashSet<string> Registered { get; } = [];

    public Task<EcsService?> DescribeServiceAsync(string cluster, string service, CancellationToken cancellationToken) => Task.FromResult(Service);

    public Task<RegisteredTaskDefinition> RegisterTaskDefinitionAsync(JsonObject request, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<RegisteredTaskDefinition> DescribeTaskDefinitionAsync(string taskDefinition, CancellationToken cancellationToken)
    {
        var arn = taskDefinition.StartsWith("arn:", StringComparison.Ordinal) ? taskDefinition : OperationFixture.Arn(taskDefinition);
        return Registered.Contains(arn)
            ? Task.FromResult(new RegisteredTaskDefinition(new JsonObject { ["taskDefinitionArn"] = arn }, []))
            : throw new AwsServiceException("ecs", "DescribeTaskDefinition", "ClientException", "Unable to describe task definition.", null, 400);
    }
}

/// <summary>Recorded step outputs and summary.</summary>
internal sealed class RecordingOutputs : IActionOutputs, IStepSummary
{
    public Dictionary<string, string> Values { get; } = [];
    public List<string> Markdown { get; } = [];

    public void Set(string name, string value) => Values[name] = value;

    public void Append(string markdown) => Markdown.Add(markdown);
}

/// <summary>The fakes wired into an <see cref="OperationContext"/> for service "web" in cluster "prod".</summary>
internal sealed class OperationFixture
{
    public static readonly OperationTarget Target = new("prod", "web", "AppECS-prod-web", "DgpECS-prod-web");

    public FakeCodeDeploy CodeDeploy { get; } = new();
    public FakeEcs Ecs { get; } = new();
    public FakeFollower Follower { get; }
    public RecordingJobLog Log { get; } = new();
    public RecordingOutputs Outputs { get; } = new();

    public OperationFixture(string currentTaskDefinition = "web:3")
    {
        Follower = new FakeFollower(CodeDeploy);
        Ecs.Service = new EcsService
        {
            ServiceName = "web",
            Status = "ACTIVE",
            TaskDefinition = Arn(currentTaskDefinition),
            DeploymentController = new DeploymentController("CODE_DEPLOY"),
            LoadBalancers = [new EcsLoadBalancer { ContainerName = "web", ContainerPort = 8080 }],
        };
    }

    public static string Arn(string familyRevision) => $"arn:aws:ecs:us-east-1:111122223333:task-definition/{familyRevision}";

    public OperationContext Context(OperationCommand command, Func<OperationInputs, OperationInputs>? change = null)
    {
        var inputs = new OperationInputs { Command = command, Target = Target };
        return new OperationContext(change is null ? inputs : change(inputs), CodeDeploy, Ecs, Follower, Log, Outputs, Outputs, TimeProvider.System);
    }

    public Task<int> RunAsync(OperationCommand command, Func<OperationInputs, OperationInputs>? change = null, CancellationToken cancellationToken = default) =>
        OperationCommands.RunAsync(Context(command, change), cancellationToken);
}
