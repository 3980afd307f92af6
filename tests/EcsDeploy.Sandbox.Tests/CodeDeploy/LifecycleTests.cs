using System.Text.Json.Nodes;
using EcsDeploy.Sandbox.State;
using static EcsDeploy.Sandbox.Tests.CodeDeploy.CodeDeployFixture;

namespace EcsDeploy.Sandbox.Tests.CodeDeploy;

public sealed class LifecycleTests
{
    [Fact]
    public void Advance_AllAtOnceWithoutHooks_RunsEventsInOrderWithDocumentedTimes()
    {
        var f = new CodeDeployFixture();
        var id = f.Create();
        Assert.Equal("Created", f.World.Deployments[id].Status);

        f.At(TimeSpan.FromSeconds(30));
        Assert.Equal("InProgress", f.Status(id));
        var during = f.Target(id);
        Assert.Equal("Skipped", EventStatus(during, "BeforeInstall"));
        Assert.Equal("InProgress", EventStatus(during, "Install"));
        Assert.Equal("Pending", EventStatus(during, "AllowTraffic"));

        f.At(TimeSpan.FromHours(1));
        var target = f.Target(id);
        var names = target["lifecycleEvents"]!.AsArray().Select(e => e!["lifecycleEventName"]!.GetValue<string>());
        Assert.Equal(["BeforeInstall", "Install", "AfterInstall", "AllowTestTraffic", "AfterAllowTestTraffic", "BeforeAllowTraffic", "AllowTraffic", "AfterAllowTraffic"], names);
        var expected = new (string Name, string Status, double Start, double End)[]
        {
            ("BeforeInstall", "Skipped", 0, 0),
            ("Install", "Succeeded", 0, 60),
            ("AfterInstall", "Skipped", 60, 60),
            ("AllowTestTraffic", "Succeeded", 60, 70),
            ("AfterAllowTestTraffic", "Skipped", 70, 70),
            ("BeforeAllowTraffic", "Skipped", 70, 70),
            ("AllowTraffic", "Succeeded", 70, 80),
            ("AfterAllowTraffic", "Skipped", 80, 80),
        };
        foreach (var (name, status, start, end) in expected)
        {
            var e = Event(target, name);
            Assert.Equal((name, status, start, end), (name, e["status"]!.GetValue<string>(), Seconds(e["startTime"]), Seconds(e["endTime"])));
        }

        var info = f.Deployment(id);
        Assert.Equal("Succeeded", info["status"]!.GetValue<string>());
        Assert.Equal(80, Seconds(info["completeTime"]));
        Assert.Equal(1, info["deploymentOverview"]!["Succeeded"]!.GetValue<long>());
        Assert.Equal("Succeeded", target["status"]!.GetValue<string>());
    }

    [Fact]
    public void Advance_Success_ServiceRunsGreenAsPrimaryAndBlueIsRemoved()
    {
        var f = new CodeDeployFixture();
        var id = f.Create();
        f.At(TimeSpan.FromSeconds(65));
        var green = Assert.Single(f.Service.TaskSets, t => t.TaskDefinitionArn == Arn(2));
        Assert.Equal(("ACTIVE", 0.0, 2, "tg-green"), (green.Status, green.TrafficWeight, green.RunningCount, green.TargetGroupName));

        f.At(TimeSpan.FromHours(1));
        var only = Assert.Single(f.Service.TaskSets);
        Assert.Same(green, only);
        Assert.Equal(("PRIMARY", 100.0), (only.Status, only.TrafficWeight));
        Assert.Equal(Arn(2), f.Service.TaskDefinitionArn);
        Assert.Equal(id, f.Group.LastSuccessfulDeploymentId);
        var group = f.Call("GetDeploymentGroup", new JsonObject { ["applicationName"] = "app", ["deploymentGroupName"] = "dg" })["deploymentGroupInfo"]!;
        Assert.Equal(id, group["lastSuccessfulDeployment"]!["deploymentId"]!.GetValue<string>());
    }

    [Fact]
    public void Advance_SecondDeploymentAfterSuccess_UsesOtherTargetGroupAndOldGreenAsBlue()
    {
        var f = new CodeDeployFixture();
        f.AddTaskDefinition("web", 3);
        f.Create();
        f.At(TimeSpan.FromHours(1));
        var first = Assert.Single(f.Service.TaskSets);

        var second = f.Create(AppSpec(3));
        f.At(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(65));
        var green = Assert.Single(f.Service.TaskSets, t => t.TaskDefinitionArn == Arn(3));
        Assert.Equal("tg-blue", green.TargetGroupName);
        var target = f.Target(second);
        var blue = target["taskSetsInfo"]!.AsArray().Single(s => s!["taskSetLabel"]!.GetValue<string>() == "Blue")!;
        Assert.Equal(first.Id, blue["identifer"]!.GetValue<string>());
    }

    [Fact]
    public void Advance_HookInAppSpec_TakesHookSeconds()
    {
        var f = new CodeDeployFixture();
        f.World.NextDeployments.Enqueue(new DeploymentBehavior { HookSeconds = 30 });
        var id = f.Create(AppSpec(hooks: Hook("AfterAllowTestTraffic")));
        f.At(TimeSpan.FromHours(1));
        var hook = Event(f.Target(id), "AfterAllowTestTraffic");
        Assert.Equal(("Succeeded", 70.0, 100.0), (hook["status"]!.GetValue<string>(), Seconds(hook["startTime"]), Seconds(hook["endTime"])));
        Assert.Equal(110, Seconds(f.Deployment(id)["completeTime"]));
    }

    [Fact]
    public void Advance_ManyRequestsOrOneJump_GiveTheSameHistory()
    {
        var stepped = new CodeDeployFixture();
        var jumped = new CodeDeployFixture();
        var a = stepped.Create(config: "CodeDeployDefault.ECSLinear10PercentEvery1Minutes");
        var b = jumped.Create(config: "CodeDeployDefault.ECSLinear10PercentEvery1Minutes");
        for (var s = 0; s <= 900; s += 7)
        {
            stepped.At(TimeSpan.FromSeconds(s));
        }

        jumped.At(TimeSpan.FromSeconds(900));
        Assert.Equal(Strip(jumped.Target(b)), Strip(stepped.Target(a)));
        Assert.Equal("Succeeded", stepped.Status(a));

        static string Strip(JsonObject target) => target["lifecycleEvents"]!.ToJsonString();
    }

    [Fact]
    public void CreateDeployment_Twice_IdsAreDistinctAndShapedLikeCodeDeploys()
    {
        var f = new CodeDeployFixture();
        var first = f.Create();
        f.At(TimeSpan.FromHours(1));
        var second = f.Create();
        Assert.Matches("^d-[A-Z0-9]{9}$", first);
        Assert.Matches("^d-[A-Z0-9]{9}$", second);
        Assert.NotEqual(first, second);
        Assert.Equal(first, new CodeDeployFixture().Create());
    }
}
