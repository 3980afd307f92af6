using System.Globalization;

namespace EcsDeploy.Benchmarks;

/// <summary>Everything measured, ready to print.</summary>
internal sealed record ReportData(
    int Runs,
    ActionCommand Published,
    StartupFigures Startup,
    IReadOnlyList<WatchFigures> Watches,
    WatchFigures? Throttled,
    long PublishBytes);

/// <summary>Writes the figures as Markdown tables, each target next to its figure.</summary>
internal static class Report
{
    /// <summary>The publish folder before issue 12: trimmed, self-contained and ReadyToRun, with the runtime's files beside it (linux-x64).</summary>
    public const long PublishBytesBefore = 42_145_634;

    public static void Write(TextWriter output, ReportData data)
    {
        var s = data.Startup;
        output.WriteLine($"The start ({data.Published.Label}, {data.Runs} runs after a warm-up; min / median / max):");
        output.WriteLine();
        output.WriteLine("| Figure | Value | Target |");
        output.WriteLine("|---|---|---|");
        output.WriteLine($"| Process start → first AWS request | {Ms(s.FirstRequestMs)} | well under 1 s |");
        output.WriteLine($"| Process start → CreateDeployment | {Ms(s.CreateDeploymentMs)} | no slower than before |");
        output.WriteLine($"| Publish folder | {Mb(data.PublishBytes)} ({Mb(PublishBytesBefore - data.PublishBytes)} less than the {Mb(PublishBytesBefore)} before) | ≥ 7 MB smaller |");
        output.WriteLine();
        output.WriteLine("Whole deployments against the sandbox, the action's clock at the sandbox's time scale (delays in simulated seconds). "
            + "Adaptive: the schedule with poll-interval 15 (the default); fixed 5 s: every call every 5 s, as before issue 12. "
            + "Watch calls: CodeDeploy's GetDeployment, ListDeploymentTargets, GetDeploymentTarget, GetDeploymentConfig; the ECS watch's calls after UpdateService. "
            + "All runs at once on a shared machine: the figures are noisy.");
        output.WriteLine();
        output.WriteLine("| Deployment | Polling | Outcome | Transitions seen, in order | Delay median / worst | End noticed after | Watch calls (per deployment minute) | CPU | Peak RSS |");
        output.WriteLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var w in data.Throttled is null ? data.Watches : data.Watches.Append(data.Throttled))
        {
            var label = w == data.Throttled ? $"{w.Shape.Label}, 30% throttled ({w.Throttled} throttled answers)" : w.Shape.Label;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {label} ({w.Shape.TimeScale:0.#}x) | {Mode(w.Mode)} | {w.DeploymentStatus} ({w.ExitCode}) | {w.Delays.Seen} of {w.Delays.Expected}, {(w.Delays.InOrder ? "in order" : "NOT in order")} | {Sec(w.Delays.Median)} / {Sec(w.Delays.Worst)} | {Sec(w.Delays.EndDelaySeconds)} | {w.WatchCalls} ({Num(w.CallsPerMinute)}) | {Num(w.Use.CpuSeconds)} s | {Mib(w.Use.PeakRssBytes)} |"));
        }

        output.WriteLine();
        output.WriteLine("| Target | Value | Met |");
        output.WriteLine("|---|---|---|");
        // The issue's delay targets hold for each controller's watch: the CodeDeploy shapes, then the ECS ones.
        foreach (var (controller, ecs) in new[] { ("CodeDeploy", false), ("ECS", true) })
        {
            var adaptive = data.Watches.Where(w => w.Mode == PollMode.Adaptive && w.Shape.IsEcs == ecs).ToList();
            if (adaptive.Count == 0)
            {
                continue;
            }

            var medians = adaptive.Select(w => w.Delays.Median).ToList();
            var worsts = adaptive.Select(w => w.Delays.Worst).ToList();
            var ends = adaptive.Select(w => w.Delays.EndDelaySeconds).ToList();
            Target(output, $"{controller}: median delay transition → log line ≤ 2 s (each adaptive run)", string.Join(", ", medians.Select(Sec)), medians.All(m => m <= 2));
            Target(output, $"{controller}: worst delay ≤ 15 s", string.Join(", ", worsts.Select(Sec)), worsts.All(m => m <= 15));
            Target(output, $"{controller}: end of the deployment (or of its followed rollback) noticed within 2 s", string.Join(", ", ends.Select(Sec)), ends.All(m => m <= 2));
        }

        if (Pair(data, "30-minute canary") is var (longAdaptive, longFixed) && longAdaptive is not null && longFixed is not null)
        {
            var ratio = (double)longAdaptive.WatchCalls / Math.Max(1, longFixed.WatchCalls);
            Target(output, "30-minute canary: ≤ 1/4 of the fixed 5 s interval's calls", $"{longAdaptive.WatchCalls} / {longFixed.WatchCalls} = {Ratio(ratio)}", ratio <= 0.25);
        }

        if (Pair(data, DeploymentShape.EcsCanary(1).Label) is var (ecsAdaptive, ecsFixed) && ecsAdaptive is not null && ecsFixed is not null)
        {
            var ratio = (double)ecsAdaptive.WatchCalls / Math.Max(1, ecsFixed.WatchCalls);
            Target(output, "ECS canary: ≤ 1/4 of the fixed 5 s interval's calls", $"{ecsAdaptive.WatchCalls} / {ecsFixed.WatchCalls} = {Ratio(ratio)}", ratio <= 0.25);
        }

        if (Pair(data, "2.5-minute canary") is var (shortAdaptive, _) && shortAdaptive is not null)
        {
            Target(output, "CPU for the 2.5-minute canary ≤ 1 s", $"{Num(shortAdaptive.Use.CpuSeconds)} s", shortAdaptive.Use.CpuSeconds <= 1);
        }

        var rss = data.Watches.Count == 0 ? 0 : data.Watches.Max(w => w.Use.PeakRssBytes);
        Target(output, "Peak RSS ≤ 64 MiB (largest run)", rss > 0 ? Mib(rss) : "", rss <= 64L * 1024 * 1024);
        Target(output, "Publish folder ≥ 7 MB smaller", Mb(PublishBytesBefore - data.PublishBytes), PublishBytesBefore - data.PublishBytes >= 7_000_000);
    }

    private static (WatchFigures? Adaptive, WatchFigures? Fixed) Pair(ReportData data, string label) =>
        (data.Watches.FirstOrDefault(w => w.Shape.Label == label && w.Mode == PollMode.Adaptive),
         data.Watches.FirstOrDefault(w => w.Shape.Label == label && w.Mode == PollMode.Fixed5s));

    private static void Target(TextWriter output, string target, string value, bool met) =>
        output.WriteLine($"| {target} | {(value.Length == 0 ? "n/a" : value)} | {(value.Length == 0 ? "n/a" : met ? "yes" : "no")} |");

    private static string Mode(PollMode mode) => mode == PollMode.Adaptive ? "adaptive" : "fixed 5 s";

    private static string Ms(IReadOnlyList<double> sortedMs)
    {
        var median = sortedMs.Count % 2 == 1
            ? sortedMs[sortedMs.Count / 2]
            : (sortedMs[(sortedMs.Count / 2) - 1] + sortedMs[sortedMs.Count / 2]) / 2;
        return string.Create(CultureInfo.InvariantCulture, $"{sortedMs[0]:0} / {median:0} / {sortedMs[^1]:0} ms");
    }

    private static string Sec(double value) => double.IsNaN(value) ? "n/a" : value.ToString("0.0", CultureInfo.InvariantCulture) + " s";

    private static string Ratio(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);

    private static string Num(double value) => double.IsNaN(value) ? "n/a" : value.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Mib(long bytes) => bytes <= 0 ? "n/a" : (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) + " MiB";

    private static string Mb(long bytes) => bytes <= 0 ? "n/a" : (bytes / 1_000_000.0).ToString("0.0", CultureInfo.InvariantCulture) + " MB";
}
