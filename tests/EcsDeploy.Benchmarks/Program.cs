using System.Diagnostics;

namespace EcsDeploy.Benchmarks;

/// <summary>Prints the action's performance figures as a Markdown table: startup, watch efficiency, throttling and memory.</summary>
internal static class Program
{
    private const int PollIntervalSeconds = 1;
    private const double TimeScale = 60;

    // 30% throttling on the two calls every poll makes; a fixed seed gives the same faults on every run.
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
            var frameworkDependent = ActionCommand.FrameworkDependent(options.FrameworkDependentDll);
            var scenario = Path.Combine(options.RepoRoot, "examples", "sandbox", "canary-success.yaml");

            Console.Error.WriteLine($"benchmarks: startup, {options.Runs} runs each");
            var startupPublished = await StartupBenchmark.MeasureAsync(published, options.RepoRoot, options.Runs);
            var startupFramework = await StartupBenchmark.MeasureAsync(frameworkDependent, options.RepoRoot, options.Runs);
            Console.Error.WriteLine("benchmarks: canary deployment");
            var canary = await WatchBenchmark.RunAsync(published, options.RepoRoot, scenario, null, PollIntervalSeconds, TimeScale);
            Console.Error.WriteLine("benchmarks: canary deployment with 30% throttling");
            var throttled = await WatchBenchmark.RunAsync(published, options.RepoRoot, scenario, ThrottleFaults, PollIntervalSeconds, TimeScale);

            Report.Write(Console.Out, new ReportData(
                options.Runs, published, frameworkDependent, startupPublished, startupFramework,
                canary, throttled, FolderBytes(publishDir), PollIntervalSeconds, TimeScale));
            return canary.ExitCode == 0 && throttled.ExitCode == 0 ? 0 : Fail(
                $"the canary deployment did not succeed (exit codes {canary.ExitCode} and {throttled.ExitCode} with throttling)");
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
