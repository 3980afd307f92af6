using Amazon.Runtime;
using EcsDeploy.Aws;
using EcsDeploy.Sandbox.Faults;
using EcsDeploy.Sandbox.Hosting;
using EcsDeploy.Sandbox.Scenario;
using EcsDeploy.Tests.Support;

namespace EcsDeploy.Tests.Integration;

/// <summary>Starts the in-process sandbox on a virtual clock and runs the whole action against it over real HTTP.</summary>
internal static class SandboxAction
{
    /// <summary>A scenario from examples/sandbox (copied next to the tests).</summary>
    public static SandboxScenario Scenario(string name) =>
        SandboxScenario.Load(Path.Combine(AppContext.BaseDirectory, "examples", "sandbox", name));

    /// <summary>The one "::error" line of <paramref name="log"/>; fails the test when there is none or more than one.</summary>
    public static string SingleError(string log) =>
        Assert.Single(log.Split('\n'), line => line.StartsWith("::error", StringComparison.Ordinal));

    /// <summary>Starts the sandbox with <paramref name="scenario"/>; the caller disposes it.</summary>
    public static async Task<SandboxServer> StartAsync(SandboxScenario scenario, VirtualClock clock, FaultInjector? faults = null)
    {
        var sandbox = await SandboxServer.StartAsync(new SandboxOptions { Scenario = scenario, TimeProvider = clock, TimeScale = 1, Port = 0 }, CancellationToken.None);
        if (faults is not null)
        {
            sandbox.SetFaults(faults);
        }

        return sandbox;
    }

    /// <summary>When the golden runs start, on their virtual clock.</summary>
    public static readonly DateTimeOffset GoldenStart = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Runs the inputs of examples/run-local.sh against <paramref name="scenario"/>, with the example <paramref name="files"/>
    /// copied into <paramref name="workspace"/> and <paramref name="inputs"/> (INPUT_ names) on top, on a virtual clock
    /// from <see cref="GoldenStart"/> with pinned stop tokens; cancelled once <paramref name="cancelAfter"/> has passed.
    /// </summary>
    public static async Task<(string Log, string Summary, int Exit)> RunExampleAsync(string scenario, TempDirectory workspace, IEnumerable<string> files, IReadOnlyDictionary<string, string> inputs, TimeSpan? cancelAfter = null)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        foreach (var name in files)
        {
            File.Copy(Path.Combine(AppContext.BaseDirectory, "examples", name), workspace.File(name));
        }

        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["GITHUB_WORKSPACE"] = workspace.Path,
            ["RUNNER_TEMP"] = workspace.Path,
            ["GITHUB_REPOSITORY"] = "example/web",
            ["GITHUB_SHA"] = "0123456789abcdef0123456789abcdef01234567",
            ["GITHUB_REF_NAME"] = "main",
            ["GITHUB_SERVER_URL"] = "https://github.com",
            ["GITHUB_RUN_ID"] = "1",
            ["GITHUB_STEP_SUMMARY"] = workspace.File("summary.md"),
            ["GITHUB_OUTPUT"] = workspace.File("output.txt"),
            ["AWS_REGION"] = "us-east-1",
            ["INPUT_TASK-DEFINITION"] = "taskdef.json",
            ["INPUT_CLUSTER"] = "prod",
            ["INPUT_SERVICE"] = "web",
            ["INPUT_POLL-INTERVAL"] = "15",
        };
        foreach (var (name, value) in inputs)
        {
            environment[name] = value;
        }

        var clock = new VirtualClock(GoldenStart);
        using var cancellation = new CancellationTokenSource();
        if (cancelAfter is { } after)
        {
            clock.Advanced = now =>
            {
                if (now - GoldenStart > after)
                {
                    cancellation.Cancel();
                }
            };
        }

        var output = new StringWriter();
        var token = 0;
        await using var sandbox = await StartAsync(Scenario(scenario), clock);

        var exit = await RunAsync(sandbox, environment, output, clock, () => $"stop-token-{++token}", cancellationToken: cancellation.Token);

        return (output.ToString(), File.ReadAllText(workspace.File("summary.md")), exit);
    }

    /// <summary>Runs the action once against <paramref name="sandbox"/>; the sandbox's address reaches the action only through its own dictionary.</summary>
    public static Task<int> RunAsync(SandboxServer sandbox, IReadOnlyDictionary<string, string> environment, TextWriter output, VirtualClock clock, Func<string>? stopTokens = null, HttpMessageHandler? transport = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        var awsEnvironment = new Dictionary<string, string>(StringComparer.Ordinal) { ["AWS_ENDPOINT_URL"] = sandbox.BaseUrl };
        // The runner sets GITHUB_ACTIONS; tests that want the terminal log set it to something else.
        var runnerEnvironment = new Dictionary<string, string>(environment, StringComparer.Ordinal);
        runnerEnvironment.TryAdd("GITHUB_ACTIONS", "true");
        var host = new ActionHost(runnerEnvironment, output, clock, settings =>
        {
            var apis = AwsClients.Create(new AwsClientOptions
            {
                Region = settings.Region,
                Credentials = new BasicAWSCredentials("AKIDSANDBOXEXAMPLE", "sandbox/secret/EXAMPLEKEY0000000000000"),
                Environment = awsEnvironment,
                MaxAttempts = settings.MaxAttempts,
                OnNotice = settings.OnNotice,
                InnerHandler = transport,
                Time = clock,
            });
            return new ActionApis(apis.Ecs, apis.CodeDeploy, apis.Ecr, apis) { EcsDeployments = apis.EcsDeployments };
        })
        {
            StopTokens = stopTokens,
        };
        return ActionRunner.RunAsync(host, cancellationToken);
    }
}
