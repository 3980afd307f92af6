using System.Text;
using EcsDeploy.Sandbox.Hosting;
using EcsDeploy.Sandbox.Scenario;
using EcsDeploy.Sandbox.State;

namespace EcsDeploy.Benchmarks;

/// <summary>What one full deployment against the sandbox showed: calls, polls, exit delay, throttling and memory.</summary>
internal sealed record WatchFigures(
    int ExitCode,
    string DeploymentStatus,
    int TotalRequests,
    int GetDeployment,
    int ListDeploymentTargets,
    int GetDeploymentTarget,
    int Polls,
    int MaxCallsPerPoll,
    int Throttled,
    double ExitDelayPollIntervals,
    TimeSpan WallTime,
    long PeakRssBytes);

/// <summary>Runs the action through one whole deployment against an in-process sandbox and reads the figures from its request log and world.</summary>
internal static class WatchBenchmark
{
    private static readonly string[] WatchOperations = ["GetDeployment", "ListDeploymentTargets", "GetDeploymentTarget"];

    public static async Task<WatchFigures> RunAsync(ActionCommand command, string repoRoot, string scenarioPath, string? faultsJson, int pollIntervalSeconds, double timeScale)
    {
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions
        {
            Scenario = SandboxScenario.Load(scenarioPath),
            TimeScale = timeScale,
            Port = 0,
        });
        if (faultsJson is not null)
        {
            // Through the control API, as a test or tool outside this process would.
            using var http = new HttpClient();
            using var body = new StringContent(faultsJson, Encoding.UTF8, "application/json");
            using var answer = await http.PostAsync(new Uri(sandbox.BaseUrl + "/_sandbox/faults"), body);
            if (!answer.IsSuccessStatusCode)
            {
                throw new BenchmarkException($"the sandbox refused the fault rules ({(int)answer.StatusCode}): {await answer.Content.ReadAsStringAsync()}");
            }
        }

        var work = Directory.CreateTempSubdirectory("ecs-deploy-bench-");
        try
        {
            var environment = ActionInputs.For(sandbox.BaseUrl, repoRoot, work.FullName, pollIntervalSeconds);
            var started = TimeProvider.System.GetTimestamp();
            using var action = RunningAction.Start(command, environment, work.FullName);
            var (exitCode, peakRss) = await action.WaitAsync(TimeSpan.FromSeconds(120));
            var exitedAt = sandbox.Clock.Now;
            var wall = TimeProvider.System.GetElapsedTime(started);
            return Read(sandbox.World, exitCode, exitedAt, pollIntervalSeconds * timeScale, wall, peakRss, action.LastLine());
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static WatchFigures Read(World world, int exitCode, DateTimeOffset exitedAt, double pollIntervalSimulatedSeconds, TimeSpan wall, long peakRss, string lastLine)
    {
        List<RequestLogEntry> log;
        DeploymentState? deployment;
        lock (world.Gate)
        {
            log = [.. world.RequestLog];
            // The deployment the action created; a rollback would be created later.
            deployment = world.Deployments.Values.OrderBy(d => d.CreateTime).FirstOrDefault();
        }

        if (deployment is null)
        {
            throw new BenchmarkException($"the action created no deployment (exit {exitCode}); last output: {lastLine}");
        }

        // A poll starts with GetDeployment; the target calls that follow belong to it.
        var polls = new List<int>();
        foreach (var entry in log.Where(e => WatchOperations.Contains(e.Operation)))
        {
            if (entry.Operation == "GetDeployment" || polls.Count == 0)
            {
                polls.Add(0);
            }

            polls[^1]++;
        }

        var delay = deployment.CompleteTime is { } complete
            ? (exitedAt - complete).TotalSeconds / pollIntervalSimulatedSeconds
            : double.NaN;
        return new WatchFigures(
            exitCode,
            deployment.Status,
            log.Count,
            log.Count(e => e.Operation == "GetDeployment"),
            log.Count(e => e.Operation == "ListDeploymentTargets"),
            log.Count(e => e.Operation == "GetDeploymentTarget"),
            polls.Count,
            polls.Count == 0 ? 0 : polls.Max(),
            log.Count(e => e.ErrorCode == "ThrottlingException"),
            delay,
            wall,
            peakRss);
    }
}
