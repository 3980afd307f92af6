using System.Globalization;

namespace EcsDeploy.Benchmarks;

/// <summary>Everything measured, ready to print.</summary>
internal sealed record ReportData(
    int Runs,
    ActionCommand Published,
    ActionCommand FrameworkDependent,
    IReadOnlyList<double> StartupPublishedMs,
    IReadOnlyList<double> StartupFrameworkMs,
    WatchFigures Canary,
    WatchFigures Throttled,
    long PublishBytes,
    int PollIntervalSeconds,
    double TimeScale);

/// <summary>Writes the figures as one Markdown table (figure, value, target).</summary>
internal static class Report
{
    public static void Write(TextWriter output, ReportData data)
    {
        var c = data.Canary;
        var t = data.Throttled;
        var rows = new List<(string Figure, string Value, string Target)>
        {
            ($"Startup to first AWS request, {data.Published.Label}, {data.Runs} runs", Startup(data.StartupPublishedMs), "well under 1 s"),
            ($"Startup to first AWS request, {data.FrameworkDependent.Label}, {data.Runs} runs", Startup(data.StartupFrameworkMs), "well under 1 s"),
            ("Canary deployment: outcome (exit code)", $"{c.DeploymentStatus} ({c.ExitCode})", "Succeeded (0)"),
            ("Canary deployment: polls", Int(c.Polls), ""),
            ("Canary deployment: GetDeployment / ListDeploymentTargets / GetDeploymentTarget calls",
                $"{c.GetDeployment} / {c.ListDeploymentTargets} / {c.GetDeploymentTarget}", "target id cached: 1 list call"),
            ("Canary deployment: most calls in one poll", Int(c.MaxCallsPerPoll), "≤ 3"),
            ("Canary deployment: Succeeded → action exit", $"{Num(c.ExitDelayPollIntervals)} poll intervals", "≤ 1 poll interval"),
            ("Canary deployment: all AWS requests, wall time", $"{c.TotalRequests}, {Num(c.WallTime.TotalSeconds)} s", ""),
            ("30% throttling: outcome (exit code)", $"{t.DeploymentStatus} ({t.ExitCode})", "Succeeded (0)"),
            ("30% throttling: AWS requests / throttled answers", $"{t.TotalRequests} / {t.Throttled}", "backs off, still succeeds"),
            ("30% throttling: Succeeded → action exit", $"{Num(t.ExitDelayPollIntervals)} poll intervals", ""),
            ("Peak RSS (VmHWM) of the action, canary deployment", Mb(c.PeakRssBytes), ""),
            ("Peak RSS (VmHWM) of the action, with throttling", Mb(t.PeakRssBytes), ""),
            ("Trimmed publish folder size", Mb(data.PublishBytes), ""),
        };

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Poll interval {data.PollIntervalSeconds} s, sandbox time scale {data.TimeScale:0}x, scenario examples/sandbox/canary-success.yaml; startup as min / median / max."));
        output.WriteLine();
        output.WriteLine("| Figure | Value | Target |");
        output.WriteLine("|---|---|---|");
        foreach (var (figure, value, target) in rows)
        {
            output.WriteLine($"| {figure} | {value} | {target} |");
        }
    }

    private static string Startup(IReadOnlyList<double> sortedMs)
    {
        var median = sortedMs.Count % 2 == 1
            ? sortedMs[sortedMs.Count / 2]
            : (sortedMs[(sortedMs.Count / 2) - 1] + sortedMs[sortedMs.Count / 2]) / 2;
        return string.Create(CultureInfo.InvariantCulture, $"{sortedMs[0]:0} / {median:0} / {sortedMs[^1]:0} ms");
    }

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Num(double value) => double.IsNaN(value) ? "n/a" : value.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Mb(long bytes) => bytes <= 0 ? "n/a" : (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) + " MB";
}
