using System.Text.Json.Nodes;
using EcsDeploy.Sandbox.EcsDeployments;

namespace EcsDeploy.Sandbox.State;

/// <summary>A service revision: the task definition and settings one deployment of an ECS-controller service runs.</summary>
public sealed class ServiceRevisionState
{
    public required string Arn { get; init; }
    /// <summary>The nineteen digits shared by the revision ARN and the deployments[] id (ecs-svc/…).</summary>
    public required string Id { get; init; }
    public required string ServiceArn { get; init; }
    public required string ClusterArn { get; init; }
    public required string TaskDefinitionArn { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public JsonArray? VolumeConfigurations { get; init; }
    /// <summary>The target group the revision's tasks register in, when the service has a load balancer.</summary>
    public string? TargetGroupArn { get; init; }
    /// <summary>Tasks this revision is asked to run.</summary>
    public int RequestedTaskCount { get; set; }
    public double ProductionTrafficWeight { get; set; }
    public double TestTrafficWeight { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>ECS's deployments[] rolloutState of this revision: IN_PROGRESS, COMPLETED or FAILED.</summary>
    public string RolloutState { get; set; } = "IN_PROGRESS";
    public string RolloutStateReason { get; set; } = "";

    public string DeploymentId => "ecs-svc/" + Id;
}

/// <summary>A task a service runs for one of its revisions; its status is a function of these times.</summary>
public sealed class ServiceTaskState
{
    public required string Arn { get; init; }
    public required string RevisionArn { get; init; }
    public required string TaskDefinitionArn { get; init; }
    public required string StartedBy { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>When it turns RUNNING, or null when it never does (failed to start).</summary>
    public DateTimeOffset? RunningAt { get; set; }
    public DateTimeOffset? StoppedAt { get; set; }
    public string? StopCode { get; set; }
    public string? StoppedReason { get; set; }
    /// <summary>The essential container's exit code once stopped after running.</summary>
    public int? ExitCode { get; set; }
    public string? ContainerReason { get; set; }
    /// <summary>Whether the service counts it as failed (circuit breaker).</summary>
    public bool Failed { get; set; }
    /// <summary>Whether it was registered in its revision's target group (and so is drained when stopped).</summary>
    public bool Registered { get; set; }
    /// <summary>Whether its failed health checks were written to the service's events.</summary>
    public bool FailureReported { get; set; }

    public bool IsStoppedAt(DateTimeOffset now) => StoppedAt is { } s && s <= now;

    public bool IsRunningAt(DateTimeOffset now) => RunningAt is { } r && r <= now && !IsStoppedAt(now);
}

/// <summary>One event of a service's event log.</summary>
public sealed record ServiceEventState(string Id, DateTimeOffset CreatedAt, string Message);

/// <summary>One run of a lifecycle hook within a service deployment.</summary>
public sealed class HookRunState
{
    public required string HookId { get; init; }
    public required string TargetType { get; init; }
    public string? TargetArn { get; init; }
    public required string Stage { get; init; }
    /// <summary>AWAITING_ACTION, IN_PROGRESS, SUCCEEDED, FAILED or TIMED_OUT.</summary>
    public string Status { get; set; } = "IN_PROGRESS";
    public DateTimeOffset? ExpiresAt { get; init; }
    public string? TimeoutAction { get; init; }
}

/// <summary>How one service deployment behaves; from the scenario's serviceDeployments list.</summary>
public sealed class EcsDeploymentBehavior
{
    /// <summary>Answers of AWS_LAMBDA hooks, keyed by lifecycle stage or hook target ARN, consumed one per invocation.</summary>
    public Dictionary<string, Queue<string>> HookAnswers { get; } = new(StringComparer.Ordinal);
    /// <summary>How many new tasks fail to start (stopCode TaskFailedToStart), or all when -1.</summary>
    public int TasksFailToStart { get; init; }
    public string FailToStartReason { get; init; } = "CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref";
    /// <summary>How many new tasks fail their load balancer health checks once running, or all when -1.</summary>
    public int TasksFailHealthChecks { get; init; }
    /// <summary>Exit code of the essential container of new tasks that exit on their own (all when set), or null.</summary>
    public int? EssentialExitCode { get; init; }
    public string? EssentialExitReason { get; init; }
    /// <summary>Simulated minutes after the deployment's start at which an alarm goes off, or null.</summary>
    public double? AlarmAtMinute { get; init; }
    public string? AlarmName { get; init; }
    /// <summary>The rollback itself fails (ROLLBACK_FAILED).</summary>
    public bool RollbackFails { get; init; }
}

/// <summary>A service deployment of an ECS-controller service and everything ECS reports about it.</summary>
public sealed class ServiceDeploymentState
{
    public required string Arn { get; init; }
    public required string ClusterName { get; init; }
    public required string ServiceName { get; init; }
    public required string ServiceArn { get; init; }
    public required string ClusterArn { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required string TargetRevisionArn { get; init; }
    public required IReadOnlyList<string> SourceRevisionArns { get; init; }
    /// <summary>The deployment configuration as UpdateService left it (ECS's DeploymentConfiguration shape).</summary>
    public required JsonObject Configuration { get; init; }
    public EcsDeploymentBehavior Behavior { get; init; } = new();
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public DateTimeOffset? StoppedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string Status { get; set; } = "PENDING";
    public string? StatusReason { get; set; }
    public string? LifecycleStage { get; set; }
    public List<HookRunState> Hooks { get; } = [];
    public string? RollbackReason { get; set; }
    public DateTimeOffset? RollbackStartedAt { get; set; }
    public string? RollbackRevisionArn { get; set; }
    public string CircuitBreakerStatus { get; set; } = "DISABLED";
    public int FailureCount { get; set; }
    public int Threshold { get; set; }
    public string AlarmStatus { get; set; } = "DISABLED";
    public List<string> TriggeredAlarmNames { get; } = [];
    /// <summary>The simulation's bookkeeping (phases and position), owned by the ECS deployment simulation.</summary>
    internal DeploymentRunState Run { get; set; } = new();

    public bool IsDone => Status is "SUCCESSFUL" or "STOPPED" or "ROLLBACK_SUCCESSFUL" or "ROLLBACK_FAILED";
}
