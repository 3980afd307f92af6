using System.Net;
using EcsDeploy.Sandbox.Faults;
using EcsDeploy.Sandbox.Scenario;
using EcsDeploy.Sandbox.State;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace EcsDeploy.Sandbox.Hosting;

/// <summary>The sandbox HTTP server on 127.0.0.1: AWS JSON 1.1 at POST / and the control API under /_sandbox/.</summary>
public sealed class SandboxServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SandboxOptions _options;
    private readonly Lock _swap = new();
    private SandboxRuntime _runtime;
    private SandboxScenario _scenario;

    private SandboxServer(WebApplication app, SandboxOptions options, SandboxScenario scenario)
    {
        _app = app;
        _options = options;
        _scenario = scenario;
        _runtime = SandboxRuntime.Create(scenario, options);
    }

    /// <summary>For example http://127.0.0.1:49152 (no trailing slash); use it as AWS_ENDPOINT_URL.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>The current runtime (world, clock, handlers, faults).</summary>
    public SandboxRuntime Runtime
    {
        get
        {
            lock (_swap)
            {
                return _runtime;
            }
        }
    }

    public World World => Runtime.World;

    public SandboxClock Clock => Runtime.Clock;

    public static async Task<SandboxServer> StartAsync(SandboxOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, options.Port);
            k.AddServerHeader = false;
        });
        var app = builder.Build();
        var server = new SandboxServer(app, options, options.Scenario ?? SandboxScenario.Empty);
        app.Run(server.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = address.Replace("localhost", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
        return server;
    }

    /// <summary>Replaces the world with a new one built from the scenario (the clock restarts at now).</summary>
    public void LoadScenario(SandboxScenario scenario)
    {
        var runtime = SandboxRuntime.Create(scenario, _options);
        lock (_swap)
        {
            _scenario = scenario;
            _runtime = runtime;
        }
    }

    /// <summary>Rebuilds the world from the last loaded scenario.</summary>
    public void Reset() => LoadScenario(_scenario);

    public void SetFaults(FaultInjector faults) => Runtime.Faults = faults;

    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private Task HandleAsync(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/_sandbox", StringComparison.Ordinal)
            ? ControlApi.HandleAsync(context, this)
            : AwsEndpoint.HandleAsync(context, Runtime);
}
