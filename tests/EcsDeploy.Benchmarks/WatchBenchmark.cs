using System.Text;
using EcsDeploy.Sandbox.Hosting;
using EcsDeploy.Sandbox.Scenario;
using EcsDeploy.Sandbox.State;

namespace EcsDeploy.Benchmarks;

/// <summary>How the action polls in a run: the adaptive schedule (poll-interval 15, the default) or the fixed 5 s interval of earlier versions.</summary>
internal enum PollMode
{
    Adaptive,
    Fixed5s,
}

/// <summary>What one whole deployment against the sandbox showed.</summary>
internal sealed record WatchFigures(
    DeploymentShape Shape,
    PollMode Mode,
    int ExitCode,
    string DeploymentStatus,
    TransitionDelays Delays,
    int WatchCalls,
    int TotalRequests,
    int Throttled,
    double DeploymentMinutes,
    TimeSpan WallTime,
    ProcessUse Use)
{
    public double CallsPerMinute => DeploymentMinutes > 0 ? WatchCalls / DeploymentMinutes : double.NaN;
}

/// <summary>Runs the published action through one whole deployment against an in-process sandbox, with the action's clock at the sandbox's time scale.</summary>
internal static class WatchBenchmark
{
    private static readonly string[] WatchOperations = ["GetDeployment", "ListDeploymentTargets", "GetDeploymentTarget", "GetDeploymentConfig"];

    // What the ECS watch may call once UpdateService started the deployment (finding it, following it, the stopped tasks of a failure).
    private static readonly string[] EcsWatchOperations =
        ["ListServiceDeployments", "DescribeServiceDeployments", "DescribeServices", "DescribeServiceRevisions", "ListTasks", "DescribeTasks"];

    public static async Task<WatchFigures> RunAsync(ActionCommand command, string repoRoot, DeploymentShape shape, PollMode mode, IReadOnlyDictionary<string, string> extraEnvironment, string? faultsJson = null)
    {
        var work = Directory.CreateTempSubdirectory("ecs-deploy-bench-");
        try
        {
            var scenario = shape.WriteScenario(repoRoot, work.FullName);
            await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions
            {
                Scenario = SandboxScenario.Load(scenario),
                TimeScale = shape.TimeScale,
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

            var environment = ActionInputs.For(sandbox.BaseUrl, repoRoot, work.FullName);
            if (shape.IsEcs)
            {
                environment.Remove("INPUT_CODEDEPLOY-APPSPEC");
            }

            environment["ECS_DEPLOY_TIME_SCALE"] = shape.TimeScale.ToString(System.Globalization.CultureInfo.InvariantCulture);
            // The same instant on both clocks, so the action's due times (from the sandbox's timestamps) meet the sandbox's.
            var real = DateTimeOffset.UtcNow;
            var simulated = sandbox.Clock.Now;
            environment["ECS_DEPLOY_TIME_ANCHOR"] = FormattableString.Invariant($"{real.ToUnixTimeMilliseconds()}:{simulated.ToUnixTimeMilliseconds()}");
            foreach (var (name, value) in extraEnvironment)
            {
                environment[name] = value;
            }

            if (mode == PollMode.Fixed5s)
            {
                environment["INPUT_POLL-INTERVAL"] = "5";
                environment["ECS_DEPLOY_POLL_SCHEDULE"] = "fixed";
            }

            var started = TimeProvider.System.GetTimestamp();
            using var action = RunningAction.Start(command, environment, work.FullName, () => sandbox.Clock.Now);
            var (exitCode, use) = await action.WaitAsync(TimeSpan.FromMinutes(10));
            var wall = TimeProvider.System.GetElapsedTime(started);
            return shape.IsEcs
                ? ReadEcs(sandbox.World, shape, mode, exitCode, action, wall, use)
                : Read(sandbox.World, shape, mode, exitCode, action, wall, use);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static WatchFigures Read(World world, DeploymentShape shape, PollMode mode, int exitCode, RunningAction action, TimeSpan wall, ProcessUse use)
    {
        List<RequestLogEntry> log;
        DeploymentState? deployment;
        DateTimeOffset? began;
        lock (world.Gate)
        {
            log = [.. world.RequestLog];
            // The deployment the action created; a rollback is created later, and is what a rollback shape times.
            var created = world.Deployments.Values.OrderBy(d => d.CreateTime).ToList();
            deployment = shape.RollsBack ? created.Skip(1).LastOrDefault() : created.FirstOrDefault();
            began = created.FirstOrDefault()?.CreateTime;
        }

        if (deployment is null)
        {
            throw new BenchmarkException($"{shape.Label} ({mode}): the action created no deployment (exit {exitCode}); last output: {action.LastLine()}");
        }

        // A followed rollback's lines carry the "[rollback] " mark.
        var transitions = Transitions.Of(world, deployment);
        var delays = Transitions.Measure(shape.RollsBack ? [.. transitions.Select(t => t with { Line = "[rollback] " + t.Line })] : transitions, action.Lines);
        // Calls per minute of the whole run: from the action's deployment to the end of the one timed.
        var minutes = deployment.CompleteTime is { } complete ? (complete - (began ?? deployment.CreateTime)).TotalMinutes : double.NaN;
        return new WatchFigures(
            shape,
            mode,
            exitCode,
            deployment.Status,
            delays,
            log.Count(e => WatchOperations.Contains(e.Operation)),
            log.Count,
            log.Count(e => e.ErrorCode == "ThrottlingException"),
            minutes,
            wall,
            use);
    }

    private static WatchFigures ReadEcs(World world, DeploymentShape shape, PollMode mode, int exitCode, RunningAction action, TimeSpan wall, ProcessUse use)
    {
        List<RequestLogEntry> log;
        ServiceDeploymentState? deployment;
        lock (world.Gate)
        {
            log = [.. world.RequestLog];
            // The deployment the action's UpdateService created (the service's first one was done before the scenario began).
            deployment = world.ServiceDeployments.Values.Where(d => d.SourceRevisionArns.Count > 0).OrderBy(d => d.CreatedAt).FirstOrDefault();
        }

        if (deployment is null)
        {
            throw new BenchmarkException($"{shape.Label} ({mode}): the action started no service deployment (exit {exitCode}); last output: {action.LastLine()}");
        }

        var delays = Transitions.Measure(Transitions.OfEcs(world, deployment), action.Lines);
        var minutes = deployment.FinishedAt is { } finished ? (finished - deployment.CreatedAt).TotalMinutes : double.NaN;
        var update = log.FindIndex(e => e.Operation == "UpdateService");
        var watching = update < 0 ? [] : log.Skip(update + 1).ToList();
        return new WatchFigures(
            shape,
            mode,
            exitCode,
            deployment.Status,
            delays,
            watching.Count(e => EcsWatchOperations.Contains(e.Operation)),
            log.Count,
            log.Count(e => e.ErrorCode == "ThrottlingException"),
            minutes,
            wall,
            use);
    }
}
