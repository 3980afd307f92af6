using System.Text.Json.Nodes;

namespace EcsDeploy.Sandbox.State;

// The sandbox's whole state. Every handler reads and writes it under World.Gate, so requests are
// serialised; the sandbox is for tests and demos, not for throughput.
// Time: nothing runs in the background. Handlers call CodeDeploy's "advance to now" before answering,
// so the lifecycle is a function of simulated time (see SandboxClock) and the scenario.

/// <summary>All state of one sandbox instance.</summary>
public sealed class World
{
    public object Gate { get; } = new();
    public string AccountId { get; set; } = "111122223333";
    public string Region { get; set; } = "us-east-1";

    /// <summary>Access key id to secret key; a request signed with any other key is refused.</summary>
    public Dictionary<string, string> Credentials { get; } = new(StringComparer.Ordinal);

    /// <summary>Task definitions by family; the revision is the index + 1.</summary>
    public Dictionary<string, List<TaskDefinitionState>> TaskDefinitions { get; } = new(StringComparer.Ordinal);

    /// <summary>Clusters by name.</summary>
    public Dictionary<string, ClusterState> Clusters { get; } = new(StringComparer.Ordinal);

    /// <summary>CodeDeploy applications by name.</summary>
    public Dictionary<string, ApplicationState> Applications { get; } = new(StringComparer.Ordinal);

    /// <summary>Custom deployment configurations by name (the CodeDeployDefault.ECS* ones are built in).</summary>
    public Dictionary<string, DeploymentConfigState> DeploymentConfigs { get; } = new(StringComparer.Ordinal);

    /// <summary>Deployments by id, in creation order.</summary>
    public Dictionary<string, DeploymentState> Deployments { get; } = new(StringComparer.Ordinal);

    /// <summary>ECR repositories by name.</summary>
    public Dictionary<string, RepositoryState> Repositories { get; } = new(StringComparer.Ordinal);

    /// <summary>How the next deployments behave, consumed one per CreateDeployment (rollbacks consume none); empty means "succeeds".</summary>
    public Queue<DeploymentBehavior> NextDeployments { get; } = new();

    /// <summary>How the next RunTask calls behave, consumed one per call; empty means "the task exits with 0 after 60 s".</summary>
    public Queue<RunTaskBehavior> NextRunTasks { get; } = new();

    /// <summary>One-off tasks by ARN: how each behaves and whether StopTask was called.</summary>
    public Dictionary<string, OneOffTaskState> OneOffTasks { get; } = new(StringComparer.Ordinal);

    /// <summary>Service deployments of ECS-controller services by ARN, in creation order.</summary>
    public Dictionary<string, ServiceDeploymentState> ServiceDeployments { get; } = new(StringComparer.Ordinal);

    /// <summary>Service revisions by ARN.</summary>
    public Dictionary<string, ServiceRevisionState> ServiceRevisions { get; } = new(StringComparer.Ordinal);

    /// <summary>How the next ECS service deployments behave, consumed one per deployment UpdateService starts; empty means "succeeds".</summary>
    public Queue<EcsDeploymentBehavior> NextServiceDeployments { get; } = new();

    /// <summary>Requests seen, for the control API's request log.</summary>
    public List<RequestLogEntry> RequestLog { get; } = [];

    public int NextId { get; set; } = 1;
}

/// <summary>One registered task definition revision.</summary>
public sealed class TaskDefinitionState
{
    public required string Arn { get; init; }
    public required string Family { get; init; }
    public required int Revision { get; init; }
    /// <summary>The definition as DescribeTaskDefinition returns it, read-only fields included.</summary>
    public required JsonObject Definition { get; init; }
    public JsonArray Tags { get; init; } = [];
    public string Status { get; set; } = "ACTIVE";
}

/// <summary>An ECS cluster and its services.</summary>
public sealed class ClusterState
{
    public required string Name { get; init; }
    public required string Arn { get; init; }
    public Dictionary<string, ServiceState> Services { get; } = new(StringComparer.Ordinal);
    public List<JsonObject> Tasks { get; } = [];
}

/// <summary>An ECS service.</summary>
public sealed class ServiceState
{
    public required string Name { get; init; }
    public required string Arn { get; init; }
    public required string ClusterArn { get; init; }
    public string Status { get; set; } = "ACTIVE";
    public string TaskDefinitionArn { get; set; } = "";
    /// <summary>ECS, CODE_DEPLOY or EXTERNAL.</summary>
    public string DeploymentController { get; set; } = "CODE_DEPLOY";
    public int DesiredCount { get; set; } = 2;
    public string? LaunchType { get; set; } = "FARGATE";
    public string? PlatformVersion { get; set; }
    /// <summary>loadBalancers as ECS returns them (targetGroupArn, containerName, containerPort).</summary>
    public JsonArray LoadBalancers { get; set; } = [];
    public JsonObject? NetworkConfiguration { get; set; }
    public JsonArray? CapacityProviderStrategy { get; set; }
    public List<TaskSetState> TaskSets { get; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>ECS's DeploymentConfiguration of an ECS-controller service, as DescribeServices returns it.</summary>
    public JsonObject DeploymentConfiguration { get; set; } = [];
    public string PropagateTags { get; set; } = "NONE";
    public bool EnableEcsManagedTags { get; set; }
    public JsonArray? VolumeConfigurations { get; set; }
    /// <summary>Service events, oldest first (DescribeServices shows the newest first).</summary>
    public List<ServiceEventState> Events { get; } = [];
    /// <summary>Tasks the service started for its revisions (ECS controller only).</summary>
    public List<ServiceTaskState> Tasks { get; } = [];
    /// <summary>ARNs of the revisions with tasks or traffic, oldest first; the last is the newest.</summary>
    public List<string> ActiveRevisionArns { get; } = [];
    public string? CurrentServiceDeploymentArn { get; set; }
}

/// <summary>A task set of a CODE_DEPLOY service.</summary>
public sealed class TaskSetState
{
    public required string Id { get; init; }
    public required string Arn { get; init; }
    public required string TaskDefinitionArn { get; init; }
    /// <summary>PRIMARY, ACTIVE or DRAINING.</summary>
    public string Status { get; set; } = "ACTIVE";
    /// <summary>Blue (the one serving before the deployment) or Green.</summary>
    public required string Label { get; set; }
    public double ScalePercent { get; set; } = 100;
    public double TrafficWeight { get; set; }
    public string? TargetGroupName { get; set; }
    public int RunningCount { get; set; }
}

/// <summary>A CodeDeploy application with its deployment groups.</summary>
public sealed class ApplicationState
{
    public required string Name { get; init; }
    public required string Id { get; init; }
    public string ComputePlatform { get; init; } = "ECS";
    public DateTimeOffset CreatedAt { get; init; }
    public Dictionary<string, DeploymentGroupState> Groups { get; } = new(StringComparer.Ordinal);
}

/// <summary>A CodeDeploy deployment group for one ECS service.</summary>
public sealed class DeploymentGroupState
{
    public required string Name { get; init; }
    public required string Id { get; init; }
    public required string ClusterName { get; init; }
    public required string ServiceName { get; init; }
    public string DeploymentConfigName { get; set; } = "CodeDeployDefault.ECSAllAtOnce";
    public string ServiceRoleArn { get; set; } = "";
    public bool AutoRollbackEnabled { get; set; } = true;
    /// <summary>DEPLOYMENT_FAILURE, DEPLOYMENT_STOP_ON_ALARM, DEPLOYMENT_STOP_ON_REQUEST.</summary>
    public List<string> AutoRollbackEvents { get; } = ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM", "DEPLOYMENT_STOP_ON_REQUEST"];
    public List<string> Alarms { get; } = [];
    /// <summary>CONTINUE_DEPLOYMENT (no ready wait) or STOP_DEPLOYMENT (wait for ContinueDeployment).</summary>
    public string ReadyAction { get; set; } = "CONTINUE_DEPLOYMENT";
    public int ReadyWaitMinutes { get; set; }
    public int TerminationWaitMinutes { get; set; }
    /// <summary>Blue and green target group names.</summary>
    public List<string> TargetGroups { get; } = ["tg-blue", "tg-green"];
    public List<string> ProdListenerArns { get; } = [];
    public List<string> TestListenerArns { get; } = [];
    public string? LastSuccessfulDeploymentId { get; set; }
    public string? LastAttemptedDeploymentId { get; set; }
}

/// <summary>A custom deployment configuration (traffic routing for ECS).</summary>
public sealed class DeploymentConfigState
{
    public required string Name { get; init; }
    /// <summary>AllAtOnce, TimeBasedCanary or TimeBasedLinear.</summary>
    public required string Type { get; init; }
    public int Percentage { get; init; }
    public int IntervalMinutes { get; init; }
}

/// <summary>How one deployment behaves; from the scenario.</summary>
public sealed class DeploymentBehavior
{
    /// <summary>Lifecycle event whose hook fails (for example AfterAllowTestTraffic), or null.</summary>
    public string? FailEvent { get; init; }
    public string FailErrorCode { get; init; } = "ScriptFailed";
    public string FailMessage { get; init; } = "The hook reported a failure.";
    public string? FailLogTail { get; init; }
    /// <summary>Simulated minutes after the start at which an alarm goes off (ALARM_ACTIVE), or null.</summary>
    public double? AlarmAtMinute { get; init; }
    public string AlarmName { get; init; } = "sandbox-5xx-alarm";
    /// <summary>Simulated minutes after the start at which the green tasks fail health checks (HEALTH_CONSTRAINTS), or null.</summary>
    public double? HealthFailAtMinute { get; init; }
    /// <summary>Simulated seconds each hook takes.</summary>
    public double HookSeconds { get; init; } = 20;
}

/// <summary>How the tasks of one RunTask call behave; from the scenario's runTasks.</summary>
public sealed class RunTaskBehavior
{
    /// <summary>Exit code of the task's first container (the others exit with 0).</summary>
    public int ExitCode { get; init; }
    /// <summary>The container's reason, shown with a non-zero exit code.</summary>
    public string? Reason { get; init; }
    /// <summary>Simulated seconds the task runs once RUNNING.</summary>
    public double RunSeconds { get; init; } = 60;
    /// <summary>When set, RunTask starts no task and answers with this failure reason (for example RESOURCE:MEMORY).</summary>
    public string? Failure { get; init; }
    public string? FailureDetail { get; init; }
}

/// <summary>A one-off task's behaviour, start and stop request.</summary>
public sealed class OneOffTaskState
{
    public required RunTaskBehavior Behavior { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? StopRequestedAt { get; set; }
    public string? StopReason { get; set; }
}

/// <summary>A deployment and everything CodeDeploy reports about it.</summary>
public sealed class DeploymentState
{
    public required string Id { get; init; }
    public required string ApplicationName { get; init; }
    public required string GroupName { get; init; }
    public required string ConfigName { get; init; }
    public required string Creator { get; init; }
    public string? Description { get; init; }
    public required string AppSpecContent { get; init; }
    public string? AppSpecSha256 { get; init; }
    /// <summary>The task definition the AppSpec names (green).</summary>
    public required string TaskDefinitionArn { get; init; }
    /// <summary>The task definition the service ran before (blue).</summary>
    public required string PreviousTaskDefinitionArn { get; init; }
    public required DateTimeOffset CreateTime { get; init; }
    public DeploymentBehavior Behavior { get; init; } = new();
    public string Status { get; set; } = "Created";
    public DateTimeOffset? StartTime { get; set; }
    public DateTimeOffset? CompleteTime { get; set; }
    public string? ErrorCode { get; set; }
    public string? ErrorMessage { get; set; }
    public string? RollbackDeploymentId { get; set; }
    public string? RollbackTriggeringDeploymentId { get; set; }
    public string? RollbackMessage { get; set; }
    public bool InstanceTerminationWaitTimeStarted { get; set; }
    /// <summary>Engine bookkeeping, owned by the CodeDeploy simulation.</summary>
    public Dictionary<string, object?> Engine { get; } = new(StringComparer.Ordinal);
}

/// <summary>An ECR repository and its images.</summary>
public sealed class RepositoryState
{
    public required string Name { get; init; }
    public required string Arn { get; init; }
    public required string Uri { get; init; }
    public List<ImageState> Images { get; } = [];
}

/// <summary>An image in a repository.</summary>
public sealed class ImageState
{
    public required string Digest { get; init; }
    public List<string> Tags { get; } = [];
    public DateTimeOffset PushedAt { get; init; }
    public long SizeInBytes { get; init; } = 31_457_280;
}

/// <summary>One request the sandbox answered.</summary>
public sealed record RequestLogEntry(string Service, string Operation, string Body, int Status, string? ErrorCode);
