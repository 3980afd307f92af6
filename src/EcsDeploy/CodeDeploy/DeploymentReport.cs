using EcsDeploy.Aws.CodeDeploy;
using EcsDeploy.Reporting;

namespace EcsDeploy.CodeDeploy;

/// <summary>Everything known about a finished (or abandoned) deployment, for the error line and the step summary.</summary>
public sealed record DeploymentReport
{
    public required string Region { get; init; }
    public required string Cluster { get; init; }
    public required string Service { get; init; }
    public string? TaskDefinitionArn { get; init; }

    /// <summary>The images per container the task definition runs, tag and pinned digest.</summary>
    public IReadOnlyList<DeployedImage> Images { get; init; } = [];

    public required WatchState Deployment { get; init; }
    public WatchOutcome? Outcome { get; init; }

    /// <summary>The rollback deployment as followed, if one ran.</summary>
    public WatchState? Rollback { get; init; }
    public WatchOutcome? RollbackOutcome { get; init; }

    /// <summary>A few words after the outcome, for example "deployment rolled back".</summary>
    public required string Headline { get; init; }

    /// <summary>The error line for failures: a short first line, details on the lines below.</summary>
    public string? Detail { get; init; }

    /// <summary>True when the run reached what was asked for.</summary>
    public bool Success { get; init; }

    /// <summary>The outcome to show; null means Succeeded or Failed as <see cref="Success"/> says.</summary>
    public RunOutcome? Verdict { get; init; }

    /// <summary>Console links, in the order shown.</summary>
    public IReadOnlyList<ConsoleLink> Links { get; init; } = [];

    /// <summary>When the report was made (the action's clock): the end of events still running, unless AWS's clock is later.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>The annotation title for a failed or stopped deployment.</summary>
    public static string FailureTitle(WatchOutcome outcome, string? rollbackDeploymentId)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return rollbackDeploymentId is not null ? "Deployment rolled back"
            : outcome.Kind == WatchOutcomeKind.Stopped ? "Deployment stopped"
            : "Deployment failed";
    }

    /// <summary>
    /// The error: one short line — the deployment, the event that failed, its hook and message, how the rollback
    /// ended — then CodeDeploy's own code and message and the event's error code on the lines below.
    /// </summary>
    public static string FailureMessage(string deploymentId, WatchOutcome outcome, string? rollbackDeploymentId, WatchOutcome? rollbackOutcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var failed = outcome.FailedEvent;
        var what = failed is not null ? $"{failed.LifecycleEventName} failed"
            : outcome.Kind == WatchOutcomeKind.Stopped ? "stopped"
            : outcome.Status;
        var hook = failed?.Diagnostics?.ScriptName is { Length: > 0 } script ? $" (hook {HookName(script)})" : "";
        var message = Sentence(failed?.Diagnostics?.Message) is { Length: > 0 } m ? m : Sentence(outcome.Error?.Message);
        var lines = new List<string>
        {
            $"Deployment {deploymentId}: {what}{hook}{(message.Length > 0 ? ": " + message : "")}. {RollbackSentence(rollbackDeploymentId, rollbackOutcome)}",
        };

        if (outcome.Error is { } error && Sentence(error.Message) != message)
        {
            lines.Add($"CodeDeploy says {outcome.Status} ({error.Code ?? "no code"}): {Sentence(error.Message)}.");
        }
        else if (outcome.Error is { } sameError)
        {
            lines.Add($"CodeDeploy says {outcome.Status} ({sameError.Code ?? "no code"}).");
        }

        if (failed?.Diagnostics is { } diagnostics)
        {
            lines.Add($"Lifecycle event {failed.LifecycleEventName}: {diagnostics.ErrorCode ?? "no code"}{(diagnostics.ScriptName is { Length: > 0 } s ? $", {s}" : "")}.");
        }

        return string.Join('\n', lines);
    }

    /// <summary>Says whether a rollback ran and how it ended, in one short sentence.</summary>
    public static string RollbackSentence(string? rollbackDeploymentId, WatchOutcome? rollbackOutcome) =>
        (rollbackDeploymentId, rollbackOutcome) switch
        {
            (null, _) => "No rollback ran; check which task set serves the service.",
            (_, { Kind: WatchOutcomeKind.Succeeded }) => $"Rolled back: {rollbackDeploymentId} succeeded, the previous revision serves again.",
            (_, null) => $"Rollback {rollbackDeploymentId} had not finished when the watch ended; follow it in the console.",
            (_, { } r) => $"Rollback {rollbackDeploymentId} itself ended {r.Status}{(r.Error is { } e ? $" ({e.Code}): {Sentence(e.Message)}" : "")}; check the service in the console.",
        };

    /// <summary>A hook's short name: the function of a Lambda ARN, else the value as it is.</summary>
    public static string HookName(string script)
    {
        ArgumentNullException.ThrowIfNull(script);
        const string Marker = ":function:";
        var at = script.IndexOf(Marker, StringComparison.Ordinal);
        return at < 0 ? script : script[(at + Marker.Length)..];
    }

    private static string Sentence(string? text) => (text ?? "").ReplaceLineEndings(" ").Trim().TrimEnd('.');

    /// <summary>True when the deployment's status is one CodeDeploy will not leave.</summary>
    public bool IsTerminal => DeploymentStatus.IsTerminal(Deployment.Status);
}
