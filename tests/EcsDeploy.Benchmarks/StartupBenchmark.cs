using System.Diagnostics;
using EcsDeploy.Sandbox.Hosting;
using EcsDeploy.Sandbox.Scenario;

namespace EcsDeploy.Benchmarks;

/// <summary>Process start to the first AWS request and to CreateDeployment, in milliseconds (each sorted).</summary>
internal sealed record StartupFigures(IReadOnlyList<double> FirstRequestMs, IReadOnlyList<double> CreateDeploymentMs);

/// <summary>The start: a fresh sandbox per run, its request log watched until CreateDeployment arrives; then the action is stopped.</summary>
internal static class StartupBenchmark
{
    /// <summary>Times <paramref name="runs"/> starts after one untimed warm-up (which fills the disk cache).</summary>
    public static async Task<StartupFigures> MeasureAsync(ActionCommand command, string repoRoot, int runs)
    {
        await MeasureOnceAsync(command, repoRoot);
        var first = new List<double>(runs);
        var create = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            var (f, c) = await MeasureOnceAsync(command, repoRoot);
            first.Add(f);
            create.Add(c);
        }

        first.Sort();
        create.Sort();
        return new StartupFigures(first, create);
    }

    private static async Task<(double FirstRequestMs, double CreateDeploymentMs)> MeasureOnceAsync(ActionCommand command, string repoRoot)
    {
        var work = Directory.CreateTempSubdirectory("ecs-deploy-bench-");
        try
        {
            var scenario = Path.Combine(repoRoot, "examples", "sandbox", "canary-success.yaml");
            await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions { Scenario = SandboxScenario.Load(scenario), TimeScale = 1, Port = 0 });
            var environment = ActionInputs.For(sandbox.BaseUrl, repoRoot, work.FullName);
            var started = Stopwatch.GetTimestamp();
            using var action = RunningAction.Start(command, environment, work.FullName);
            try
            {
                double? first = null;
                while (Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(20))
                {
                    int count;
                    bool created;
                    lock (sandbox.World.Gate)
                    {
                        count = sandbox.World.RequestLog.Count;
                        created = sandbox.World.RequestLog.Exists(e => e.Operation == "CreateDeployment");
                    }

                    var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    first ??= count > 0 ? elapsed : null;
                    if (created)
                    {
                        return (first!.Value, elapsed);
                    }

                    if (action.HasExited)
                    {
                        throw new BenchmarkException($"{command.Label} exited before CreateDeployment; output: {action.LastLine()}");
                    }

                    await Task.Delay(1);
                }

                throw new BenchmarkException($"{command.Label} did not call CreateDeployment within 20 s; output: {action.LastLine()}");
            }
            finally
            {
                action.Kill();
            }
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }
}
