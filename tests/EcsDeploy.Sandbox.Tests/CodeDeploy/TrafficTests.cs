using EcsDeploy.Sandbox.CodeDeploy;
using EcsDeploy.Sandbox.State;
using static EcsDeploy.Sandbox.Tests.CodeDeploy.CodeDeployFixture;

namespace EcsDeploy.Sandbox.Tests.CodeDeploy;

public sealed class TrafficTests
{
    // AllowTraffic starts 70 s after creation when no hooks run (Install 60 s + AllowTestTraffic 10 s).
    private static readonly TimeSpan AllowTrafficStart = TimeSpan.FromSeconds(70);

    [Fact]
    public void Advance_TrafficShift_StampsTheTargetsLastUpdatedAt()
    {
        // The action stamps each split with lastUpdatedAt, in the sandbox's clock like the lifecycle events.
        var f = new CodeDeployFixture();
        var id = f.Create(config: "CodeDeployDefault.ECSCanary10Percent5Minutes");

        f.At(AllowTrafficStart + TimeSpan.FromMinutes(5));

        Assert.Equal((0.0, 100.0), Weights(f.Target(id)));
        Assert.Equal(70 + 300, Seconds(f.Target(id)["lastUpdatedAt"]));
    }

    [Fact]
    public void Advance_Canary10Percent5Minutes_Shifts10ThenAllAfterFiveMinutes()
    {
        var f = new CodeDeployFixture();
        var id = f.Create(config: "CodeDeployDefault.ECSCanary10Percent5Minutes");

        f.At(AllowTrafficStart - TimeSpan.FromSeconds(1));
        Assert.Equal((100.0, 0.0), Weights(f.Target(id)));

        f.At(AllowTrafficStart);
        Assert.Equal((90.0, 10.0), Weights(f.Target(id)));
        var green = f.Service.TaskSets.Single(t => t.Label == "Green");
        var blue = f.Service.TaskSets.Single(t => t.Label == "Blue");
        Assert.Equal((90.0, 10.0, "PRIMARY", "ACTIVE"), (blue.TrafficWeight, green.TrafficWeight, blue.Status, green.Status));

        f.At(AllowTrafficStart + TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        Assert.Equal((90.0, 10.0), Weights(f.Target(id)));
        Assert.Equal("InProgress", EventStatus(f.Target(id), "AllowTraffic"));

        f.At(AllowTrafficStart + TimeSpan.FromMinutes(5));
        Assert.Equal((0.0, 100.0), Weights(f.Target(id)));
        Assert.Equal(("ACTIVE", "PRIMARY"), (blue.Status, green.Status));
        Assert.Equal(Arn(2), f.Service.TaskDefinitionArn);

        f.At(AllowTrafficStart + TimeSpan.FromMinutes(6));
        var allow = Event(f.Target(id), "AllowTraffic");
        Assert.Equal(70 + 300 + 10, Seconds(allow["endTime"]));
        Assert.Equal("Succeeded", f.Status(id));
    }

    [Fact]
    public void Advance_Linear10PercentEvery1Minutes_Adds10PercentEachMinute()
    {
        var f = new CodeDeployFixture();
        var id = f.Create(config: "CodeDeployDefault.ECSLinear10PercentEvery1Minutes");
        for (var minute = 0; minute < 10; minute++)
        {
            f.At(AllowTrafficStart + TimeSpan.FromMinutes(minute) + TimeSpan.FromSeconds(30));
            var green = 10.0 * (minute + 1);
            Assert.Equal((100 - green, green), Weights(f.Target(id)));
        }

        f.At(TimeSpan.FromHours(1));
        Assert.Equal(70 + 540 + 10, Seconds(Event(f.Target(id), "AllowTraffic")["endTime"]));
    }

    [Fact]
    public void CreateDeployment_CustomCanaryConfigOverridesGroup_UsesItsPercentageAndInterval()
    {
        var f = new CodeDeployFixture();
        f.World.DeploymentConfigs.Add("Canary25Every2", new DeploymentConfigState { Name = "Canary25Every2", Type = "TimeBasedCanary", Percentage = 25, IntervalMinutes = 2 });
        var id = f.Create(config: "Canary25Every2");
        f.At(AllowTrafficStart + TimeSpan.FromMinutes(1));
        Assert.Equal((75.0, 25.0), Weights(f.Target(id)));
        f.At(AllowTrafficStart + TimeSpan.FromMinutes(2));
        Assert.Equal((0.0, 100.0), Weights(f.Target(id)));
        Assert.Equal("Canary25Every2", f.Deployment(id)["deploymentConfigName"]!.GetValue<string>());
    }

    [Fact]
    public void Resolve_CustomLinear30Percent_CapsLastStepAt100()
    {
        var world = new World();
        world.DeploymentConfigs.Add("L30", new DeploymentConfigState { Name = "L30", Type = "TimeBasedLinear", Percentage = 30, IntervalMinutes = 2 });
        var plan = TrafficPlan.Resolve(world, "L30")!;
        Assert.Equal([(0.0, 30.0), (2.0, 60.0), (4.0, 90.0), (6.0, 100.0)], plan.Steps.Select(s => (s.Offset.TotalMinutes, s.GreenWeight)));
    }

    // Each built-in ECS configuration as "minute:green%" steps after AllowTraffic starts.
    [Theory]
    [InlineData("CodeDeployDefault.ECSAllAtOnce", "0:100")]
    [InlineData("CodeDeployDefault.ECSCanary10Percent5Minutes", "0:10 5:100")]
    [InlineData("CodeDeployDefault.ECSCanary10Percent15Minutes", "0:10 15:100")]
    [InlineData("CodeDeployDefault.ECSLinear10PercentEvery1Minutes", "0:10 1:20 2:30 3:40 4:50 5:60 6:70 7:80 8:90 9:100")]
    [InlineData("CodeDeployDefault.ECSLinear10PercentEvery3Minutes", "0:10 3:20 6:30 9:40 12:50 15:60 18:70 21:80 24:90 27:100")]
    public void Resolve_BuiltInConfiguration_ShiftsAtCodeDeploysTimes(string name, string expected)
    {
        var plan = TrafficPlan.Resolve(new World(), name)!;

        Assert.Equal(expected, string.Join(' ', plan.Steps.Select(s => $"{s.Offset.TotalMinutes}:{s.GreenWeight}")));
    }

    [Fact]
    public void Resolve_UnknownAndBuiltIns_AnswersPerName()
    {
        var world = new World();
        Assert.Null(TrafficPlan.Resolve(world, "Nope"));
        Assert.Equal(2, TrafficPlan.Resolve(world, "CodeDeployDefault.ECSCanary10Percent15Minutes")!.Steps.Count);
        Assert.Equal(10, TrafficPlan.Resolve(world, "CodeDeployDefault.ECSLinear10PercentEvery3Minutes")!.Steps.Count);
        Assert.Equal(TimeSpan.FromMinutes(27), TrafficPlan.Resolve(world, "CodeDeployDefault.ECSLinear10PercentEvery3Minutes")!.Steps[^1].Offset);
        Assert.True(TrafficPlan.IsOtherPlatformBuiltIn("CodeDeployDefault.OneAtATime"));
    }
}
