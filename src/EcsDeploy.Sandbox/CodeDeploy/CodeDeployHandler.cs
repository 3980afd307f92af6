using System.Text.Json.Nodes;
using EcsDeploy.Sandbox.Protocol;
using EcsDeploy.Sandbox.State;

namespace EcsDeploy.Sandbox.CodeDeploy;

/// <summary>Placeholder for the CodeDeploy service; the real one replaces this file.</summary>
public sealed class CodeDeployHandler(World world, SandboxClock clock) : IServiceHandler, ISimulation
{
    private readonly World _world = world;
    private readonly SandboxClock _clock = clock;

    public string TargetPrefix => "CodeDeploy_20141006";

    public string SigningName => "codedeploy";

    public bool Supports(string operation) => false;

    public JsonNode Handle(string operation, JsonObject body) =>
        throw new AwsErrorException("UnknownOperationException", $"{operation} is not implemented ({_world.Region}, {_clock.Now:O}).");

    public void Advance(DateTimeOffset now)
    {
    }
}
