using EcsDeploy.Sandbox.Hosting;
using EcsDeploy.Sandbox.Scenario;
using EcsDeploy.Sandbox.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using static EcsDeploy.Sandbox.Tests.EcsDeployments.EcsDeploymentFixture;

namespace EcsDeploy.Sandbox.Tests.EcsDeployments;

// Every scenario under examples/sandbox loads, and each ECS one ends as its comment says, within a short demo.
public sealed class ExampleTests
{
    public static TheoryData<string> AllExamples() => [.. ExampleNames()];

    [Theory]
    [MemberData(nameof(AllExamples))]
    public void Load_EveryExample_BuildsAWorldWithServiceWebInClusterProd(string example)
    {
        var runtime = SandboxRuntime.Create(SandboxScenario.Load(TestSandbox.Example($"sandbox/{example}.yaml")),
            new SandboxOptions { TimeProvider = new FakeTimeProvider(TestSandbox.Start) });

        Assert.True(runtime.World.Clusters["prod"].Services.ContainsKey("web"));
        Assert.Equal(SandboxClient.SecretKey, runtime.World.Credentials[SandboxClient.AccessKeyId]);
        Assert.Equal(["v1", "v2"], runtime.World.Repositories["web"].Images.SelectMany(i => i.Tags));
        Assert.Equal(60, runtime.Clock.Scale);
    }

    [Theory]
    [InlineData("ecs-rolling", "SUCCESSFUL")]
    [InlineData("ecs-blue-green", "SUCCESSFUL")]
    [InlineData("ecs-linear", "SUCCESSFUL")]
    [InlineData("ecs-canary", "SUCCESSFUL")]
    [InlineData("ecs-pause-hook", "SUCCESSFUL")]
    [InlineData("ecs-canary-hook-failure", "ROLLBACK_SUCCESSFUL")]
    [InlineData("ecs-alarm-rollback", "ROLLBACK_SUCCESSFUL")]
    [InlineData("ecs-rolling-circuit-breaker", "ROLLBACK_SUCCESSFUL")]
    public async Task UpdateService_EcsExample_EndsAsDocumentedWithinTenMinutes(string example, string status)
    {
        await using var f = await StartExampleAsync(example);

        var arn = (string)(await f.DeployV2Async())["currentServiceDeployment"]!;
        var answers = await f.PollUntilDoneAsync(arn, step: 15, limit: 600);

        Assert.Equal(status, (string?)answers[^1]["status"]);
    }

    [Fact]
    public void EcsExamples_AllListedAbove()
    {
        var ecs = ExampleNames().Where(n => n.StartsWith("ecs-", StringComparison.Ordinal));

        Assert.Equal(
            ["ecs-alarm-rollback", "ecs-blue-green", "ecs-canary", "ecs-canary-hook-failure", "ecs-linear", "ecs-pause-hook", "ecs-rolling", "ecs-rolling-circuit-breaker"],
            ecs);
    }

    private static IEnumerable<string> ExampleNames() =>
        Directory.GetFiles(TestSandbox.Example("sandbox"), "*.yaml").Select(Path.GetFileNameWithoutExtension).OfType<string>().Order(StringComparer.Ordinal);
}
