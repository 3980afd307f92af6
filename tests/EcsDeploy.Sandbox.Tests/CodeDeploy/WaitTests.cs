using System.Text.Json.Nodes;
using static EcsDeploy.Sandbox.Tests.CodeDeploy.CodeDeployFixture;

namespace EcsDeploy.Sandbox.Tests.CodeDeploy;

public sealed class WaitTests
{
    private static JsonObject Continue(string id, string type) => new() { ["deploymentId"] = id, ["deploymentWaitType"] = type };

    [Fact]
    public void ContinueDeployment_ReadyWait_ReroutesTrafficFromThatMoment()
    {
        var f = new CodeDeployFixture();
        f.Group.ReadyAction = "STOP_DEPLOYMENT";
        f.Group.ReadyWaitMinutes = 30;
        var id = f.Create();

        f.At(TimeSpan.FromMinutes(10));
        Assert.Equal("Ready", f.Status(id));
        Assert.Equal("Ready", f.Target(id)["status"]!.GetValue<string>());
        Assert.Equal(1, f.Deployment(id)["deploymentOverview"]!["Ready"]!.GetValue<long>());
        Assert.Equal("Pending", EventStatus(f.Target(id), "BeforeAllowTraffic"));
        Assert.Equal((100.0, 0.0), Weights(f.Target(id)));

        f.Call("ContinueDeployment", Continue(id, "READY_WAIT"));
        Assert.Equal("InProgress", f.World.Deployments[id].Status);
        f.At(TimeSpan.FromMinutes(11));
        var allow = Event(f.Target(id), "AllowTraffic");
        Assert.Equal(600, Seconds(allow["startTime"]));
        Assert.Equal("Succeeded", f.Status(id));
    }

    [Fact]
    public void Advance_ReadyWaitExpires_FailsWithTimeoutAndRollsBack()
    {
        var f = new CodeDeployFixture();
        f.Group.ReadyAction = "STOP_DEPLOYMENT";
        f.Group.ReadyWaitMinutes = 5;
        var id = f.Create();

        f.At(TimeSpan.FromSeconds(70) + TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        Assert.Equal("Ready", f.Status(id));
        f.At(TimeSpan.FromSeconds(70) + TimeSpan.FromMinutes(5));
        var info = f.Deployment(id);
        Assert.Equal(("Failed", "TIMEOUT"), (info["status"]!.GetValue<string>(), info["errorInformation"]!["code"]!.GetValue<string>()));
        Assert.NotNull(info["rollbackInfo"]!["rollbackDeploymentId"]);
        Assert.Equal("Skipped", EventStatus(f.Target(id), "AllowTraffic"));
    }

    [Fact]
    public void ContinueDeployment_NotWaiting_IsRefused()
    {
        var f = new CodeDeployFixture();
        var id = f.Create();
        f.At(TimeSpan.FromSeconds(5));
        Assert.Equal("DeploymentIsNotInReadyStateException", f.Fails("ContinueDeployment", Continue(id, "READY_WAIT")).Code);
    }

    [Fact]
    public void ContinueDeployment_WrongWaitType_IsRefused()
    {
        var f = new CodeDeployFixture();
        f.Group.ReadyAction = "STOP_DEPLOYMENT";
        f.Group.ReadyWaitMinutes = 30;
        var id = f.Create();
        f.At(TimeSpan.FromMinutes(2));
        Assert.Equal("InvalidDeploymentWaitTypeException", f.Fails("ContinueDeployment", Continue(id, "TERMINATION_WAIT")).Code);
    }

    [Fact]
    public void ContinueDeployment_Completed_IsRefused()
    {
        var f = new CodeDeployFixture();
        var id = f.Create();
        f.At(TimeSpan.FromHours(1));
        Assert.Equal("DeploymentAlreadyCompletedException", f.Fails("ContinueDeployment", Continue(id, "READY_WAIT")).Code);
    }

    [Fact]
    public void Advance_TerminationWait_KeepsBlueUntilTheWaitEnds()
    {
        var f = new CodeDeployFixture();
        f.Group.TerminationWaitMinutes = 5;
        var id = f.Create();

        f.At(TimeSpan.FromSeconds(80));
        var info = f.Deployment(id);
        Assert.Equal("InProgress", info["status"]!.GetValue<string>());
        Assert.True(info["instanceTerminationWaitTimeStarted"]!.GetValue<bool>());
        Assert.Equal(2, f.Service.TaskSets.Count);
        Assert.Equal((0.0, 100.0), Weights(f.Target(id)));

        f.At(TimeSpan.FromSeconds(80) + TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        Assert.Equal(2, f.Service.TaskSets.Count);
        f.At(TimeSpan.FromSeconds(80) + TimeSpan.FromMinutes(5));
        Assert.Equal("Succeeded", f.Status(id));
        Assert.Single(f.Service.TaskSets);
        Assert.Equal(380, Seconds(f.Deployment(id)["completeTime"]));
    }

    [Fact]
    public void ContinueDeployment_TerminationWait_EndsTheWaitEarly()
    {
        var f = new CodeDeployFixture();
        f.Group.TerminationWaitMinutes = 60;
        var id = f.Create();
        f.At(TimeSpan.FromMinutes(2));
        Assert.Equal("InvalidDeploymentWaitTypeException", f.Fails("ContinueDeployment", Continue(id, "READY_WAIT")).Code);

        f.Call("ContinueDeployment", Continue(id, "TERMINATION_WAIT"));
        Assert.Equal("Succeeded", f.Status(id));
        Assert.Equal(120, Seconds(f.Deployment(id)["completeTime"]));
        Assert.Single(f.Service.TaskSets);
        Assert.Equal(Arn(2), f.Service.TaskDefinitionArn);
    }
}
