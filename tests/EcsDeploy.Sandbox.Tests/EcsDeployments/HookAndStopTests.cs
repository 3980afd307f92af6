using static EcsDeploy.Sandbox.Tests.EcsDeployments.EcsDeploymentFixture;

namespace EcsDeploy.Sandbox.Tests.EcsDeployments;

// PAUSE hooks with ContinueServiceDeployment, failing Lambda hooks and StopServiceDeployment, with their errors.
public sealed class HookAndStopTests
{
    private const string PauseConfig = """
                  strategy: BLUE_GREEN
                  lifecycleHooks:
                    - targetType: PAUSE
                      lifecycleStages: [POST_TEST_TRAFFIC_SHIFT]
                      timeoutConfiguration: { timeoutInMinutes: 10, action: ROLLBACK }
        """;

    [Fact]
    public async Task ContinueServiceDeployment_PausedHook_Continues()
    {
        await using var f = await StartAsync(ScenarioYaml(PauseConfig));
        var arn = (string)(await f.DeployV2Async())["currentServiceDeployment"]!;
        f.Wait(5 * 60);

        var paused = await f.DeploymentAsync(arn);
        var hook = paused["lifecycleHookDetails"]![0]!;
        await f.Client.EcsAsync("ContinueServiceDeployment", new { serviceDeploymentArn = arn, hookId = (string)hook["hookId"]! });
        var answers = await f.PollUntilDoneAsync(arn);
        var again = await f.Client.SendAsync(Support.SandboxClient.EcsPrefix, "ecs", "ContinueServiceDeployment", new { serviceDeploymentArn = arn, hookId = (string)hook["hookId"]! });

        Assert.Equal("IN_PROGRESS", (string?)paused["status"]);
        Assert.Equal("POST_TEST_TRAFFIC_SHIFT", (string?)paused["lifecycleStage"]);
        Assert.Equal("AWAITING_ACTION", (string?)hook["status"]);
        Assert.Equal("PAUSE", (string?)hook["targetType"]);
        Assert.Null(hook["targetArn"]);
        Assert.Equal("ROLLBACK", (string?)hook["timeoutAction"]);
        Assert.Equal("SUCCESSFUL", (string?)answers[^1]["status"]);
        Assert.Equal("SUCCEEDED", (string?)answers[^1]["lifecycleHookDetails"]![0]!["status"]);
        Assert.Equal(400, again.Status);
        Assert.Equal("InvalidParameterException", again.ErrorCode);
    }

    [Fact]
    public async Task ContinueServiceDeployment_RollbackAction_RollsBackToSource()
    {
        await using var f = await StartAsync(ScenarioYaml(PauseConfig));
        var arn = (string)(await f.DeployV2Async())["currentServiceDeployment"]!;
        f.Wait(5 * 60);
        var hookId = (string)(await f.DeploymentAsync(arn))["lifecycleHookDetails"]![0]!["hookId"]!;

        await f.Client.EcsAsync("ContinueServiceDeployment", new { serviceDeploymentArn = arn, hookId, action = "ROLLBACK" });
        var answers = await f.PollUntilDoneAsync(arn);
        var service = await f.ServiceAsync();

        Assert.Equal(["ROLLBACK_REQUESTED", "ROLLBACK_IN_PROGRESS", "ROLLBACK_SUCCESSFUL"], Transitions(answers, d => (string?)d["status"]));
        var final = answers[^1];
        Assert.Equal((string?)final["sourceServiceRevisions"]![0]!["arn"], (string?)final["rollback"]!["serviceRevisionArn"]);
        Assert.Contains(hookId, (string?)final["rollback"]!["reason"], StringComparison.Ordinal);
        Assert.Equal(TaskDefinitionV1, (string?)service["taskDefinition"]);
        Assert.Equal(TaskDefinitionV1, (string?)Assert.Single(service["deployments"]!.AsArray())!["taskDefinition"]);
        Assert.Equal(100.0, (double)final["sourceServiceRevisions"]![0]!["requestedProductionTrafficWeight"]!);
    }

    [Fact]
    public async Task PauseHook_NoAction_TimeoutActionRollsBack()
    {
        await using var f = await StartAsync(ScenarioYaml(PauseConfig));
        var arn = (string)(await f.DeployV2Async())["currentServiceDeployment"]!;

        var answers = await f.PollUntilDoneAsync(arn, step: 30);

        Assert.Equal("ROLLBACK_SUCCESSFUL", (string?)answers[^1]["status"]);
        Assert.Equal("TIMED_OUT", (string?)answers[^1]["lifecycleHookDetails"]![0]!["status"]);
        Assert.Contains("timed out", (string?)answers[^1]["statusReason"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task PauseHookExample_NoAction_TimeoutActionContinues()
    {
        await using var f = await StartExampleAsync("ecs-pause-hook");
        var arn = (string)(await f.DeployV2Async())["currentServiceDeployment"]!;

        var answers = await f.PollUntilDoneAsync(arn, step: 10);

        Assert.Equal("SUCCESSFUL", (string?)answers[^1]["status"]);
        Assert.Equal("TIMED_OUT", (string?)answers[^1]["lifecycleHookDetails"]![0]!["status"]);
        Assert.Contains(answers, d => (string?)d["lifecycleHookDetails"]?[0]?["status"] == "AWAITING_ACTION");
    }

    [Fact]
    public async Task CanaryHookFailureExample_SecondStepFails_RollsBackAfterFullShift()
    {
        await using var f = await StartExampleAsync("ecs-canary-hook-failure");
        var arn = (string)(await f.DeployV2Async())["currentServiceDeployment"]!;

        var answers = await f.PollUntilDoneAsync(arn, step: 2.5);
        var final = answers[^1];

        Assert.Equal(["PENDING", "IN_PROGRESS", "ROLLBACK_REQUESTED", "ROLLBACK_IN_PROGRESS", "ROLLBACK_SUCCESSFUL"], Transitions(answers, d => (string?)d["status"]));
        Assert.Equal(["SUCCEEDED", "FAILED"], final["lifecycleHookDetails"]!.AsArray().Select(h => (string)h!["status"]!));
        Assert.Equal(0.0, (double)final["targetServiceRevision"]!["requestedProductionTrafficWeight"]!);
        Assert.Equal(0, (int)final["targetServiceRevision"]!["runningTaskCount"]!);
        Assert.Contains("web-smoke-test", (string?)final["rollback"]!["reason"], StringComparison.Ordinal);
        var service = await f.ServiceAsync();
        var primary = Assert.Single(service["deployments"]!.AsArray())!;
        Assert.Equal(TaskDefinitionV1, (string?)service["taskDefinition"]);
        Assert.Equal(TaskDefinitionV1, (string?)primary["taskDefinition"]);
        Assert.Equal("COMPLETED", (string?)primary["rolloutState"]);
        Assert.Contains(service["events"]!.AsArray(), e => ((string)e!["message"]!).StartsWith("(service web) rolling back to deployment ecs-svc/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StopServiceDeployment_InProgress_RollsBackAndSecondStopConflicts()
    {
        await using var f = await StartExampleAsync("ecs-blue-green");
        var arn = (string)(await f.DeployV2Async())["currentServiceDeployment"]!;
        f.Wait(90);

        var stopped = await f.Client.EcsAsync("StopServiceDeployment", new { serviceDeploymentArn = arn, stopType = "ROLLBACK" });
        var requested = await f.DeploymentAsync(arn);
        var answers = await f.PollUntilDoneAsync(arn);
        var again = await f.Client.SendAsync(Support.SandboxClient.EcsPrefix, "ecs", "StopServiceDeployment", new { serviceDeploymentArn = arn });
        var unknown = await f.Client.SendAsync(Support.SandboxClient.EcsPrefix, "ecs", "StopServiceDeployment", new { serviceDeploymentArn = arn + "x" });

        Assert.Equal(arn, (string?)stopped["serviceDeploymentArn"]);
        Assert.Equal("ROLLBACK_REQUESTED", (string?)requested["status"]);
        Assert.Equal("ROLLBACK_SUCCESSFUL", (string?)answers[^1]["status"]);
        Assert.Equal("ConflictException", again.ErrorCode);
        Assert.Equal("ServiceDeploymentNotFoundException", unknown.ErrorCode);
    }

    [Fact]
    public async Task ContinueServiceDeployment_NoHookAwaiting_InvalidParameterException()
    {
        await using var f = await StartExampleAsync("ecs-blue-green");
        var arn = (string)(await f.DeployV2Async())["currentServiceDeployment"]!;
        f.Wait(30);

        var response = await f.Client.SendAsync(Support.SandboxClient.EcsPrefix, "ecs", "ContinueServiceDeployment", new { serviceDeploymentArn = arn, hookId = "no-such-hook" });

        Assert.Equal(400, response.Status);
        Assert.Equal("InvalidParameterException", response.ErrorCode);
        Assert.Contains("not awaiting action", response.Message, StringComparison.Ordinal);
    }
}
