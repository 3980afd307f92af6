using System.Diagnostics;

namespace EcsDeploy.Benchmarks;

/// <summary>Prints the action's performance figures as Markdown tables: the start, each deployment shape with the adaptive schedule and the fixed 5 s interval, throttling, memory and CPU.</summary>
internal static class Program
{
    // 30% throttling on the two calls the watch makes most; a fixed seed gives the same faults on every run.
    private const string ThrottleFaults = """
        {"seed":7,"rules":[
          {"operation":"GetDeployment","service":"codedeploy","throttleRate":0.3},
          {"operation":"GetDeploymentTarget","service":"codedeploy","throttleRate":0.3}]}
        """;

    public static async Task<int> Main(string[] args)
    {
        try
        {
            var options = BenchmarkOptions.Parse(args, Directory.GetCurrentDirectory());
            var publishDir = options.PublishDir ?? await PublishAsync(options.RepoRoot);
            var published = ActionCommand.Published(publishDir);

            bool Wanted(string shape) => options.Only.Count == 0 || options.Only.Contains(shape);
            Console.Error.WriteLine($"benchmarks: the start, {options.Runs} runs");
            var startup = await StartupBenchmark.MeasureAsync(published, options.RepoRoot, options.Runs);

            // Every deployment runs at once (each against its own sandbox): the machine is shared anyway, and the whole
            // step stays within about two minutes. The long shapes run at a high time scale, the short canary near real time.
            var shapes = new (string Key, DeploymentShape Shape)[]
            {
                ("long", DeploymentShape.LongCanary(options.TimeScale)),
                ("wait", DeploymentShape.TerminationWait(options.TimeScale)),
                ("short", DeploymentShape.ShortCanary(options.ShortTimeScale)),
                ("ecs-canary", DeploymentShape.EcsCanary(options.TimeScale)),
                ("ecs-blue-green", DeploymentShape.EcsBlueGreen(options.TimeScale)),
                ("ecs-linear", DeploymentShape.EcsLinear(options.TimeScale)),
                ("rollback", DeploymentShape.FollowedRollback(options.TimeScale)),
                ("ecs-rollback", DeploymentShape.EcsRollback(options.TimeScale)),
            }.Where(s => Wanted(s.Key)).Select(s => s.Shape).ToList();
            Console.Error.WriteLine($"benchmarks: {shapes.Count} deployments x (adaptive, fixed 5 s){(Wanted("throttled") ? " and one with 30% throttling" : "")}, at once");
            var environment = options.ActionEnvironment;
            var runs = shapes.SelectMany(s => new[] { PollMode.Adaptive, PollMode.Fixed5s }.Select(m => WatchBenchmark.RunAsync(published, options.RepoRoot, s, m, environment))).ToList();
            async Task<WatchFigures?> ThrottledAsync() => Wanted("throttled")
                ? await WatchBenchmark.RunAsync(published, options.RepoRoot, DeploymentShape.ShortCanary(options.TimeScale), PollMode.Adaptive, environment, ThrottleFaults)
                : null;
            var throttledRun = ThrottledAsync();
            var watches = await Task.WhenAll(runs);
            var throttled = await throttledRun;

            if (options.Verbose)
            {
                foreach (var w in watches.Concat(throttled is null ? [] : [throttled]))
                {
                    Console.Error.WriteLine($"{w.Shape.Label} ({w.Mode}):");
                    foreach (var (transition, delay) in w.Delays.Each)
                    {
                        Console.Error.WriteLine(FormattableString.Invariant($"  {transition.At:HH:mm:ss} +{delay,5:0.0} s  {transition.Line}"));
                    }
                }
            }

            Report.Write(Console.Out, new ReportData(options.Runs, published, startup, watches, throttled, FolderBytes(publishDir)));
            var failed = watches.Concat(throttled is null ? [] : [throttled]).Where(w => w.ExitCode != w.Shape.ExpectedExitCode).ToList();
            return failed.Count == 0 ? 0 : Fail(
                "a deployment did not end as its scenario says: " + string.Join("; ", failed.Select(f => $"{f.Shape.Label} ({f.Mode}) exit {f.ExitCode}")));
        }
        catch (BenchmarkException e)
        {
            return Fail(e.Message);
        }
    }

    private static int Fail(string reason)
    {
        Console.Error.WriteLine($"benchmarks: {reason}");
        return 1;
    }

    private static async Task<string> PublishAsync(string repoRoot)
    {
        var dir = Directory.CreateTempSubdirectory("ecs-deploy-publish-").FullName;
        Console.Error.WriteLine($"benchmarks: publishing the trimmed action to {dir} (pass --publish-dir to reuse one)");
        var info = new ProcessStartInfo("bash") { WorkingDirectory = repoRoot, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { ".ci/publish", "amd64", dir })
        {
            info.ArgumentList.Add(argument);
        }

        using var publish = Process.Start(info) ?? throw new BenchmarkException("could not start bash .ci/publish");
        var output = await publish.StandardOutput.ReadToEndAsync();
        await publish.WaitForExitAsync();
        return publish.ExitCode == 0
            ? dir
            : throw new BenchmarkException($"bash .ci/publish amd64 {dir} failed (exit {publish.ExitCode}): {output.Trim().Split('\n')[^1]}");
    }

    private static long FolderBytes(string dir) =>
        new DirectoryInfo(dir).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
}
