using System.Text.Json.Nodes;
using EcsDeploy.Sandbox.Faults;
using EcsDeploy.Sandbox.Hosting;
using EcsDeploy.Sandbox.Scenario;
using EcsDeploy.Tests.Support;

namespace EcsDeploy.Tests.Integration;

/// <summary>A test class that runs the whole action once per test against the sandbox, in a fresh workspace holding taskdef.json.</summary>
public abstract class SandboxActionTest : IAsyncLifetime, IDisposable
{
    private readonly StringWriter _output = new();
    private readonly CancellationTokenSource _cancellation = new();
    private SandboxServer? _sandbox;

    protected TempDirectory Workspace { get; } = new();

    protected VirtualClock Clock { get; } = new();

    /// <summary>The action's environment; tests add or change inputs before <see cref="RunAsync"/>.</summary>
    protected Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    /// <summary>The sandbox the last <see cref="RunAsync"/> started.</summary>
    protected SandboxServer Sandbox => _sandbox ?? throw new InvalidOperationException("The sandbox starts in RunAsync; call it first.");

    protected string Log => _output.ToString();

    /// <summary>The GITHUB_OUTPUT file as the action wrote it.</summary>
    protected string Outputs => File.ReadAllText(Workspace.File("output.txt"));

    /// <summary>What this class sets on top of the workspace, service, cluster and region every run gets.</summary>
    protected virtual IReadOnlyDictionary<string, string> ExtraVariables => new Dictionary<string, string>(StringComparer.Ordinal);

    public Task InitializeAsync()
    {
        // The sandbox service runs :v1, so the file to deploy is a real change.
        File.WriteAllText(Workspace.File("taskdef.json"), File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "examples", "sandbox", "taskdef-v1.json")).Replace(":v1", ":v2", StringComparison.Ordinal));
        Environment["GITHUB_WORKSPACE"] = Workspace.Path;
        Environment["GITHUB_OUTPUT"] = Workspace.File("output.txt");
        Environment["GITHUB_STEP_SUMMARY"] = Workspace.File("summary.md");
        Environment["INPUT_SERVICE"] = "web";
        Environment["INPUT_CLUSTER"] = "prod";
        Environment["INPUT_REGION"] = "us-east-1";
        foreach (var (name, value) in ExtraVariables)
        {
            Environment[name] = value;
        }

        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_sandbox is not null)
        {
            await _sandbox.DisposeAsync();
        }
    }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            Workspace.Dispose();
            _output.Dispose();
            _cancellation.Dispose();
        }
    }

    /// <summary>A token the virtual clock cancels once more than <paramref name="after"/> has passed on it.</summary>
    protected CancellationToken CancelAfter(TimeSpan after)
    {
        var start = Clock.GetUtcNow();
        Clock.Advanced = now =>
        {
            if (now - start > after)
            {
                _cancellation.Cancel();
            }
        };
        return _cancellation.Token;
    }

    /// <summary>Starts the sandbox with <paramref name="scenario"/> and runs the action against it once.</summary>
    protected async Task<int> RunAsync(SandboxScenario scenario, FaultInjector? faults = null, HttpMessageHandler? transport = null, CancellationToken cancellationToken = default)
    {
        _sandbox = await SandboxAction.StartAsync(scenario, Clock, faults);
        return await SandboxAction.RunAsync(_sandbox, Environment, _output, Clock, cancellationToken: cancellationToken, transport: transport);
    }

    /// <summary>The sandbox's request log, read over HTTP as an outside observer would.</summary>
    protected async Task<List<(string Operation, JsonNode? Body)>> RequestsAsync()
    {
        using var http = new HttpClient();
        var log = JsonNode.Parse(await http.GetStringAsync(new Uri(Sandbox.BaseUrl + "/_sandbox/requests")))!;
        return [.. log["requests"]!.AsArray().Select(r => (r!["operation"]!.GetValue<string>(), r["body"]))];
    }
}
