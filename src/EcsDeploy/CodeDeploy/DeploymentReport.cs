using EcsDeploy.Aws.CodeDeploy;

namespace EcsDeploy.CodeDeploy;

/// <summary>A labelled link into the AWS console.</summary>
public sealed record ConsoleLink(string Text, Uri Url);

/// <summary>Everything known about a finished (or abandoned) deployment, for the error line and the step summary.</summary>
public sealed record DeploymentReport
{
    public required string Region { get; init; }
    public required string Cluster { get; init; }
    public required string Service { get; init; }
    public string? TaskDefinitionArn { get; init; }
    public required WatchState Deployment { get; init; }
    public WatchOutcome? Outcome { get; init; }

    /// <summary>The rollback deployment as followed, if one ran.</summary>
    public WatchState? Rollback { get; init; }
    public WatchOutcome? RollbackOutcome { get; init; }

    /// <summary>One line: what happened, for example "Deployment rolled back".</summary>
    public required string Headline { get; init; }

    /// <summary>The one-line detail under the headline (the error line for failures).</summary>
    public string? Detail { get; init; }

    /// <summary>True when the run reached what was asked for.</summary>
    public bool Success { get; init; }

    /// <summary>Console links, in the order shown.</summary>
    public IReadOnlyList<ConsoleLink> Links { get; init; } = [];

    /// <summary>When the report was made: the end of events still running in the timeline.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>The annotation title for a failed or stopped deployment.</summary>
    public static string FailureTitle(WatchOutcome outcome, string? rollbackDeploymentId)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return rollbackDeploymentId is not null ? "Deployment rolled back"
            : outcome.Kind == WatchOutcomeKind.Stopped ? "Deployment stopped"
            : "Deployment failed";
    }

    /// <summary>The one-line error: the status, CodeDeploy's code and message, the failed event and its diagnostics, and how the rollback ended.</summary>
    public static string FailureMessage(string deploymentId, WatchOutcome outcome, string? rollbackDeploymentId, WatchOutcome? rollbackOutcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var text = $"Deployment {deploymentId} {outcome.Status}";
        if (outcome.Error is { } error)
        {
            text += $" ({error.Code ?? "no code"}): {Sentence(error.Message)}";
        }

        if (outcome.FailedEvent is { } failed)
        {
            text += $". Lifecycle event {failed.LifecycleEventName} failed";
            if (failed.Diagnostics is { } d)
            {
                text += $" ({d.ErrorCode ?? "no code"}): {Sentence(d.Message)}";
            }
        }

        text += ". " + RollbackSentence(rollbackDeploymentId, rollbackOutcome);
        return text;
    }

    /// <summary>Says whether a rollback ran and how it ended.</summary>
    public static string RollbackSentence(string? rollbackDeploymentId, WatchOutcome? rollbackOutcome) =>
        (rollbackDeploymentId, rollbackOutcome) switch
        {
            (null, _) => "No rollback ran; the service keeps its previous task set only if CodeDeploy had not shifted traffic yet — check the service.",
            (_, { Kind: WatchOutcomeKind.Succeeded }) => $"Rollback {rollbackDeploymentId} succeeded; the service runs the previous revision again.",
            (_, null) => $"Rollback {rollbackDeploymentId} did not finish while watched; follow it in the console.",
            (_, { } r) => $"Rollback {rollbackDeploymentId} itself ended {r.Status}{(r.Error is { } e ? $" ({e.Code}): {e.Message}" : "")}; check the service in the console.",
        };

    private static string Sentence(string? text) => (text ?? "").ReplaceLineEndings(" ").Trim().TrimEnd('.');

    /// <summary>True when the deployment's status is one CodeDeploy will not leave.</summary>
    public bool IsTerminal => DeploymentStatus.IsTerminal(Deployment.Status);
}
