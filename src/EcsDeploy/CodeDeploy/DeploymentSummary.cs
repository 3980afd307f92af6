using System.Globalization;
using System.Text;
using EcsDeploy.Aws.CodeDeploy;
using EcsDeploy.Reporting;
using EcsDeploy.Runtime;

namespace EcsDeploy.CodeDeploy;

/// <summary>
/// A CodeDeploy deployment's ending for the step summary: the shared parts (<see cref="EndingSummary"/>) plus one
/// lifecycle table for the deployment and its rollback, the failed hook's log tail, the traffic shifts and a
/// timeline with the termination wait. Every time shown is CodeDeploy's, so the events, the shifts and the
/// duration agree however far the runner's clock is from AWS's (or from the sandbox's faster one).
/// </summary>
public static class DeploymentSummary
{
    /// <summary>The Markdown for <paramref name="report"/>; text from AWS is escaped.</summary>
    public static string Render(DeploymentReport report) => EndingSummary.Render(ToEnding(report));

    /// <summary>The ending <paramref name="report"/> describes, to hand to <see cref="IStepSummary.End"/>.</summary>
    public static Ending ToEnding(DeploymentReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var lines = (report.Detail ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var shown = report.Deployment.Events.Where(e => e is { Status: "Failed", Diagnostics: not null }).Select(e => $"Lifecycle event {e.LifecycleEventName}:").ToList();
        var now = Now(report);
        var start = report.Deployment.CreateTime ?? report.Deployment.Events.Select(e => e.StartTime).Min();
        var end = (report.Rollback ?? report.Deployment).CompleteTime ?? now;
        return new Ending(report.Verdict ?? (report.Success ? RunOutcome.Succeeded : RunOutcome.Failed), report.Headline)
        {
            Line = lines.FirstOrDefault(),
            // The failed event's code and script are in its block below the table; the annotation keeps the line.
            Details = [.. lines.Skip(1).Where(l => !shown.Any(prefix => l.StartsWith(prefix, StringComparison.Ordinal)))],
            Facts = new RunFacts
            {
                Region = report.Region,
                Cluster = report.Service.Length > 0 ? report.Cluster : null,
                Service = report.Service.Length > 0 ? report.Service : null,
                TaskDefinitionArn = report.TaskDefinitionArn,
                Images = report.Images,
            },
            Duration = start is { } s ? end - s : null,
            Span = start is { } from ? $"{Clock(from)} → {Clock(end)} UTC" : null,
            Body = Body(report, now),
            Links = report.Links,
        };
    }

    private static string Body(DeploymentReport report, DateTimeOffset now)
    {
        var text = new StringBuilder();
        AppendTable(text, report, now);
        AppendFailure(text, report.Deployment);
        if (report.Rollback is { } rollback)
        {
            AppendFailure(text, rollback);
        }

        AppendTraffic(text, "Traffic shift", report.Deployment);
        if (report.Rollback is { Traffic.Count: > 1 } rolledBack)
        {
            AppendTraffic(text, "Rollback traffic", rolledBack);
        }

        AppendGantt(text, report, now);
        return text.ToString();
    }

    // "Now" in CodeDeploy's clock: the action's clock, unless AWS has already stamped something later.
    private static DateTimeOffset Now(DeploymentReport report)
    {
        var stamps = new[] { report.Deployment, report.Rollback }.OfType<WatchState>().SelectMany(Stamps);
        return stamps.Append(report.At).Max();
    }

    private static IEnumerable<DateTimeOffset> Stamps(WatchState state) =>
        state.Events.SelectMany(e => new[] { e.StartTime, e.EndTime }).Append(state.CreateTime).Append(state.CompleteTime)
            .OfType<DateTimeOffset>().Concat(state.Traffic.Select(t => t.At));

    private static void AppendTable(StringBuilder text, DeploymentReport report, DateTimeOffset now)
    {
        var deployment = report.Deployment;
        var rollback = report.Rollback;
        if (deployment.Events.Count == 0 && rollback is not { Events.Count: > 0 })
        {
            return;
        }

        var names = deployment.Events.Select(e => e.LifecycleEventName)
            .Concat(rollback?.Events.Select(e => e.LifecycleEventName) ?? []).Distinct(StringComparer.Ordinal).ToList();
        var table = rollback is null
            ? new MarkdownTable("Lifecycle event", $"Deployment {deployment.DeploymentId}")
            : new MarkdownTable("Lifecycle event", $"Deployment {deployment.DeploymentId}", $"Rollback {rollback.DeploymentId}");
        foreach (var name in names)
        {
            var cells = new List<string> { Markdown.Text(name), Cell(deployment, name, now) };
            if (rollback is not null)
            {
                cells.Add(Cell(rollback, name, now));
            }

            table.AddRow([.. cells]);
        }

        if (TerminationWait(deployment, now) is { } wait)
        {
            var cells = new List<string> { Markdown.Text(wait.Name), Markdown.Text(wait.Cell) };
            if (rollback is not null)
            {
                cells.Add("");
            }

            table.AddRow([.. cells]);
        }

        text.Append("#### Lifecycle events\n\n").Append(table).Append('\n');
    }

    private static string Cell(WatchState state, string name, DateTimeOffset now)
    {
        if (state.Events.FirstOrDefault(e => e.LifecycleEventName == name) is not { } e)
        {
            return "";
        }

        var status = e.Status ?? "Pending";
        var cell = status == "Failed" ? "❌ Failed" : status;
        if (status is "Skipped" or "Pending" || e.StartTime is not { } start)
        {
            return Markdown.Text(cell);
        }

        var took = e.EndTime is { } end ? EndingSummary.FormatDuration(end - start) : $"{EndingSummary.FormatDuration(now - start)} so far";
        return Markdown.Text($"{cell} · {Clock(start)} · {took}");
    }

    private sealed record Wait(string Name, string Cell, DateTimeOffset Start, DateTimeOffset? End);

    // The termination wait starts when the last lifecycle event ends and lasts until CodeDeploy completes the deployment.
    private static Wait? TerminationWait(WatchState state, DateTimeOffset now)
    {
        if (!state.TerminationWaitStarted || state.Events.Select(e => e.EndTime ?? e.StartTime).Max() is not { } start)
        {
            return null;
        }

        var name = state.TerminationWaitMinutes is { } minutes ? $"Termination wait ({minutes} min)" : "Termination wait";
        var end = DeploymentStatus.IsTerminal(state.Status) ? state.CompleteTime : null;
        var cell = end is { } done
            ? $"{state.Status} · {Clock(start)} · {EndingSummary.FormatDuration(done - start)}"
            : $"InProgress · {Clock(start)} · {EndingSummary.FormatDuration(now - start)} so far";
        return new Wait(name, cell, start, end);
    }

    // The failed hook's message and log tail, in the open: the reason a reader came to the summary.
    private static void AppendFailure(StringBuilder text, WatchState state)
    {
        foreach (var e in state.Events.Where(e => e is { Status: "Failed", Diagnostics: not null }))
        {
            var d = e.Diagnostics;
            var hook = d?.ScriptName is { Length: > 0 } script ? $", hook {Markdown.Code(DeploymentReport.HookName(script))}" : "";
            text.Append(CultureInfo.InvariantCulture, $"**{Markdown.Text(e.LifecycleEventName)} failed** in {Markdown.Code(state.DeploymentId)} ({Markdown.Text(d?.ErrorCode ?? "no code")}{hook})");
            text.Append(d?.Message is { Length: > 0 } message ? $": {Markdown.Text(message)}\n\n" : "\n\n");
            if (d?.LogTail is { Length: > 0 } tail)
            {
                text.Append("Log tail:\n\n").Append(Markdown.CodeBlock(tail.TrimEnd(), "text")).Append('\n');
            }
        }
    }

    private static void AppendTraffic(StringBuilder text, string title, WatchState state)
    {
        if (state.Traffic.Count == 0)
        {
            return;
        }

        var steps = state.Traffic.Select(p => $"{Clock(p.At)} blue {DeploymentWatch.Percent(p.Blue)} / green {DeploymentWatch.Percent(p.Green)}");
        text.Append(CultureInfo.InvariantCulture, $"**{title}:** ").Append(string.Join(" → ", steps)).Append("\n\n");
    }

    private static void AppendGantt(StringBuilder text, DeploymentReport report, DateTimeOffset now)
    {
        var rows = Rows(report.Deployment, now).ToList();
        if (TerminationWait(report.Deployment, now) is { } wait)
        {
            rows.Add(Row("Termination wait", wait.End is null ? "active, " : "done, ", wait.Start, wait.End ?? now));
        }

        var rollbackRows = report.Rollback is { } rollback ? Rows(rollback, now).ToList() : [];
        if (rows.Count == 0 && rollbackRows.Count == 0)
        {
            return;
        }

        text.Append("```mermaid\ngantt\n    dateFormat YYYY-MM-DDTHH:mm:ss\n    axisFormat %H:%M:%S\n");
        AppendSection(text, "Deployment", rows);
        AppendSection(text, "Rollback", rollbackRows);
        text.Append("```\n\n");
    }

    private static void AppendSection(StringBuilder text, string name, List<string> rows)
    {
        if (rows.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"    section {name}\n");
            foreach (var row in rows)
            {
                text.Append("    ").Append(row).Append('\n');
            }
        }
    }

    private static IEnumerable<string> Rows(WatchState state, DateTimeOffset now)
    {
        foreach (var e in state.Events)
        {
            // Skipped events take no time; a bar for them would only crowd the chart.
            if (e.StartTime is not { } start || e.Status == "Skipped")
            {
                continue;
            }

            var tag = e.Status switch
            {
                "Failed" => "crit, ",
                "InProgress" => "active, ",
                _ => "done, ",
            };
            // Mermaid treats ':' and '#' specially, and event names are plain words; keep only letters.
            yield return Row(new string([.. e.LifecycleEventName.Where(char.IsAsciiLetterOrDigit)]), tag, start, e.EndTime ?? now);
        }
    }

    private static string Row(string name, string tag, DateTimeOffset start, DateTimeOffset end) =>
        $"{name} :{tag}{Stamp(start)}, {Stamp(end <= start ? start.AddSeconds(1) : end)}";

    private static string Clock(DateTimeOffset time) => time.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture);

    private static string Stamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
}
