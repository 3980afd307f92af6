using EcsDeploy.Sandbox.Faults;
using EcsDeploy.Sandbox.Tests.Support;

namespace EcsDeploy.Sandbox.Tests;

public sealed class FaultTests
{
    private const string Scenario = """
        credentials: [{ accessKeyId: AKIDSANDBOXEXAMPLE, secretAccessKey: "sandbox/secret/EXAMPLEKEY0000000000000" }]
        repositories: [{ name: web, images: [{ tags: [v1] }] }]
        faults:
          seed: 7
          rules:
            - { operation: DescribeRepositories, throttleRate: 0.3, errorRate: 0.3 }
        """;

    [Fact]
    public void Decide_SameSeed_SameSequence()
    {
        FaultRule[] rules = [new("*", ThrottleRate: 0.2, ErrorRate: 0.2, DropRate: 0.1)];
        var first = new FaultInjector(42, rules);
        var second = new FaultInjector(42, rules);
        var other = new FaultInjector(43, rules);

        var a = Enumerable.Range(0, 50).Select(_ => first.Decide("ecs", "DescribeServices").Kind).ToList();
        var b = Enumerable.Range(0, 50).Select(_ => second.Decide("ecs", "DescribeServices").Kind).ToList();
        var c = Enumerable.Range(0, 50).Select(_ => other.Decide("ecs", "DescribeServices").Kind).ToList();

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.Contains(FaultKind.Throttle, a);
        Assert.Contains(FaultKind.None, a);
    }

    [Fact]
    public void Decide_OperationWithoutRule_NeverFaults()
    {
        var injector = new FaultInjector(1, [new FaultRule("GetDeployment", ThrottleRate: 1)]);

        Assert.Equal(FaultKind.None, injector.Decide("ecs", "DescribeServices").Kind);
        Assert.Equal(FaultKind.Throttle, injector.Decide("codedeploy", "GetDeployment").Kind);
    }

    [Fact]
    public void FromJson_PerOperationRates_HonouredWithLatencyAndServiceFilter()
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse("""
            {"seed": 3, "rules": [
              {"operation": "GetDeployment", "service": "codedeploy", "throttleRate": 0.2, "errorRate": 0.3, "dropRate": 0.1, "latencyMs": 25},
              {"operation": "*", "latencyMs": 5}
            ]}
            """);
        var injector = FaultInjector.FromJson(node, seedOverride: null);

        var decisions = Enumerable.Range(0, 4000).Select(_ => injector.Decide("codedeploy", "GetDeployment")).ToList();
        double Share(params FaultKind[] kinds) => decisions.Count(d => kinds.Contains(d.Kind)) / 4000.0;

        Assert.Equal(3, injector.Seed);
        Assert.All(decisions, d => Assert.Equal(TimeSpan.FromMilliseconds(25), d.Delay));
        Assert.InRange(Share(FaultKind.Throttle), 0.17, 0.23);
        Assert.InRange(Share(FaultKind.InternalFailure, FaultKind.ServiceUnavailable), 0.27, 0.33);
        Assert.InRange(Share(FaultKind.Drop), 0.08, 0.12);
        Assert.Contains(decisions, d => d.Kind == FaultKind.InternalFailure);
        Assert.Contains(decisions, d => d.Kind == FaultKind.ServiceUnavailable);
        // Same operation name on another service falls to the "*" rule: latency only, no faults.
        var other = injector.Decide("ecs", "GetDeployment");
        Assert.Equal(new FaultDecision(FaultKind.None, TimeSpan.FromMilliseconds(5)), other);
    }

    [Fact]
    public async Task Calls_ScenarioFaultsSameSeed_SameStatusSequenceAndLogged()
    {
        var first = await StatusesAsync();
        var second = await StatusesAsync();

        Assert.Equal(first.Statuses, second.Statuses);
        Assert.Contains("200", first.Statuses);
        Assert.Contains("400 ThrottlingException", first.Statuses);
        Assert.Contains(first.Statuses, s => s.StartsWith('5'));
        Assert.Equal(first.Statuses, first.Logged);
    }

    [Fact]
    public async Task Call_DropRateOne_ConnectionAbortedAndLogged()
    {
        await using var sandbox = await TestSandbox.StartAsync(Scenario);
        sandbox.SetFaults(new FaultInjector(1, [new FaultRule("DescribeRepositories", DropRate: 1)]));
        using var client = new SandboxClient(sandbox.BaseUrl);

        await Assert.ThrowsAsync<HttpRequestException>(() => client.SendAsync(SandboxClient.EcrPrefix, "ecr", "DescribeRepositories"));

        var entry = Assert.Single(sandbox.World.RequestLog);
        Assert.Equal((0, "ConnectionDropped"), (entry.Status, entry.ErrorCode));
    }

    private static async Task<(List<string> Statuses, List<string> Logged)> StatusesAsync()
    {
        await using var sandbox = await TestSandbox.StartAsync(Scenario);
        using var client = new SandboxClient(sandbox.BaseUrl);
        var statuses = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            var response = await client.SendAsync(SandboxClient.EcrPrefix, "ecr", "DescribeRepositories");
            statuses.Add(response.Status == 200 ? "200" : $"{response.Status} {response.ErrorCode}");
        }

        var logged = sandbox.World.RequestLog.Select(e => e.Status == 200 ? "200" : $"{e.Status} {e.ErrorCode}").ToList();
        return (statuses, logged);
    }
}
