using System.Globalization;
using System.Text;
using EcsDeploy.Runtime;

namespace EcsDeploy.CodeDeploy;

/// <summary>Renders a deployment report as the step summary: outcome, lifecycle table, traffic shift, timeline chart, links.</summary>
public static class DeploymentSummary
{
    /// <summary>The Markdown for <paramref name="report"/>; text from AWS is escaped.</summary>
    public static string Render(DeploymentReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        var icon = report.Success ? "✅" : "❌";
        text.Append(CultureInfo.InvariantCulture, $"### {icon} {Markdown.Text(report.Headline)}\n\n");
        if (report.Detail is { Length: > 0 } detail)
        {
            text.Append(Markdown.Text(detail)).Append("\n\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"Service {Markdown.Code(report.Service)} in cluster {Markdown.Code(report.Cluster)} ({Markdown.Text(report.Region)}), deployment {Markdown.Code(report.Deployment.DeploymentId)}");
        if (report.TaskDefinitionArn is { } arn)
        {
            text.Append(CultureInfo.InvariantCulture, $", task definition {Markdown.Code(arn)}");
        }

        text.Append(".\n\n");
        AppendEvents(text, "Lifecycle events", report.Deployment);
        AppendTraffic(text, report.Deployment);
        if (report.Rollback is { } rollback)
        {
            AppendEvents(text, $"Rollback {rollback.DeploymentId}", rollback);
        }

        AppendGantt(text, report);
        if (report.Links.Count > 0)
        {
            text.Append("**Links:** ").Append(string.Join(" · ", report.Links.Select(l => $"[{Markdown.Text(l.Text)}]({l.Url})"))).Append('\n');
        }

        return text.ToString();
    }

    private static void AppendEvents(StringBuilder text, string title, WatchState state)
    {
        if (state.Events.Count == 0)
        {
            return;
        }

        var table = new MarkdownTable("Lifecycle event", "Status", "Start (UTC)", "Duration");
        foreach (var e in state.Events)
        {
            table.AddRow(
                Markdown.Text(e.LifecycleEventName),
                Markdown.Text(e.Status ?? "Pending"),
                e.StartTime is { } start ? start.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture) : "",
                e is { Status: not "Skipped", StartTime: { } s, EndTime: { } end } ? DeploymentWatch.FormatDuration(end - s) : "");
        }

        text.Append(CultureInfo.InvariantCulture, $"#### {Markdown.Text(title)}\n\n").Append(table).Append('\n');
    }

    private static void AppendTraffic(StringBuilder text, WatchState state)
    {
        if (state.Traffic.Count == 0)
        {
            return;
        }

        var steps = state.Traffic.Select(p =>
            $"{p.At.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture)} blue {DeploymentWatch.Percent(p.Blue)} / green {DeploymentWatch.Percent(p.Green)}");
        text.Append("**Traffic shift:** ").Append(string.Join(" → ", steps)).Append("\n\n");
    }

    private static void AppendGantt(StringBuilder text, DeploymentReport report)
    {
        var rows = Rows(report.Deployment, report.At).ToList();
        var rollbackRows = report.Rollback is { } rollback ? Rows(rollback, report.At).ToList() : [];
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

            var end = e.EndTime ?? now;
            if (end <= start)
            {
                end = start.AddSeconds(1);
            }

            var tag = e.Status switch
            {
                "Failed" => "crit, ",
                "InProgress" => "active, ",
                _ => "done, ",
            };
            // Mermaid treats ':' and '#' specially, and event names are plain words; keep only letters.
            var name = new string([.. e.LifecycleEventName.Where(char.IsAsciiLetterOrDigit)]);
            yield return $"{name} :{tag}{Stamp(start)}, {Stamp(end)}";
        }
    }

    private static string Stamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
}
