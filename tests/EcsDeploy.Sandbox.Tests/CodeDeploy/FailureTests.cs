using System.Text.Json.Nodes;
using EcsDeploy.Sandbox.State;
using static EcsDeploy.Sandbox.Tests.CodeDeploy.CodeDeployFixture;

namespace EcsDeploy.Sandbox.Tests.CodeDeploy;

public sealed class FailureTests
{
    private static CodeDeployFixture WithBehavior(DeploymentBehavior behavior, bool autoRollback)
    {
        var f = new CodeDeployFixture();
        f.Group.AutoRollbackEnabled = autoRollback;
        f.World.NextDeployments.Enqueue(behavior);
        return f;
    }

    private static string RollbackOf(CodeDeployFixture f, string id) =>
        f.Deployment(id)["rollbackInfo"]!["rollbackDeploymentId"]!.GetValue<string>();

    /// <summary>The rollback ran to success: traffic back on blue, green gone, the service on its old task definition.</summary>
    private static void AssertRestored(CodeDeployFixture f, string failedId)
    {
        var rollbackId = RollbackOf(f, failedId);
        f.At(TimeSpan.FromHours(2));
        var rollback = f.Deployment(rollbackId);
        Assert.Equal("Succeeded", rollback["status"]!.GetValue<string>());
        Assert.Equal("codeDeployRollback", rollback["creator"]!.GetValue<string>());
        Assert.Equal(failedId, rollback["rollbackInfo"]!["rollbackTriggeringDeploymentId"]!.GetValue<string>());
        Assert.Contains(Arn(1), rollback["revision"]!["appSpecContent"]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        var blue = Assert.Single(f.Service.TaskSets);
        Assert.Equal((Arn(1), "PRIMARY", 100.0), (blue.TaskDefinitionArn, blue.Status, blue.TrafficWeight));
        Assert.Equal(Arn(1), f.Service.TaskDefinitionArn);
        Assert.Equal(rollbackId, f.Group.LastSuccessfulDeploymentId);
    }

    [Fact]
    public void Advance_HookFailsWithAutoRollback_FailsAndRollbackRestoresBlue()
    {
        var f = WithBehavior(new DeploymentBehavior { FailEvent = "AfterAllowTestTraffic", FailMessage = "smoke test got 500", FailLogTail = "GET /health 500" }, autoRollback: true);
        var id = f.Create(AppSpec(hooks: Hook("AfterAllowTestTraffic")));

        f.At(TimeSpan.FromSeconds(90));
        var info = f.Deployment(id);
        Assert.Equal("Failed", info["status"]!.GetValue<string>());
        Assert.Equal("HOOK_EXECUTION_FAILURE", info["errorInformation"]!["code"]!.GetValue<string>());
        Assert.Contains("smoke test got 500", info["errorInformation"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(90, Seconds(info["completeTime"]));
        var hook = Event(f.Target(id), "AfterAllowTestTraffic");
        Assert.Equal("Failed", hook["status"]!.GetValue<string>());
        Assert.Equal("ScriptFailed", hook["diagnostics"]!["errorCode"]!.GetValue<string>());
        Assert.Equal("GET /health 500", hook["diagnostics"]!["logTail"]!.GetValue<string>());
        Assert.EndsWith("check-AfterAllowTestTraffic", hook["diagnostics"]!["scriptName"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("Skipped", EventStatus(f.Target(id), "AllowTraffic"));
        Assert.Equal("Failed", f.Target(id)["status"]!.GetValue<string>());

        AssertRestored(f, id);
    }

    [Fact]
    public void Advance_HookFailsWithoutAutoRollback_FailsAndLeavesGreenWithoutTraffic()
    {
        var f = WithBehavior(new DeploymentBehavior { FailEvent = "AfterAllowTestTraffic" }, autoRollback: false);
        var id = f.Create(AppSpec(hooks: Hook("AfterAllowTestTraffic")));

        f.At(TimeSpan.FromHours(1));
        var info = f.Deployment(id);
        Assert.Equal("Failed", info["status"]!.GetValue<string>());
        Assert.Null(info["rollbackInfo"]);
        Assert.Single(f.World.Deployments);
        Assert.Equal(2, f.Service.TaskSets.Count);
        Assert.Equal((100.0, 0.0), Weights(f.Target(id)));
        Assert.Equal(Arn(1), f.Service.TaskDefinitionArn);
    }

    [Fact]
    public void Advance_AlarmDuringCanaryWithAutoRollback_StopsAndRollsBack()
    {
        var f = WithBehavior(new DeploymentBehavior { AlarmAtMinute = 3, AlarmName = "web-5xx" }, autoRollback: true);
        var id = f.Create(config: "CodeDeployDefault.ECSCanary10Percent5Minutes");

        f.At(TimeSpan.FromMinutes(3));
        var info = f.Deployment(id);
        Assert.Equal("Stopped", info["status"]!.GetValue<string>());
        Assert.Equal("ALARM_ACTIVE", info["errorInformation"]!["code"]!.GetValue<string>());
        Assert.EndsWith("Activated alarms: web-5xx", info["errorInformation"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("Failed", EventStatus(f.Target(id), "AllowTraffic"));

        AssertRestored(f, id);
    }

    [Fact]
    public void Advance_AlarmWithoutStopOnAlarmEvent_StopsAndKeepsCanaryWeights()
    {
        var f = WithBehavior(new DeploymentBehavior { AlarmAtMinute = 3 }, autoRollback: true);
        f.Group.AutoRollbackEvents.Remove("DEPLOYMENT_STOP_ON_ALARM");
        var id = f.Create(config: "CodeDeployDefault.ECSCanary10Percent5Minutes");

        f.At(TimeSpan.FromHours(1));
        Assert.Equal("Stopped", f.Status(id));
        Assert.Null(f.Deployment(id)["rollbackInfo"]);
        Assert.Equal((90.0, 10.0), Weights(f.Target(id)));
    }

    [Fact]
    public void Advance_HealthFailureWithAutoRollback_FailsWithHealthConstraintsAndRollsBack()
    {
        var f = WithBehavior(new DeploymentBehavior { HealthFailAtMinute = 0.5 }, autoRollback: true);
        var id = f.Create();

        f.At(TimeSpan.FromSeconds(30));
        var info = f.Deployment(id);
        Assert.Equal(("Failed", "HEALTH_CONSTRAINTS"), (info["status"]!.GetValue<string>(), info["errorInformation"]!["code"]!.GetValue<string>()));
        Assert.Equal("Failed", EventStatus(f.Target(id), "Install"));

        AssertRestored(f, id);
    }

    [Fact]
    public void Advance_HealthFailureWithoutAutoRollback_FailsAndRestoresNothing()
    {
        var f = WithBehavior(new DeploymentBehavior { HealthFailAtMinute = 0.5 }, autoRollback: false);
        var id = f.Create();
        f.At(TimeSpan.FromHours(1));
        Assert.Equal("Failed", f.Status(id));
        Assert.Single(f.World.Deployments);
        Assert.Contains(f.Service.TaskSets, t => t.TaskDefinitionArn == Arn(2));
    }

    [Fact]
    public void StopDeployment_WithRollback_StopsAndStartsRollback()
    {
        var f = new CodeDeployFixture();
        var id = f.Create();
        f.At(TimeSpan.FromSeconds(75));
        var answer = f.Call("StopDeployment", new JsonObject { ["deploymentId"] = id, ["autoRollbackEnabled"] = true });
        Assert.Equal("Pending", answer["status"]!.GetValue<string>());
        var info = f.Deployment(id);
        Assert.Equal(("Stopped", "MANUAL_STOP"), (info["status"]!.GetValue<string>(), info["errorInformation"]!["code"]!.GetValue<string>()));
        AssertRestored(f, id);
    }

    [Fact]
    public void StopDeployment_WithoutRollback_StopsAndLeavesTrafficAsItWas()
    {
        var f = new CodeDeployFixture();
        var id = f.Create();
        f.At(TimeSpan.FromSeconds(75));
        var answer = f.Call("StopDeployment", new JsonObject { ["deploymentId"] = id, ["autoRollbackEnabled"] = false });
        Assert.Equal("Succeeded", answer["status"]!.GetValue<string>());
        f.At(TimeSpan.FromHours(1));
        Assert.Equal("Stopped", f.Status(id));
        Assert.Single(f.World.Deployments);
        Assert.Equal((0.0, 100.0), Weights(f.Target(id)));
        Assert.Equal("Stopped", f.Group.LastAttemptedDeploymentId is { } last ? f.World.Deployments[last].Status : null);
    }

    [Fact]
    public void StopDeployment_Completed_IsRefused()
    {
        var f = new CodeDeployFixture();
        var id = f.Create();
        f.At(TimeSpan.FromHours(1));
        Assert.Equal("DeploymentAlreadyCompletedException", f.Fails("StopDeployment", new JsonObject { ["deploymentId"] = id }).Code);
    }

    [Fact]
    public void CreateDeployment_WhileRollbackRuns_IsRefusedNamingTheRollback()
    {
        var f = WithBehavior(new DeploymentBehavior { FailEvent = "BeforeInstall" }, autoRollback: true);
        var id = f.Create(AppSpec(hooks: Hook("BeforeInstall")));
        f.At(TimeSpan.FromSeconds(21));
        var rollbackId = RollbackOf(f, id);
        var error = f.Fails("CreateDeployment", CreateBody(AppSpec()));
        Assert.Equal("DeploymentLimitExceededException", error.Code);
        Assert.Equal($"The Deployment Group 'dg' already has an active Deployment '{rollbackId}'", error.Message);
    }

    [Fact]
    public void Rollback_ConsumesNoQueuedBehavior()
    {
        var f = WithBehavior(new DeploymentBehavior { FailEvent = "Install" }, autoRollback: true);
        f.World.NextDeployments.Enqueue(new DeploymentBehavior { HookSeconds = 5 });
        var id = f.Create();
        f.At(TimeSpan.FromHours(1));
        Assert.Equal("ECS_UPDATE_ERROR", f.Deployment(id)["errorInformation"]!["code"]!.GetValue<string>());
        Assert.Equal("Succeeded", f.Status(RollbackOf(f, id)));
        Assert.Single(f.World.NextDeployments);
    }

    [Fact]
    public void Advance_ServiceNotUnderCodeDeploy_FailsWithInvalidEcsServiceAndNoRollback()
    {
        var f = new CodeDeployFixture();
        f.Service.DeploymentController = "ECS";
        var id = f.Create();
        f.At(TimeSpan.FromMinutes(1));
        var info = f.Deployment(id);
        Assert.Equal(("Failed", "INVALID_ECS_SERVICE"), (info["status"]!.GetValue<string>(), info["errorInformation"]!["code"]!.GetValue<string>()));
        Assert.Null(info["rollbackInfo"]);
        Assert.Empty(f.Service.TaskSets);
    }
}
