using System.Text.Json.Nodes;

namespace EcsDeploy.Sandbox.Protocol;

/// <summary>One AWS service the sandbox speaks: answers operations by name with JSON, under World.Gate.</summary>
public interface IServiceHandler
{
    /// <summary>The X-Amz-Target prefix, for example CodeDeploy_20141006.</summary>
    string TargetPrefix { get; }

    /// <summary>The SigV4 signing name: ecs, codedeploy or ecr.</summary>
    string SigningName { get; }

    /// <summary>Whether the operation is implemented (others get UnknownOperationException).</summary>
    bool Supports(string operation);

    /// <summary>Answers a request that already passed signature and model validation; throws <see cref="AwsErrorException"/> for AWS errors.</summary>
    JsonNode Handle(string operation, JsonObject body);
}

/// <summary>Something that changes with simulated time; the host advances it to now before every request.</summary>
public interface ISimulation
{
    void Advance(DateTimeOffset now);
}

/// <summary>An AWS error answer: {"__type": Code, "message": ...} with an HTTP status.</summary>
public sealed class AwsErrorException(string code, string message, int status = 400) : Exception(message)
{
    public string Code { get; } = code;
    public int Status { get; } = status;
}
