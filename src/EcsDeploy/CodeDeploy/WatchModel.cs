using System.Collections.Immutable;
using EcsDeploy.Aws.CodeDeploy;

namespace EcsDeploy.CodeDeploy;

/// <summary>Where the watch may stop before the deployment ends.</summary>
public enum WaitUntil
{
    /// <summary>The deployment Succeeded (after the termination wait).</summary>
    Deployed,

    /// <summary>All production traffic is on the green task set; the blue one is left for the termination wait.</summary>
    TrafficShifted,

    /// <summary>The deployment is held at READY_WAIT, before production traffic moves.</summary>
    Ready,
}

/// <summary>How a watched deployment ended (or where the watch stopped).</summary>
public enum WatchOutcomeKind
{
    Succeeded,
    TrafficShifted,
    Ready,
    Failed,
    Stopped,
}

/// <summary>What one poll saw: the deployment and, once it exists, its ECS target.</summary>
public sealed record Observation(DateTimeOffset At, DeploymentInfo Deployment, EcsTarget? Target);

/// <summary>The end of a watch: the kind, the deployment's error, the failed lifecycle event, and its rollback.</summary>
public sealed record WatchOutcome(WatchOutcomeKind Kind, string Status, ErrorInformation? Error, LifecycleEvent? FailedEvent, string? RollbackDeploymentId)
{
    /// <summary>True when the deployment did not reach what was asked for.</summary>
    public bool IsFailure => Kind is WatchOutcomeKind.Failed or WatchOutcomeKind.Stopped;
}

/// <summary>A traffic split seen at one moment (percentages).</summary>
public sealed record TrafficPoint(DateTimeOffset At, double Blue, double Green);

/// <summary>Something the watch wants printed.</summary>
public abstract record WatchMessage;

/// <summary>A line the action composed itself from status values and numbers.</summary>
public sealed record WatchLine(string Text) : WatchMessage;

/// <summary>A failed hook's diagnostics; the text comes from outside and must be printed as untrusted.</summary>
public sealed record WatchDiagnostics(string EventName, Diagnostics Diagnostics) : WatchMessage;

/// <summary>What the watch remembers between polls; the pure step turns it into the next one.</summary>
public sealed record WatchState
{
    public required string DeploymentId { get; init; }
    public WaitUntil WaitUntil { get; init; } = WaitUntil.Deployed;

    /// <summary>Prefix for every line, so a followed rollback reads apart from the deployment ("[rollback] ").</summary>
    public string Prefix { get; init; } = "";

    /// <summary>The group's termination wait, for the line that announces it.</summary>
    public int? TerminationWaitMinutes { get; init; }

    public string? Status { get; init; }
    public ImmutableDictionary<string, string> EventStatuses { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>The lifecycle events as last seen, in CodeDeploy's order (for the summary).</summary>
    public ImmutableList<LifecycleEvent> Events { get; init; } = [];
    public ImmutableList<TrafficPoint> Traffic { get; init; } = [];

    /// <summary>The split last printed; null until one is, which reads as all traffic on blue.</summary>
    public TrafficPoint? PrintedTraffic { get; init; }
    public bool TerminationWaitStarted { get; init; }
    public DateTimeOffset? CreateTime { get; init; }
    public DateTimeOffset? CompleteTime { get; init; }
    public ErrorInformation? Error { get; init; }
    public string? RollbackDeploymentId { get; init; }

    /// <summary>When a poll last showed something new (a line printed); the schedule polls quickly after it.</summary>
    public DateTimeOffset? LastChangeAt { get; init; }

    /// <summary>The deployment configuration, whose traffic shifts are due at known times when it is a built-in one.</summary>
    public string? ConfigName { get; init; }

    /// <summary>The traffic routing of a custom configuration, from GetDeploymentConfig; built-in ones are known by name.</summary>
    public TrafficRouting? Routing { get; init; }

    /// <summary>How long the blue task set is kept, from the deployment itself (for when the wait ends).</summary>
    public int? BlueKeptMinutes { get; init; }

    /// <summary>When the termination wait started (the last lifecycle event's end).</summary>
    public DateTimeOffset? TerminationWaitStartedAt { get; init; }

    /// <summary>The ready wait's limit in minutes when the deployment stops at its end; null when it has none.</summary>
    public int? ReadyWaitMinutes { get; init; }

    /// <summary>When the deployment reached Ready (the last lifecycle event's end).</summary>
    public DateTimeOffset? ReadySince { get; init; }

    public static WatchState Start(string deploymentId, WaitUntil waitUntil = WaitUntil.Deployed, int? terminationWaitMinutes = null) =>
        new() { DeploymentId = deploymentId, WaitUntil = waitUntil, TerminationWaitMinutes = terminationWaitMinutes };
}

/// <summary>The result of one pure watch step.</summary>
public sealed record WatchStep(IReadOnlyList<WatchMessage> Messages, WatchState Next, WatchOutcome? Outcome);
