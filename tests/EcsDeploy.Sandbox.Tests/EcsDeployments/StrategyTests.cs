using System.Globalization;
using System.Text.Json.Nodes;
using static EcsDeploy.Sandbox.Tests.EcsDeployments.EcsDeploymentFixture;

namespace EcsDeploy.Sandbox.Tests.EcsDeployments;

// LINEAR and CANARY: production traffic in steps, the pre-production and production hooks at every step.
public sealed class StrategyTests
{
    [Fact]
    public async Task UpdateService_LinearExample_StepsOf25WithHookBeforeEachStep()
    {
        await using var f = await StartExampleAsync("ecs-linear");

        var arn = (string)(await f.DeployV2Async())["currentServiceDeployment"]!;
        var answers = await f.PollUntilDoneAsync(arn, step: 2.5);
        var final = answers[^1];

        Assert.Equal(["0", "25", "50", "75", "100"], Transitions(answers, d => Weight(d["targetServiceRevision"]!)));
        Assert.Equal(["100", "75", "50", "25", "0"], Transitions(answers, d => Weight(d["sourceServiceRevisions"]![0]!)));
        Assert.Equal("SUCCESSFUL", (string?)final["status"]);
        var hooks = final["lifecycleHookDetails"]!.AsArray();
        Assert.Equal(4, hooks.Count);
        Assert.All(hooks, h => Assert.Equal("SUCCEEDED", (string?)h!["status"]));
        Assert.Equal(4, hooks.Select(h => (string)h!["hookId"]!).Distinct().Count());
        // pending 5, PRE 5, SCALE_UP 60, POST 5, TEST 10, POST_TEST 5, 4 × (hook 5 + shift 10), 3 step bakes of 60,
        // POST_PRODUCTION 5, BAKE_TIME 60, CLEAN_UP 30
        Assert.Equal(5 + 5 + 60 + 5 + 10 + 5 + 4 * 15 + 3 * 60 + 5 + 60 + 30, (double)final["finishedAt"]! - (double)final["createdAt"]!);
    }

    [Fact]
    public async Task UpdateService_CanaryExample_CanaryPercentBakesThenAll()
    {
        await using var f = await StartExampleAsync("ecs-canary");

        var arn = (string)(await f.DeployV2Async())["currentServiceDeployment"]!;
        var answers = await f.PollUntilDoneAsync(arn, step: 2.5);
        var final = answers[^1];

        Assert.Equal(["0", "10", "100"], Transitions(answers, d => Weight(d["targetServiceRevision"]!)));
        var canary = answers.Where(d => Weight(d["targetServiceRevision"]!) == "10").ToList();
        // The canary holds 10 % through its hook (IN_PROGRESS once: 35 s), the 2-minute canary bake and the 10 s shift to 100.
        Assert.InRange(canary.Count * 2.5, 162.5, 167.5);
        Assert.Equal("SUCCESSFUL", (string?)final["status"]);
        Assert.Equal(2, final["lifecycleHookDetails"]!.AsArray().Count);
        Assert.Equal("CANARY", (string?)final["deploymentConfiguration"]!["strategy"]);
    }

    [Fact]
    public async Task UpdateService_DeploymentConfigurationInRequest_UsedByThatDeploymentAndShownByService()
    {
        await using var f = await StartExampleAsync("ecs-blue-green");

        var updated = await f.DeployV2Async(new
        {
            deploymentConfiguration = new { strategy = "LINEAR", linearConfiguration = new { stepPercent = 50.0, stepBakeTimeInMinutes = 0 }, bakeTimeInMinutes = 0 },
            propagateTags = "SERVICE",
            enableECSManagedTags = true,
        });
        var arn = (string)updated["currentServiceDeployment"]!;
        var answers = await f.PollUntilDoneAsync(arn, step: 2.5);

        Assert.Equal("LINEAR", (string?)updated["deploymentConfiguration"]!["strategy"]);
        Assert.Equal(50.0, (double)updated["deploymentConfiguration"]!["linearConfiguration"]!["stepPercent"]!);
        Assert.NotNull(updated["deploymentConfiguration"]!["lifecycleHooks"]);
        Assert.Equal("SERVICE", (string?)updated["propagateTags"]);
        Assert.True((bool)updated["enableECSManagedTags"]!);
        Assert.Equal(["0", "50", "100"], Transitions(answers, d => Weight(d["targetServiceRevision"]!)));
    }

    [Fact]
    public async Task UpdateService_DesiredCountOnly_NoDeploymentAndTasksFollow()
    {
        await using var f = await StartExampleAsync("ecs-rolling");
        var before = (string)(await f.ServiceAsync())["currentServiceDeployment"]!;

        var updated = (await f.Client.EcsAsync("UpdateService", new { cluster = "prod", service = "web", desiredCount = 3 }))["service"]!;
        f.Wait(40);
        var service = await f.ServiceAsync();

        Assert.Equal(before, (string?)updated["currentServiceDeployment"]);
        Assert.Equal(3, (int)service["runningCount"]!);
        Assert.Equal(3, (int)service["deployments"]![0]!["desiredCount"]!);
    }

    [Fact]
    public async Task UpdateService_DesiredCountDuringRollingDeployment_TargetRunsTheNewCount()
    {
        await using var f = await StartExampleAsync("ecs-rolling");
        var arn = (string)(await f.DeployV2Async())["currentServiceDeployment"]!;
        f.Wait(10);

        await f.Client.EcsAsync("UpdateService", new { cluster = "prod", service = "web", desiredCount = 3 });
        var answers = await f.PollUntilDoneAsync(arn);
        var service = await f.ServiceAsync();

        Assert.Equal("SUCCESSFUL", (string?)answers[^1]["status"]);
        Assert.Equal(3, (int)answers[^1]["targetServiceRevision"]!["requestedTaskCount"]!);
        Assert.Equal(3, (int)answers[^1]["targetServiceRevision"]!["runningTaskCount"]!);
        Assert.Equal(arn, (string?)service["currentServiceDeployment"]);
        Assert.Equal(3, (int)service["runningCount"]!);
    }

    private static string? Weight(JsonNode revision) =>
        revision["requestedProductionTrafficWeight"] is JsonNode w ? ((double)w).ToString(CultureInfo.InvariantCulture) : null;
}
