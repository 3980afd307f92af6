using EcsDeploy.Sandbox.State;

namespace EcsDeploy.Sandbox.CodeDeploy;

/// <summary>What a stage of the lifecycle does.</summary>
internal enum StageKind
{
    Hook,
    Install,
    TestTraffic,
    ReadyWait,
    Traffic,
    TerminationWait,
}

/// <summary>One step of a deployment's lifecycle; EventName is null for the waits (not lifecycle events); a null Duration waits until continued.</summary>
internal sealed record Stage(StageKind Kind, string? EventName, TimeSpan? Duration, bool Skipped = false);

/// <summary>A lifecycle event as GetDeploymentTarget reports it.</summary>
internal sealed class LifecycleEventState(string name)
{
    public string Name { get; } = name;
    public string Status { get; set; } = "Pending";
    public DateTimeOffset? StartTime { get; set; }
    public DateTimeOffset? EndTime { get; set; }
    public string? DiagnosticsCode { get; set; }
    public string? DiagnosticsMessage { get; set; }
    public string? DiagnosticsLogTail { get; set; }
    public string? DiagnosticsScriptName { get; set; }
}

/// <summary>Why a deployment ended early; decides the status and which auto-rollback event applies.</summary>
internal enum EndReason
{
    Failure,
    Alarm,
    Request,
}

/// <summary>The simulation's bookkeeping for one deployment, kept in DeploymentState.Engine.</summary>
internal sealed class DeploymentRun
{
    public const string Key = "run";

    public required bool IsRollback { get; init; }
    public required AppSpec AppSpec { get; init; }
    public required TrafficPlan Plan { get; init; }
    public required IReadOnlyList<Stage> Stages { get; init; }
    public required bool AutoRollbackEnabled { get; init; }
    public required IReadOnlyList<string> AutoRollbackEvents { get; init; }
    public required string ClusterName { get; init; }
    public required string ServiceName { get; init; }
    public List<LifecycleEventState> Events { get; } = [.. LifecycleStages.EventNames.Select(n => new LifecycleEventState(n))];

    /// <summary>Index into Stages; -1 before the start, Stages.Count once past the last stage.</summary>
    public int StageIndex { get; set; } = -1;
    public DateTimeOffset StageStart { get; set; }
    /// <summary>Index of the traffic step last applied during AllowTraffic.</summary>
    public int TrafficStepIndex { get; set; }
    /// <summary>The task set serving before the deployment; kept after ECS deletes it, for the deployment's history.</summary>
    public TaskSetState? Blue { get; set; }
    /// <summary>The replacement task set, once Install has created it.</summary>
    public TaskSetState? Green { get; set; }
    public double GreenWeight { get; set; }
    public bool AlarmChecked { get; set; }
    public bool HealthChecked { get; set; }
    public string TargetStatus { get; set; } = "Pending";
    public DateTimeOffset TargetUpdatedAt { get; set; }

    public Stage? CurrentStage => StageIndex >= 0 && StageIndex < Stages.Count ? Stages[StageIndex] : null;

    public LifecycleEventState? Event(string? name) => name is null ? null : Events.Find(e => e.Name == name);
}
