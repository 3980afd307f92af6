using System.Text.Json.Nodes;
using Amazon.Runtime;
using EcsDeploy.Aws;
using EcsDeploy.Sandbox.Faults;
using EcsDeploy.Sandbox.Hosting;
using EcsDeploy.Sandbox.Scenario;
using EcsDeploy.Sandbox.State;
using EcsDeploy.Sandbox.Validation;
using Microsoft.Extensions.Time.Testing;

namespace EcsDeploy.Tests.Contract;

/// <summary>One request as the sandbox's control API lists it.</summary>
internal sealed record LoggedRequest(string Service, string Operation, JsonNode? Body, int Status, string? ErrorCode);

/// <summary>
/// An in-process sandbox on 127.0.0.1 with a virtual clock, and the action's real AWS clients pointed at it through
/// AWS_ENDPOINT_URL and signing with the scenario's static key.
/// </summary>
internal sealed class ContractSandbox : IAsyncDisposable
{
    public const string AccessKeyId = "AKIDSANDBOXEXAMPLE";
    public const string SecretAccessKey = "sandbox/secret/EXAMPLEKEY0000000000000";
    public const string Account = "111122223333";
    public const string Region = "us-east-1";
    public const string Cluster = "prod";
    public const string Service = "web";
    public const string Application = "AppECS-prod-web";
    public const string Group = "DgpECS-prod-web";
    public const string Registry = Account + ".dkr.ecr." + Region + ".amazonaws.com";

    public static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private static readonly HttpClient Control = new();

    private ContractSandbox(SandboxServer server, FakeTimeProvider sandboxTime, int? maxAttempts)
    {
        Server = server;
        SandboxTime = sandboxTime;
        Apis = CreateClients(new BasicAWSCredentials(AccessKeyId, SecretAccessKey), maxAttempts);
    }

    public SandboxServer Server { get; }

    /// <summary>The sandbox's clock (simulated time = start + elapsed × time scale).</summary>
    public FakeTimeProvider SandboxTime { get; }

    /// <summary>The clients' clock, on which the retry backoff waits.</summary>
    public BackoffClock Clock { get; } = new();

    public AwsApis Apis { get; }

    public World World => Server.World;

    /// <summary>The action's clients pointed at this sandbox, with <paramref name="credentials"/>; the caller disposes them.</summary>
    public AwsApis CreateClients(AWSCredentials credentials, int? maxAttempts = null) => AwsClients.Create(new AwsClientOptions
    {
        Region = Region,
        Credentials = credentials,
        Environment = new Dictionary<string, string> { [AwsEndpoints.GlobalEndpointVariable] = Server.BaseUrl },
        MaxAttempts = maxAttempts,
        Time = Clock,
        // The top of each backoff window, so the waits are exactly 1 s, 2 s, 4 s, … on the fake clock.
        Jitter = static () => 1,
    });

    /// <summary>A path under the repository's examples/sandbox folder, as copied to the test output.</summary>
    public static string Example(string name) => Path.Combine(AppContext.BaseDirectory, "examples", "sandbox", name);

    /// <summary>Starts the sandbox with an example scenario (canary-success.yaml unless named).</summary>
    public static Task<ContractSandbox> StartAsync(string example = "canary-success.yaml", int? maxAttempts = null) =>
        StartAsync(SandboxScenario.Load(Example(example)), maxAttempts);

    /// <summary>Starts the sandbox with scenario text; relative paths in it resolve against examples/sandbox.</summary>
    public static Task<ContractSandbox> StartWithTextAsync(string scenario, int? maxAttempts = null) =>
        StartAsync(SandboxScenario.Parse(scenario, Example("")), maxAttempts);

    private static async Task<ContractSandbox> StartAsync(SandboxScenario scenario, int? maxAttempts)
    {
        var time = new FakeTimeProvider(Start);
        var server = await SandboxServer.StartAsync(new SandboxOptions { Scenario = scenario, TimeProvider = time, Port = 0 });
        return new ContractSandbox(server, time, maxAttempts);
    }

    /// <summary>Replaces the fault rules, as POST /_sandbox/faults does.</summary>
    public void SetFaults(int seed, params FaultRule[] rules) => Server.SetFaults(new FaultInjector(seed, rules));

    /// <summary>Moves simulated time on by <paramref name="simulated"/> (divided by the scenario's time scale).</summary>
    public void AdvanceSimulated(TimeSpan simulated) => SandboxTime.Advance(simulated / Server.Clock.Scale);

    /// <summary>The request log, read over HTTP from GET /_sandbox/requests.</summary>
    public async Task<IReadOnlyList<LoggedRequest>> RequestsAsync(bool clear = false)
    {
        var text = await Control.GetStringAsync(new Uri($"{Server.BaseUrl}/_sandbox/requests{(clear ? "?clear=true" : "")}"));
        var requests = JsonNode.Parse(text)!["requests"]!.AsArray();
        return [.. requests.Select(r => new LoggedRequest(
            r!["service"]!.GetValue<string>(),
            r["operation"]!.GetValue<string>(),
            r["body"]?.DeepClone(),
            r["status"]!.GetValue<int>(),
            r["errorCode"]?.GetValue<string>()))];
    }

    /// <summary>
    /// Asserts the log holds exactly one request, to <paramref name="service"/>:<paramref name="operation"/>, answered 200,
    /// whose body the official model accepts with no member it does not define; returns that body and clears the log.
    /// </summary>
    public async Task<JsonObject> SingleValidRequestAsync(string service, string operation)
    {
        var logged = Assert.Single(await RequestsAsync(clear: true));
        Assert.Equal((service, operation, 200), (logged.Service, logged.Operation, logged.Status));
        var body = Assert.IsType<JsonObject>(logged.Body);
        Assert.Empty(ModelValidator.ValidateInput(service, operation, body));
        Assert.Empty(ModelMembers.UnknownInInput(service, operation, body));
        return body;
    }

    /// <summary>Reads World under its lock.</summary>
    public T Read<T>(Func<World, T> read)
    {
        lock (World.Gate)
        {
            return read(World);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Apis.Dispose();
        await Server.DisposeAsync();
    }
}
