using Amazon.Runtime;
using EcsDeploy.Aws;
using EcsDeploy.Sandbox.Faults;
using EcsDeploy.Sandbox.Hosting;
using EcsDeploy.Sandbox.Scenario;

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
