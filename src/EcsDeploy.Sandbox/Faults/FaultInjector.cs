using System.Text.Json.Nodes;
using EcsDeploy.Sandbox.Scenario;

namespace EcsDeploy.Sandbox.Faults;

/// <summary>Fault odds for one operation ("*" for all), optionally of one service (ecs, codedeploy, ecr).</summary>
public sealed record FaultRule(
    string Operation = "*",
    string? Service = null,
    double ThrottleRate = 0,
    double ErrorRate = 0,
    double DropRate = 0,
    int LatencyMs = 0);

/// <summary>What happens to one request.</summary>
public enum FaultKind
{
    None,
    Throttle,
    InternalFailure,
    ServiceUnavailable,
    Drop,
}

/// <summary>The fault chosen for one request, and the delay before answering.</summary>
public sealed record FaultDecision(FaultKind Kind, TimeSpan Delay)
{
    public static FaultDecision Pass { get; } = new(FaultKind.None, TimeSpan.Zero);
}

/// <summary>Chooses faults from System.Random(seed): the same seed and request sequence give the same faults.</summary>
public sealed class FaultInjector
{
    private readonly Random _random;
    private readonly Lock _gate = new();

    public FaultInjector(int seed, IEnumerable<FaultRule> rules)
    {
        Seed = seed;
        Rules = [.. rules];
        _random = new Random(seed);
    }

    public int Seed { get; }

    public IReadOnlyList<FaultRule> Rules { get; }

    public static FaultInjector None { get; } = new(0, []);

    /// <summary>Decides the fault for a request; draws exactly two numbers per request a rule matches, so sequences stay aligned.</summary>
    public FaultDecision Decide(string service, string operation)
    {
        var rule = Rules.FirstOrDefault(r => r.Operation == operation && (r.Service is null || r.Service == service))
            ?? Rules.FirstOrDefault(r => r.Operation == "*" && (r.Service is null || r.Service == service));
        if (rule is null)
        {
            return FaultDecision.Pass;
        }

        double roll;
        int flavour;
        lock (_gate)
        {
            roll = _random.NextDouble();
            flavour = _random.Next(2);
        }

        var delay = TimeSpan.FromMilliseconds(rule.LatencyMs);
        var kind = roll switch
        {
            _ when roll < rule.DropRate => FaultKind.Drop,
            _ when roll < rule.DropRate + rule.ThrottleRate => FaultKind.Throttle,
            _ when roll < rule.DropRate + rule.ThrottleRate + rule.ErrorRate =>
                flavour == 0 ? FaultKind.InternalFailure : FaultKind.ServiceUnavailable,
            _ => FaultKind.None,
        };
        return new FaultDecision(kind, delay);
    }

    /// <summary>Reads {seed, rules: [{operation, service, throttleRate, errorRate, dropRate, latencyMs}]} or a bare rule list.</summary>
    public static FaultInjector FromJson(JsonNode? node, int? seedOverride)
    {
        var rulesNode = node is JsonArray ? node : node?["rules"];
        var seed = seedOverride ?? ScenarioLoader.Int(node is JsonObject ? node["seed"] : null) ?? 0;
        var rules = ScenarioLoader.Items(rulesNode).Select(r => new FaultRule(
            Operation: ScenarioLoader.Text(r["operation"]) ?? "*",
            Service: ScenarioLoader.Text(r["service"]),
            ThrottleRate: ScenarioLoader.Double(r["throttleRate"]) ?? 0,
            ErrorRate: ScenarioLoader.Double(r["errorRate"]) ?? 0,
            DropRate: ScenarioLoader.Double(r["dropRate"]) ?? 0,
            LatencyMs: ScenarioLoader.Int(r["latencyMs"]) ?? 0));
        return new FaultInjector(seed, rules);
    }
}
