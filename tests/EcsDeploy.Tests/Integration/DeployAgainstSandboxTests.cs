using System.Text.Json.Nodes;
using EcsDeploy.Deploy;
using EcsDeploy.Sandbox.Faults;
using EcsDeploy.Sandbox.Scenario;

namespace EcsDeploy.Tests.Integration;

/// <summary>The whole action against the in-process sandbox over real HTTP, on a virtual clock shared with the sandbox.</summary>
public sealed class DeployAgainstSandboxTests : SandboxActionTest
{
    /// <summary>The log's lines without the watch's "[mm:ss] " time.</summary>
    private List<string> Untimed => [.. Log.Split('\n').Select(l => l.StartsWith('[') && l.IndexOf("] ", StringComparison.Ordinal) is > 0 and var end ? l[(end + 2)..] : l)];

    protected override IReadOnlyDictionary<string, string> ExtraVariables => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["INPUT_TASK-DEFINITION"] = "taskdef.json",
        ["INPUT_MAX-RETRIES"] = "8",
    };

    private static SandboxScenario Scenario(string name) => SandboxAction.Scenario(name);

    private static JsonObject Group(SandboxScenario scenario) => scenario.Document["applications"]![0]!["deploymentGroups"]![0]!.AsObject();

    [Fact]
    public async Task Deploy_AllAtOnce_Succeeds()
    {
        Environment["INPUT_CODEDEPLOY-DEPLOYMENT-CONFIG"] = "CodeDeployDefault.ECSAllAtOnce";

        var exit = await RunAsync(Scenario("canary-success.yaml"));

        Assert.True(exit == ExitCodes.Succeeded, Log);
        Assert.Contains("Traffic: blue 0% / green 100%", Log, StringComparison.Ordinal);
        Assert.DoesNotContain("green 10%", Log, StringComparison.Ordinal);
        Assert.Contains("Deployment d-", Log, StringComparison.Ordinal);
        Assert.Contains("\nSucceeded\n", Outputs, StringComparison.Ordinal);
        var operations = (await RequestsAsync()).Select(r => r.Operation).ToList();
        Assert.True(operations.IndexOf("DescribeServices") < operations.IndexOf("RegisterTaskDefinition"));
        Assert.True(operations.IndexOf("GetDeploymentGroup") < operations.IndexOf("RegisterTaskDefinition"));
    }

    [Fact]
    public async Task Deploy_Canary_PrintsTrafficLinesAndTerminationWait()
    {
        var exit = await RunAsync(Scenario("canary-success.yaml"));

        Assert.True(exit == ExitCodes.Succeeded, Log);
        var traffic = Untimed.Where(l => l.StartsWith("Traffic:", StringComparison.Ordinal)).ToList();
        Assert.Contains("Traffic: blue 90% / green 10%", traffic);
        Assert.Equal("Traffic: blue 0% / green 100%", traffic[^1]);
        Assert.DoesNotContain("Traffic: blue 100% / green 0%", traffic);
        Assert.Equal(traffic.Count, traffic.Distinct().Count());
        Assert.Contains("the termination wait started", Log, StringComparison.Ordinal);
        Assert.Single(Untimed, l => l.StartsWith("AllowTraffic: Succeeded", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Deploy_Linear_ShiftsInSteps()
    {
        Environment["INPUT_CODEDEPLOY-DEPLOYMENT-CONFIG"] = "CodeDeployDefault.ECSLinear10PercentEvery1Minutes";
        Environment["INPUT_POLL-INTERVAL"] = "15";

        var exit = await RunAsync(Scenario("canary-success.yaml"));

        Assert.True(exit == ExitCodes.Succeeded, Log);
        Assert.True(Untimed.Count(l => l.StartsWith("Traffic:", StringComparison.Ordinal)) >= 5, Log);
    }

    [Fact]
    public async Task Deploy_WaitUntilReady_StopsAtReadyWait()
    {
        var scenario = Scenario("canary-success.yaml");
        Group(scenario)["readyWait"] = new JsonObject { ["action"] = "STOP_DEPLOYMENT", ["minutes"] = 60 };
        Environment["INPUT_WAIT-UNTIL"] = "ready";

        var exit = await RunAsync(scenario);

        Assert.True(exit == ExitCodes.Succeeded, Log);
        Assert.Contains("is ready; production traffic has not moved yet", Log, StringComparison.Ordinal);
        Assert.Contains("\nReady\n", Outputs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_WaitUntilReadyWithoutReadyWait_SaysToChangeTheGroup()
    {
        Environment["INPUT_WAIT-UNTIL"] = "ready";

        var exit = await RunAsync(Scenario("canary-success.yaml"));

        Assert.Equal(ExitCodes.SetupFailed, exit);
        Assert.Contains("STOP_DEPLOYMENT", Log, StringComparison.Ordinal);
        Assert.DoesNotContain("RegisterTaskDefinition", (await RequestsAsync()).Select(r => r.Operation));
    }

    [Fact]
    public async Task Deploy_WaitUntilTrafficShifted_EndsBeforeTerminationWait()
    {
        var scenario = Scenario("canary-success.yaml");
        Group(scenario)["terminationWaitMinutes"] = 60;
        Environment["INPUT_WAIT-UNTIL"] = "traffic-shifted";

        var exit = await RunAsync(scenario);

        Assert.True(exit == ExitCodes.Succeeded, Log);
        Assert.Contains("shifted all traffic to green", Log, StringComparison.Ordinal);
        Assert.DoesNotContain(": Succeeded\n", Log.Split("Deployment d-")[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_HookFailure_RollsBackAndShowsDiagnostics()
    {
        var exit = await RunAsync(Scenario("hook-failure-rollback.yaml"));

        Assert.Equal(ExitCodes.DeploymentFailed, exit);
        var error = SandboxAction.SingleError(Log);
        Assert.StartsWith("::error title=Deployment rolled back::", error, StringComparison.Ordinal);
        Assert.Contains(": AfterAllowTestTraffic failed", error, StringComparison.Ordinal);
        Assert.Contains("succeeded, the previous revision serves again.%0A", error, StringComparison.Ordinal);
        Assert.Contains("::group::AfterAllowTestTraffic diagnostics", Log, StringComparison.Ordinal);
        Assert.Contains("attempt 3/3: 503 Service Unavailable", Log, StringComparison.Ordinal);
        Assert.Contains("[rollback] Deployment", Log, StringComparison.Ordinal);
        Assert.Contains("rolled-back<<", Outputs, StringComparison.Ordinal);
        Assert.Contains("\ntrue\n", Outputs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_AlarmStop_ReportsStoppedOrRolledBack()
    {
        var scenario = Scenario("canary-success.yaml");
        scenario.Document["deployments"] = new JsonArray(new JsonObject { ["alarmAtMinute"] = 2 });
        Group(scenario)["alarms"] = new JsonArray("sandbox-5xx-alarm");

        var exit = await RunAsync(scenario);

        Assert.Equal(ExitCodes.DeploymentFailed, exit);
        Assert.Contains("ALARM_ACTIVE", Log, StringComparison.Ordinal);
        Assert.Contains("::error title=Deployment rolled back::", Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_FailureWithoutAutoRollback_SaysFailedAndNoRollback()
    {
        var scenario = Scenario("hook-failure-rollback.yaml");
        Group(scenario)["autoRollback"] = new JsonObject { ["enabled"] = false };

        var exit = await RunAsync(scenario);

        Assert.Equal(ExitCodes.DeploymentFailed, exit);
        Assert.Contains("::error title=Deployment failed::", Log, StringComparison.Ordinal);
        Assert.Contains("No rollback ran", Log, StringComparison.Ordinal);
        Assert.Contains("\nfalse\n", Outputs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_Timeout_StopsWithRollbackAndFollowsIt()
    {
        Environment["INPUT_WAIT-FOR-MINUTES"] = "1";

        var exit = await RunAsync(Scenario("canary-success.yaml"));

        Assert.Equal(ExitCodes.TimedOut, exit);
        var requests = await RequestsAsync();
        var stop = Assert.Single(requests, r => r.Operation == "StopDeployment");
        Assert.True(stop.Body!["autoRollbackEnabled"]!.GetValue<bool>());
        Assert.Contains("::error title=Deployment timed out::", Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_Cancelled_StopsWithRollback()
    {
        var cancellation = CancelAfter(TimeSpan.FromMinutes(2));

        var exit = await RunAsync(Scenario("canary-success.yaml"), cancellationToken: cancellation);

        Assert.Equal(ExitCodes.Cancelled, exit);
        var stop = Assert.Single(await RequestsAsync(), r => r.Operation == "StopDeployment");
        Assert.True(stop.Body!["autoRollbackEnabled"]!.GetValue<bool>());
        Assert.Contains("::error title=Deployment cancelled::", Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_ThrottlingStorm_StillSucceeds()
    {
        var faults = new FaultInjector(7, [new FaultRule("*", "codedeploy", ThrottleRate: 0.3)]);

        var exit = await RunAsync(Scenario("canary-success.yaml"), faults: faults);

        Assert.True(exit == ExitCodes.Succeeded, Log);
        Assert.Contains(await RequestsAsync(), r => r.Operation == "GetDeployment");
    }

    [Fact]
    public async Task Deploy_NoAppSpecFile_GeneratesOneFromTheService()
    {
        var exit = await RunAsync(Scenario("canary-success.yaml"));

        Assert.True(exit == ExitCodes.Succeeded, Log);
        var create = Assert.Single(await RequestsAsync(), r => r.Operation == "CreateDeployment");
        var content = JsonNode.Parse(create.Body!["revision"]!["appSpecContent"]!["content"]!.GetValue<string>())!;
        var properties = content["Resources"]![0]!["TargetService"]!["Properties"]!;
        Assert.Equal(8080, properties["LoadBalancerInfo"]!["ContainerPort"]!.GetValue<int>());
        Assert.Equal("1.4.0", properties["PlatformVersion"]!.GetValue<string>());
        Assert.Equal("DISABLED", properties["NetworkConfiguration"]!["AwsvpcConfiguration"]!["AssignPublicIp"]!.GetValue<string>());
        Assert.StartsWith("arn:aws:ecs:us-east-1:111122223333:task-definition/web:", properties["TaskDefinition"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_UnknownTaskDefinitionField_ReachesRegisterUnchanged()
    {
        var definition = JsonNode.Parse(File.ReadAllText(Workspace.File("taskdef.json")))!.AsObject();
        definition["futureFeature"] = new JsonObject { ["mode"] = "on", ["level"] = 3 };
        File.WriteAllText(Workspace.File("taskdef.json"), definition.ToJsonString());

        await RunAsync(Scenario("canary-success.yaml"));

        var register = Assert.Single(await RequestsAsync(), r => r.Operation == "RegisterTaskDefinition");
        Assert.True(JsonNode.DeepEquals(definition["futureFeature"], register.Body!["futureFeature"]), register.Body!.ToJsonString());
    }
}
