namespace EcsDeploy.Aws.CodeDeploy;

// Shapes follow the AWS CodeDeploy API model (codedeploy/2014-10-06); members are serialized camelCase,
// except DeploymentOverview whose members are PascalCase on the wire.

/// <summary>Deployment status values (DeploymentStatus enum).</summary>
public static class DeploymentStatus
{
    public const string Created = "Created";
    public const string Queued = "Queued";
    public const string InProgress = "InProgress";
    public const string Baking = "Baking";
    public const string Succeeded = "Succeeded";
    public const string Failed = "Failed";
    public const string Stopped = "Stopped";
    public const string Ready = "Ready";

    public static bool IsTerminal(string? status) => status is Succeeded or Failed or Stopped;
}

/// <summary>A CodeDeploy deployment as GetDeployment returns it.</summary>
public sealed record DeploymentInfo
{
    public string DeploymentId { get; init; } = "";
    public string? ApplicationName { get; init; }
    public string? DeploymentGroupName { get; init; }
    public string? DeploymentConfigName { get; init; }
    public string Status { get; init; } = "";
    public ErrorInformation? ErrorInformation { get; init; }
    public DateTimeOffset? CreateTime { get; init; }
    public DateTimeOffset? StartTime { get; init; }
    public DateTimeOffset? CompleteTime { get; init; }
    public DeploymentOverview? DeploymentOverview { get; init; }
    public string? Description { get; init; }
    public string? Creator { get; init; }
    public RollbackInfo? RollbackInfo { get; init; }
    public bool? InstanceTerminationWaitTimeStarted { get; init; }
    public BlueGreenDeploymentConfiguration? BlueGreenDeploymentConfiguration { get; init; }
    public RevisionLocation? Revision { get; init; }
    public RevisionLocation? PreviousRevision { get; init; }
    public string? ComputePlatform { get; init; }
}

/// <summary>Why a deployment failed or stopped.</summary>
public sealed record ErrorInformation(string? Code, string? Message);

/// <summary>Links between a deployment and its rollback.</summary>
public sealed record RollbackInfo(string? RollbackDeploymentId, string? RollbackTriggeringDeploymentId, string? RollbackMessage);

/// <summary>Target counts by status (PascalCase on the wire).</summary>
public sealed record DeploymentOverview
{
    [System.Text.Json.Serialization.JsonPropertyName("Pending")] public long Pending { get; init; }
    [System.Text.Json.Serialization.JsonPropertyName("InProgress")] public long InProgress { get; init; }
    [System.Text.Json.Serialization.JsonPropertyName("Succeeded")] public long Succeeded { get; init; }
    [System.Text.Json.Serialization.JsonPropertyName("Failed")] public long Failed { get; init; }
    [System.Text.Json.Serialization.JsonPropertyName("Skipped")] public long Skipped { get; init; }
    [System.Text.Json.Serialization.JsonPropertyName("Ready")] public long Ready { get; init; }
}

/// <summary>A deployment group (only the members the action uses).</summary>
public sealed record DeploymentGroupInfo
{
    public string? ApplicationName { get; init; }
    public string? DeploymentGroupId { get; init; }
    public string DeploymentGroupName { get; init; } = "";
    public string? DeploymentConfigName { get; init; }
    public string? ServiceRoleArn { get; init; }
    public AlarmConfiguration? AlarmConfiguration { get; init; }
    public AutoRollbackConfiguration? AutoRollbackConfiguration { get; init; }
    public DeploymentStyle? DeploymentStyle { get; init; }
    public BlueGreenDeploymentConfiguration? BlueGreenDeploymentConfiguration { get; init; }
    public LoadBalancerInfo? LoadBalancerInfo { get; init; }
    public IReadOnlyList<EcsServiceRef>? EcsServices { get; init; }
    public string? ComputePlatform { get; init; }
    public LastDeploymentInfo? LastSuccessfulDeployment { get; init; }
    public LastDeploymentInfo? LastAttemptedDeployment { get; init; }
}

/// <summary>The last deployment of a group.</summary>
public sealed record LastDeploymentInfo(string? DeploymentId, string? Status, DateTimeOffset? EndTime, DateTimeOffset? CreateTime);

/// <summary>A group's alarms.</summary>
public sealed record AlarmConfiguration
{
    public bool? Enabled { get; init; }
    public bool? IgnorePollAlarmFailure { get; init; }
    public IReadOnlyList<Alarm>? Alarms { get; init; }
}

/// <summary>A CloudWatch alarm by name.</summary>
public sealed record Alarm(string? Name);

/// <summary>Whether and when a group rolls back by itself.</summary>
public sealed record AutoRollbackConfiguration
{
    public bool? Enabled { get; init; }
    public IReadOnlyList<string>? Events { get; init; }
}

/// <summary>BLUE_GREEN / WITH_TRAFFIC_CONTROL for ECS.</summary>
public sealed record DeploymentStyle(string? DeploymentType, string? DeploymentOption);

/// <summary>Ready wait and termination wait of a blue/green group.</summary>
public sealed record BlueGreenDeploymentConfiguration
{
    public BlueInstanceTerminationOption? TerminateBlueInstancesOnDeploymentSuccess { get; init; }
    public DeploymentReadyOption? DeploymentReadyOption { get; init; }
}

/// <summary>What happens to the blue task set, and after how many minutes.</summary>
public sealed record BlueInstanceTerminationOption(string? Action, int? TerminationWaitTimeInMinutes);

/// <summary>CONTINUE_DEPLOYMENT or STOP_DEPLOYMENT, and the ready wait in minutes.</summary>
public sealed record DeploymentReadyOption(string? ActionOnTimeout, int? WaitTimeInMinutes);

/// <summary>Target group pairs and listeners of an ECS blue/green group.</summary>
public sealed record LoadBalancerInfo
{
    public IReadOnlyList<TargetGroupPairInfo>? TargetGroupPairInfoList { get; init; }
}

/// <summary>Blue and green target groups with their production and test listeners.</summary>
public sealed record TargetGroupPairInfo
{
    public IReadOnlyList<TargetGroupInfo>? TargetGroups { get; init; }
    public TrafficRoute? ProdTrafficRoute { get; init; }
    public TrafficRoute? TestTrafficRoute { get; init; }
}

/// <summary>A target group by name.</summary>
public sealed record TargetGroupInfo(string? Name);

/// <summary>Listener ARNs of a traffic route.</summary>
public sealed record TrafficRoute(IReadOnlyList<string>? ListenerArns);

/// <summary>The ECS service a group deploys.</summary>
public sealed record EcsServiceRef(string? ServiceName, string? ClusterName);

/// <summary>A revision: for ECS, an AppSpec given inline.</summary>
public sealed record RevisionLocation
{
    public string RevisionType { get; init; } = "AppSpecContent";
    public AppSpecContent? AppSpecContent { get; init; }
}

/// <summary>AppSpec text and its SHA-256 (hex).</summary>
public sealed record AppSpecContent(string? Content, string? Sha256);

/// <summary>The CreateDeployment request.</summary>
public sealed record CreateDeploymentRequest
{
    public string ApplicationName { get; init; } = "";
    public string DeploymentGroupName { get; init; } = "";
    public RevisionLocation Revision { get; init; } = new();
    public string? DeploymentConfigName { get; init; }
    public string? Description { get; init; }
}

/// <summary>The ECS target of a deployment: lifecycle events and task sets.</summary>
public sealed record EcsTarget
{
    public string? DeploymentId { get; init; }
    public string? TargetId { get; init; }
    public string? TargetArn { get; init; }
    public DateTimeOffset? LastUpdatedAt { get; init; }
    public IReadOnlyList<LifecycleEvent>? LifecycleEvents { get; init; }
    public string? Status { get; init; }
    public IReadOnlyList<EcsTaskSetInfo>? TaskSetsInfo { get; init; }
}

/// <summary>One lifecycle event of a deployment target.</summary>
public sealed record LifecycleEvent
{
    public string LifecycleEventName { get; init; } = "";
    public Diagnostics? Diagnostics { get; init; }
    public DateTimeOffset? StartTime { get; init; }
    public DateTimeOffset? EndTime { get; init; }
    public string? Status { get; init; }
}

/// <summary>Why a lifecycle event failed.</summary>
public sealed record Diagnostics
{
    public string? ErrorCode { get; init; }
    public string? ScriptName { get; init; }
    public string? Message { get; init; }
    public string? LogTail { get; init; }
}

/// <summary>A task set as CodeDeploy reports it (the model spells the id member "identifer").</summary>
public sealed record EcsTaskSetInfo
{
    public string? Identifer { get; init; }
    public long? DesiredCount { get; init; }
    public long? PendingCount { get; init; }
    public long? RunningCount { get; init; }
    public string? Status { get; init; }
    public double? TrafficWeight { get; init; }
    public TargetGroupInfo? TargetGroup { get; init; }
    public string? TaskSetLabel { get; init; }
}
