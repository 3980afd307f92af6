using System.Collections.Immutable;
using EcsDeploy.Aws.Ecs;

namespace EcsDeploy.EcsController;

/// <summary>What an ECS deploy waits for (input wait-until).</summary>
public enum EcsWaitKind
{
    /// <summary>The service deployment is SUCCESSFUL (bake time included).</summary>
    Deployed,

    /// <summary>A PAUSE lifecycle hook is awaiting action.</summary>
    Paused,

    /// <summary>The deployment has reached a lifecycle stage (or a later one).</summary>
    Stage,
}

/// <summary>wait-until for an ECS service: deployed, paused, or a lifecycle stage name.</summary>
public sealed record EcsWaitUntil(EcsWaitKind Kind, string? Stage = null)
{
    /// <summary>Wait for SUCCESSFUL.</summary>
    public static readonly EcsWaitUntil Deployed = new(EcsWaitKind.Deployed);

    /// <summary>As written in the input.</summary>
    public override string ToString() => Kind switch
    {
        EcsWaitKind.Paused => "paused",
        EcsWaitKind.Stage => Stage ?? "",
        _ => "deployed",
    };
}

/// <summary>How a followed ECS deployment ended, or where the watch stopped.</summary>
public enum EcsOutcomeKind
{
    Succeeded,
    Paused,
    StageReached,
    RolledBack,
    RollbackFailed,
    Stopped,
    Superseded,
    Failed,
}

/// <summary>The end of an ECS watch: kind, last status, the cause in one sentence, and (paused) the hook or (superseded) the replacement.</summary>
public sealed record EcsWatchOutcome(EcsOutcomeKind Kind, string Status, string? Cause = null, string? HookId = null, string? ReplacedBy = null)
{
    /// <summary>True when the deployment did not reach what was asked for.</summary>
    public bool IsFailure => Kind is EcsOutcomeKind.RolledBack or EcsOutcomeKind.RollbackFailed or EcsOutcomeKind.Stopped
        or EcsOutcomeKind.Superseded or EcsOutcomeKind.Failed;
}

/// <summary>What one poll saw. Members are null when this poll did not ask for them.</summary>
/// <param name="At">When the poll ran.</param>
public sealed record EcsObservation(DateTimeOffset At)
{
    /// <summary>The service deployment (DescribeServiceDeployments), when the watch follows one.</summary>
    public ServiceDeployment? Deployment { get; init; }

    /// <summary>The classic deployments[] entry, when service deployments are unavailable; null in that mode means the entry is gone.</summary>
    public EcsServiceDeploymentEntry? Classic { get; init; }

    /// <summary>The service (DescribeServices), on the polls that asked for it: events, task definition, deployments[].</summary>
    public EcsService? Service { get; init; }

    /// <summary>A deployment started after the followed one (from ListServiceDeployments), when the loop looked.</summary>
    public string? StartedAfter { get; init; }

    /// <summary>Stopped tasks of the new revision, once fetched after a failure.</summary>
    public IReadOnlyList<EcsTask>? StoppedTasks { get; init; }
}

/// <summary>A lifecycle stage as seen: when the watch first and last saw it.</summary>
public sealed record StageVisit(string Name, DateTimeOffset Start, DateTimeOffset? End);

/// <summary>Requested traffic weights of the new revision at one moment (percent).</summary>
public sealed record EcsTrafficPoint(DateTimeOffset At, double Production, double? Test);

/// <summary>A line for the summary's timeline.</summary>
public sealed record TimelineEntry(DateTimeOffset At, string Text);

/// <summary>Something the ECS watch wants printed.</summary>
public abstract record EcsWatchMessage;

/// <summary>A line composed by the action from status values and numbers.</summary>
public sealed record EcsLine(string Text) : EcsWatchMessage;

/// <summary>Text from outside (service events, stopped reasons): printed as untrusted after the prefix.</summary>
public sealed record EcsUntrustedLine(string Prefix, string Text) : EcsWatchMessage;

/// <summary>What the ECS watch remembers between polls.</summary>
public sealed record EcsWatchState
{
    /// <summary>The service deployment ARN, or in classic mode the deployments[] id.</summary>
    public required string DeploymentId { get; init; }

    /// <summary>True when following the classic deployments[] entry because service deployments are unavailable.</summary>
    public bool Classic { get; init; }
    public EcsWaitUntil WaitUntil { get; init; } = EcsWaitUntil.Deployed;

    /// <summary>Prefix of every line ("[rollback] ", "[arn-tail] ").</summary>
    public string Prefix { get; init; } = "";

    /// <summary>The task definition the deployment brings; success needs the service to run it.</summary>
    public string? TaskDefinitionArn { get; init; }

    /// <summary>Service events before this moment were there before the deployment and are not printed.</summary>
    public DateTimeOffset? EventsSince { get; init; }

    public string? Status { get; init; }
    public string? StatusReason { get; init; }
    public string? Stage { get; init; }
    public string? Strategy { get; init; }
    public ImmutableList<StageVisit> Stages { get; init; } = [];
    public ImmutableList<EcsTrafficPoint> Traffic { get; init; } = [];
    public string? PrintedCounts { get; init; }
    public ImmutableDictionary<string, string> HookStatuses { get; init; } = ImmutableDictionary<string, string>.Empty;
    public ImmutableList<LifecycleHookDetail> Hooks { get; init; } = [];
    public string? CircuitBreakerLine { get; init; }
    public string? AlarmsLine { get; init; }
    public ServiceDeploymentCircuitBreaker? CircuitBreaker { get; init; }
    public ServiceDeploymentAlarms? Alarms { get; init; }
    public ServiceDeploymentRollback? Rollback { get; init; }
    public ImmutableHashSet<string> SeenEvents { get; init; } = [];
    public ImmutableList<EcsTask> StoppedTasks { get; init; } = [];
    public string? RolloutState { get; init; }
    public string? RolloutStateReason { get; init; }
    public int FailedTasks { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public string? ServiceTaskDefinition { get; init; }
    public ImmutableList<TimelineEntry> Timeline { get; init; } = [];

    /// <summary>The last service deployment seen (its configuration gives bake and step times).</summary>
    public ServiceDeployment? Last { get; init; }

    /// <summary>A watch of one service deployment.</summary>
    public static EcsWatchState Start(string serviceDeploymentArn, EcsWaitUntil? waitUntil = null, string? taskDefinitionArn = null) =>
        new() { DeploymentId = serviceDeploymentArn, WaitUntil = waitUntil ?? EcsWaitUntil.Deployed, TaskDefinitionArn = taskDefinitionArn };

    /// <summary>A watch of a classic deployments[] entry (service deployments unavailable).</summary>
    public static EcsWatchState StartClassic(string deploymentId, string? taskDefinitionArn = null) =>
        new() { DeploymentId = deploymentId, Classic = true, TaskDefinitionArn = taskDefinitionArn };

    /// <summary>The short name used in lines: the ARN's last segment.</summary>
    public string ShortId => Classic ? DeploymentId : DeploymentId[(DeploymentId.LastIndexOf('/') + 1)..];

    /// <summary>True once a rollback was requested or ran.</summary>
    public bool RollingBack => Status is EcsStatus.RollbackRequested or EcsStatus.RollbackInProgress or EcsStatus.RollbackSuccessful or EcsStatus.RollbackFailed;
}

/// <summary>The result of one pure ECS watch step.</summary>
public sealed record EcsWatchStep(IReadOnlyList<EcsWatchMessage> Messages, EcsWatchState Next, EcsWatchOutcome? Outcome);

/// <summary>Where an ECS watch ended: the last state, and the outcome (null when the time ran out).</summary>
public sealed record EcsWatchResult(EcsWatchState State, EcsWatchOutcome? Outcome)
{
    public bool TimedOut => Outcome is null;
}

/// <summary>ServiceDeploymentStatus values.</summary>
public static class EcsStatus
{
    public const string Pending = "PENDING";
    public const string InProgress = "IN_PROGRESS";
    public const string Successful = "SUCCESSFUL";
    public const string StopRequested = "STOP_REQUESTED";
    public const string Stopped = "STOPPED";
    public const string RollbackRequested = "ROLLBACK_REQUESTED";
    public const string RollbackInProgress = "ROLLBACK_IN_PROGRESS";
    public const string RollbackSuccessful = "ROLLBACK_SUCCESSFUL";
    public const string RollbackFailed = "ROLLBACK_FAILED";

    /// <summary>Statuses of a deployment that has not ended.</summary>
    public static readonly IReadOnlyList<string> Active = [Pending, InProgress, StopRequested, RollbackRequested, RollbackInProgress];

    /// <summary>True for a status ECS will not leave.</summary>
    public static bool IsTerminal(string? status) => status is Successful or Stopped or RollbackSuccessful or RollbackFailed;
}
