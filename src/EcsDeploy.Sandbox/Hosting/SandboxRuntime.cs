using EcsDeploy.Sandbox.CodeDeploy;
using EcsDeploy.Sandbox.Ecr;
using EcsDeploy.Sandbox.Ecs;
using EcsDeploy.Sandbox.Faults;
using EcsDeploy.Sandbox.Protocol;
using EcsDeploy.Sandbox.Scenario;
using EcsDeploy.Sandbox.State;

namespace EcsDeploy.Sandbox.Hosting;

/// <summary>One loaded world with its clock, handlers and faults; loading a scenario swaps in a new one.</summary>
public sealed class SandboxRuntime
{
    private SandboxRuntime(World world, SandboxClock clock, IReadOnlyList<IServiceHandler> handlers, FaultInjector faults)
    {
        World = world;
        Clock = clock;
        Handlers = handlers;
        Faults = faults;
    }

    public World World { get; }

    public SandboxClock Clock { get; }

    public IReadOnlyList<IServiceHandler> Handlers { get; }

    public FaultInjector Faults { get; set; }

    /// <summary>Whether answers are checked against the model's output shapes (<see cref="SandboxOptions.ValidateResponses"/>).</summary>
    public bool ValidateResponses { get; private init; }

    private readonly HashSet<string> _newerModelMembers = new(StringComparer.Ordinal);

    /// <summary>
    /// Remembers request members the embedded model lacks. AWS with a newer model would store and echo them, and
    /// the sandbox does too, so answers may carry them without failing <see cref="ValidateResponses"/>.
    /// </summary>
    public void AcceptNewerModelMembers(IEnumerable<string> members)
    {
        lock (_newerModelMembers)
        {
            _newerModelMembers.UnionWith(members);
        }
    }

    /// <summary>Whether a member was sent by a client as one from a newer model (see <see cref="AcceptNewerModelMembers"/>).</summary>
    public bool IsNewerModelMember(string member)
    {
        lock (_newerModelMembers)
        {
            return _newerModelMembers.Contains(member);
        }
    }

    public static SandboxRuntime Create(SandboxScenario scenario, SandboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(options);
        var scale = options.TimeScale ?? ScenarioLoader.Double(scenario.Document["timeScale"]) ?? 1;
        var clock = new SandboxClock(options.TimeProvider, scale);
        var world = new World();
        ScenarioLoader.Apply(world, scenario, clock.Now);
        IServiceHandler[] handlers =
        [
            new EcsHandler(world, clock),
            new EcrHandler(world),
            new CodeDeployHandler(world, clock),
            .. options.ExtraHandlers?.Invoke(world, clock) ?? [],
        ];
        var seed = options.Seed ?? ScenarioLoader.Int(scenario.Document["seed"]);
        var faults = FaultInjector.FromJson(scenario.Document["faults"], seed);
        return new SandboxRuntime(world, clock, handlers, faults) { ValidateResponses = options.ValidateResponses };
    }
}
