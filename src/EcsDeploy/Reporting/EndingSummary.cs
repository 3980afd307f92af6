using System.Globalization;
using System.Text;
using EcsDeploy.Runtime;

namespace EcsDeploy.Reporting;

/// <summary>Renders an <see cref="Ending"/> as step summary Markdown: outcome first, then the line, problems, fix, facts, the controller's body and links.</summary>
public static class EndingSummary
{
    /// <summary>The Markdown for <paramref name="ending"/>; text from outside is escaped.</summary>
    public static string Render(Ending ending)
    {
        ArgumentNullException.ThrowIfNull(ending);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"### {RunOutcomes.Icon(ending.Outcome)} {RunOutcomes.Label(ending.Outcome)}: {Markdown.Text(ending.Title)}\n\n");
        if (ending.Line is { Length: > 0 } line)
        {
            text.Append("**").Append(Markdown.Text(line)).Append("**\n\n");
        }

        foreach (var detail in ending.Details.Where(d => d.Length > 0))
        {
            text.Append(Markdown.Text(detail)).Append("\n\n");
        }

        foreach (var problem in ending.Problems)
        {
            text.Append("- ").Append(Markdown.Text(problem)).Append('\n');
        }

        if (ending.Problems.Count > 0)
        {
            text.Append('\n');
        }

        if (ending.Fix is { Length: > 0 } fix)
        {
            text.Append("**What to do:** ").Append(Markdown.Text(fix)).Append("\n\n");
        }

        AppendFacts(text, ending);
        if (ending.Body is { Length: > 0 } body)
        {
            text.Append(body.TrimEnd('\n')).Append("\n\n");
        }

        if (ending.Links.Count > 0)
        {
            text.Append("**Links:** ").Append(string.Join(" · ", ending.Links.Select(l => $"[{Markdown.Text(l.Text)}]({l.Url})"))).Append("\n\n");
        }

        return text.ToString();
    }

    private static void AppendFacts(StringBuilder text, Ending ending)
    {
        var facts = ending.Facts;
        var lines = new List<string>();
        if (facts.Service is { } service)
        {
            var where = facts.Cluster is { } cluster ? $" in cluster {Markdown.Code(cluster)}" : "";
            var region = facts.Region is { Length: > 0 } r ? $" ({Markdown.Text(r)})" : "";
            lines.Add($"**Service:** {Markdown.Code(service)}{where}{region}");
        }

        if (facts.TaskDefinitionArn is { } arn)
        {
            lines.Add($"**Task definition:** {Markdown.Code(arn)}");
        }

        foreach (var image in facts.Images)
        {
            var pinned = image.Digest is { } digest && !image.Image.Contains('@', StringComparison.Ordinal)
                ? $", pinned to {Markdown.Code(digest)}"
                : image.Digest is null ? " (not pinned to a digest)" : "";
            lines.Add($"**Image of {Markdown.Code(image.Container)}:** {Markdown.Code(image.Image)}{pinned}");
        }

        if (facts.Commit is { Length: > 0 } commit)
        {
            var shortSha = commit.Length > 7 ? commit[..7] : commit;
            var shown = facts.CommitUrl is { } url ? $"[{Markdown.Code(shortSha)}]({url})" : Markdown.Code(shortSha);
            lines.Add($"**Commit:** {shown}{(facts.Ref is { Length: > 0 } gitRef ? $" on {Markdown.Code(gitRef)}" : "")}");
        }

        if (ending.Duration is { } duration)
        {
            lines.Add($"**Duration:** {FormatDuration(duration)}{(ending.Span is { Length: > 0 } span ? $" ({Markdown.Text(span)})" : "")}");
        }

        if (lines.Count == 0)
        {
            return;
        }

        // Two trailing spaces would be invisible; a list reads the same everywhere.
        foreach (var line in lines)
        {
            text.Append("- ").Append(line).Append('\n');
        }

        text.Append('\n');
    }

    /// <summary>A duration as the summary shows it, for example "7m 40s".</summary>
    public static string FormatDuration(TimeSpan duration)
    {
        if (duration < TimeSpan.Zero)
        {
            duration = TimeSpan.Zero;
        }

        return duration.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)duration.TotalHours}h {duration.Minutes:00}m")
            : duration.TotalMinutes >= 1
                ? string.Create(CultureInfo.InvariantCulture, $"{(int)duration.TotalMinutes}m {duration.Seconds:00}s")
                : string.Create(CultureInfo.InvariantCulture, $"{(int)duration.TotalSeconds}s");
    }
}
