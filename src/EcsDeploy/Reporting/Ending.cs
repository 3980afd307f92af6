namespace EcsDeploy.Reporting;

/// <summary>
/// How one run ended, in the terms every deployment controller shares: the step summary's seam. A controller fills
/// in <see cref="Body"/> with its own Markdown (CodeDeploy: lifecycle table, traffic, timeline) and hands the
/// ending to <see cref="Runtime.IStepSummary.End"/>; <see cref="EndingSummary"/> renders the shared parts.
/// </summary>
/// <param name="Outcome">The outcome, shown first.</param>
/// <param name="Title">A few words after the outcome, for example "deployment d-1 rolled back".</param>
public sealed record Ending(RunOutcome Outcome, string Title)
{
    /// <summary>The one short line under the headline: what failed, where, and how the rollback ended.</summary>
    public string? Line { get; init; }

    /// <summary>Longer text below the line (CodeDeploy's own message, for example), one paragraph each.</summary>
    public IReadOnlyList<string> Details { get; init; } = [];

    /// <summary>Every problem, one bullet each (invalid inputs, why nothing started).</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>What to do next.</summary>
    public string? Fix { get; init; }

    /// <summary>What was deployed and where.</summary>
    public RunFacts Facts { get; init; } = RunFacts.None;

    /// <summary>How long it took, measured in one clock (AWS's, when a deployment ran).</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>From when to when the duration runs, in UTC, for example "09:00:00 → 09:07:40 UTC".</summary>
    public string? Span { get; init; }

    /// <summary>The controller's own Markdown, shown after the facts.</summary>
    public string? Body { get; init; }

    /// <summary>Console links, in the order shown.</summary>
    public IReadOnlyList<ConsoleLink> Links { get; init; } = [];
}
