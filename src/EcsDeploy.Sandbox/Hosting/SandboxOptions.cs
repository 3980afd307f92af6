using EcsDeploy.Sandbox.Protocol;
using EcsDeploy.Sandbox.Scenario;
using EcsDeploy.Sandbox.State;

namespace EcsDeploy.Sandbox.Hosting;

/// <summary>How to start a sandbox: what world to load, which clock to follow and where to listen.</summary>
public sealed class SandboxOptions
{
    /// <summary>The world to start with; <see cref="SandboxScenario.Empty"/> when null.</summary>
    public SandboxScenario? Scenario { get; init; }

    /// <summary>The real clock simulated time follows; tests pass a FakeTimeProvider.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Simulated seconds per real second; overrides the scenario's timeScale (default 1).</summary>
    public double? TimeScale { get; init; }

    /// <summary>Fault seed; overrides the scenario's faults.seed.</summary>
    public int? Seed { get; init; }

    /// <summary>Port on 127.0.0.1; 0 picks a free one (see <see cref="SandboxServer.BaseUrl"/>).</summary>
    public int Port { get; init; }

    /// <summary>
    /// When true (the default), every successful answer is checked against the operation's output shape in the
    /// embedded model, and one that does not fit becomes a 500 InternalFailure naming the problems, so no test can
    /// pass on a response real AWS would never send.
    /// </summary>
    public bool ValidateResponses { get; init; } = true;

    /// <summary>Test hook: more handlers to serve next to ECS, ECR and CodeDeploy, built for each new world.</summary>
    internal Func<World, SandboxClock, IEnumerable<IServiceHandler>>? ExtraHandlers { get; init; }
}
