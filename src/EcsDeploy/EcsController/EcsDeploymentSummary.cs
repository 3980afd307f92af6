using System.Globalization;
using System.Text;
using EcsDeploy.CodeDeploy;
using EcsDeploy.Reporting;
using EcsDeploy.Runtime;

namespace EcsDeploy.EcsController;

/// <summary>Everything known about an ECS deployment at the end of the run, for the step summary.</summary>
public sealed record EcsDeploymentReport
{
    public required string Region { get; init; }
    public required string Cluster { get; init; }
    public required string Service { get; init; }
    public string? TaskDefinitionArn { get; init; }
    public required EcsWatchState State { get; init; }
    public EcsWatchOutcome? Outcome { get; init; }
    public required string Headline { get; init; }
    public string? Detail { get; init; }
    public bool Success { get; init; }
    public IReadOnlyList<ConsoleLink> Links { get; init; } = [];

    /// <summary>When the report was made: the end of a stage still running.</summary>
    public required DateTimeOffset At { get; init; }
}

/// <summary>Renders an ECS deployment as the step summary: outcome first, stages with times, timeline chart, traffic steps, hooks, monitors, rollback, links.</summary>
public static class EcsDeploymentSummary
{
    /// <summary>The Markdown for <paramref name="report"/>; text from AWS is escaped.</summary>
    public static string Render(EcsDeploymentReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"### {(report.Success ? "✅" : "❌")} {Markdown.Text(report.Headline)}\n\n");
        if (report.Detail is { Length: > 0 } detail)
        {
            text.Append(Markdown.Text(detail)).Append("\n\n");
        }

        text.Append(Body(report));
        if (report.Links.Count > 0)
        {
            text.Append("**Links:** ").Append(string.Join(" · ", report.Links.Select(l => $"[{Markdown.Text(l.Text)}]({l.Url})"))).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>The report as the run's ending: the shared header (outcome, line, facts, links) with this deployment's details as its body.</summary>
    public static Ending ToEnding(EcsDeploymentReport report, RunOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new Ending(outcome, report.Headline)
        {
            Line = report.Detail,
            Body = Body(report),
            Links = report.Links,
        };
    }

    /// <summary>Where the deployment stands, its stages, traffic, hooks, monitors, rollback, stopped tasks and timeline.</summary>
    private static string Body(EcsDeploymentReport report)
    {
        var state = report.State;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Service {Markdown.Code(report.Service)} in cluster {Markdown.Code(report.Cluster)} ({Markdown.Text(report.Region)}), ");
        text.Append(state.Classic ? $"deployment {Markdown.Code(state.DeploymentId)}" : $"service deployment {Markdown.Code(state.ShortId)}");
        text.Append(CultureInfo.InvariantCulture, $" ({Markdown.Text(state.Strategy ?? (state.Classic ? "ROLLING" : "ECS"))}, last status {Markdown.Code(state.Status ?? "unknown")})");
        if (report.TaskDefinitionArn is { } arn)
        {
            text.Append(CultureInfo.InvariantCulture, $", task definition {Markdown.Code(arn)}");
        }

        text.Append(".\n\n");
        AppendStages(text, state, report.At);
        if (state.Traffic.Count > 0)
        {
            var steps = state.Traffic.Select(p => $"{Time(p.At)} production {ServiceDeploymentWatch.Percent(p.Production)}" + (p.Test is { } t ? $" (test {ServiceDeploymentWatch.Percent(t)})" : ""));
            text.Append("**Traffic to the new revision:** ").Append(string.Join(" → ", steps)).Append("\n\n");
        }

        AppendHooks(text, state);
        AppendMonitors(text, state);
        if (state.Rollback is { } rollback)
        {
            text.Append(CultureInfo.InvariantCulture, $"**Rollback:** {Markdown.Text((rollback.Reason ?? "no reason given").TrimEnd('.'))}{(rollback.StartedAt is { } s ? $", started {Time(s)} UTC" : "")}.\n\n");
        }

        if (state.StoppedTasks.Count > 0)
        {
            var table = new MarkdownTable("Stopped task", "Stop code", "Reason", "Containers");
            foreach (var task in state.StoppedTasks)
            {
                var containers = string.Join("; ", (task.Containers ?? []).Select(c => $"{c.Name}: {(c.ExitCode is { } code ? $"exit {code}" : "no exit code")}{(c.Reason is { Length: > 0 } r ? $", {r}" : "")}"));
                table.AddRow(Markdown.Code(task.TaskArn[(task.TaskArn.LastIndexOf('/') + 1)..]), Markdown.Text(task.StopCode ?? ""), Markdown.Text(task.StoppedReason ?? ""), Markdown.Text(containers));
            }

            text.Append(table).Append('\n');
        }

        AppendGantt(text, state, report.At);
        if (state.Timeline.Count > 0)
        {
            text.Append(Markdown.Details("Timeline", string.Join("\n", state.Timeline.Select(t => $"- {Time(t.At)} {Markdown.Text(t.Text)}")))).Append('\n');
        }

        return text.ToString();
    }

    private static void AppendStages(StringBuilder text, EcsWatchState state, DateTimeOffset now)
    {
        if (state.Stages.Count == 0)
        {
            return;
        }

        var table = new MarkdownTable("Lifecycle stage", "Start (UTC)", "Duration");
        foreach (var stage in state.Stages)
        {
            table.AddRow(Markdown.Text(stage.Name), Time(stage.Start), DeploymentWatch.FormatDuration((stage.End ?? now) - stage.Start) + (stage.End is null ? " (running)" : ""));
        }

        text.Append("#### Lifecycle stages\n\n").Append(table).Append('\n');
    }

    private static void AppendHooks(StringBuilder text, EcsWatchState state)
    {
        if (state.Hooks.Count == 0)
        {
            return;
        }

        var table = new MarkdownTable("Hook", "Type", "Target", "Status", "Expires (UTC)");
        foreach (var hook in state.Hooks)
        {
            table.AddRow(Markdown.Code(hook.HookId ?? ""), Markdown.Text(hook.TargetType ?? ""), Markdown.Text(hook.TargetArn ?? ""), Markdown.Text(hook.Status ?? ""), hook.ExpiresAt is { } e ? Time(e) : "");
        }

        text.Append("#### Lifecycle hooks\n\n").Append(table).Append('\n');
    }

    private static void AppendMonitors(StringBuilder text, EcsWatchState state)
    {
        var lines = new List<string>();
        if (state.CircuitBreaker is { } breaker)
        {
            lines.Add($"circuit breaker {Markdown.Text(breaker.Status ?? "")}: {breaker.FailureCount ?? 0} of {breaker.Threshold?.ToString(CultureInfo.InvariantCulture) ?? "?"} failed tasks");
        }

        if (state.Alarms is { } alarms)
        {
            var triggered = alarms.TriggeredAlarmNames is { Count: > 0 } names ? $", triggered: {Markdown.Text(string.Join(", ", names))}" : "";
            lines.Add($"alarms {Markdown.Text(alarms.Status ?? "")} ({Markdown.Text(string.Join(", ", alarms.AlarmNames ?? []))}){triggered}");
        }

        if (state.Classic && state.RolloutState is { } rollout)
        {
            lines.Add($"rollout {Markdown.Text(rollout)}{(state.RolloutStateReason is { Length: > 0 } r ? ": " + Markdown.Text(r) : "")}, {state.FailedTasks} failed tasks");
        }

        if (lines.Count > 0)
        {
            text.Append("**Monitors:** ").Append(string.Join("; ", lines)).Append("\n\n");
        }
    }

    private static void AppendGantt(StringBuilder text, EcsWatchState state, DateTimeOffset now)
    {
        if (state.Stages.Count == 0)
        {
            return;
        }

        text.Append("```mermaid\ngantt\n    dateFormat YYYY-MM-DDTHH:mm:ss\n    axisFormat %H:%M:%S\n    section Deployment\n");
        var failed = state.RollingBack || state.Status == EcsStatus.Stopped;
        foreach (var stage in state.Stages)
        {
            var end = stage.End ?? now;
            if (end <= stage.Start)
            {
                end = stage.Start.AddSeconds(1);
            }

            var tag = stage.End is null ? (failed ? "crit, " : "active, ") : "done, ";
            var name = new string([.. stage.Name.Where(c => char.IsAsciiLetterOrDigit(c) || c == '_')]);
            text.Append(CultureInfo.InvariantCulture, $"    {name} :{tag}{Stamp(stage.Start)}, {Stamp(end)}\n");
        }

        text.Append("```\n\n");
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture);

    private static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
}
