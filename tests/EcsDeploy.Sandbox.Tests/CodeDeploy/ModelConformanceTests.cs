using System.Text.Json.Nodes;
using EcsDeploy.Sandbox.State;
using EcsDeploy.Sandbox.Validation;
using static EcsDeploy.Sandbox.Tests.CodeDeploy.CodeDeployFixture;

namespace EcsDeploy.Sandbox.Tests.CodeDeploy;

public sealed class ModelConformanceTests
{
    [Fact]
    public void Responses_ThroughAFailureAndRollback_MatchTheCodeDeployModel()
    {
        var f = new CodeDeployFixture();
        f.Group.TestListenerArns.Add("arn:aws:elasticloadbalancing:us-east-1:111122223333:listener/app/lb/1/test");
        f.Group.Alarms.Add("web-5xx");
        f.World.NextDeployments.Enqueue(new DeploymentBehavior { FailEvent = "AfterAllowTestTraffic", FailLogTail = "boom" });
        var problems = new List<string>();
        void Check(string operation, JsonObject body) => problems.AddRange(Problems(operation, f.Call(operation, body)));

        var created = f.Call("CreateDeployment", CreateBody(AppSpec(hooks: Hook("AfterAllowTestTraffic"))));
        problems.AddRange(Problems("CreateDeployment", created));
        var id = created["deploymentId"]!.GetValue<string>();
        var group = new JsonObject { ["applicationName"] = "app", ["deploymentGroupName"] = "dg" };
        foreach (var at in new[] { 1, 65, 95, 3600 })
        {
            f.At(TimeSpan.FromSeconds(at));
            foreach (var d in f.World.Deployments.Keys.ToList())
            {
                Check("GetDeployment", new JsonObject { ["deploymentId"] = d });
                Check("GetDeploymentTarget", new JsonObject { ["deploymentId"] = d, ["targetId"] = "main:web" });
                Check("BatchGetDeploymentTargets", new JsonObject { ["deploymentId"] = d, ["targetIds"] = new JsonArray("main:web") });
                Check("ListDeploymentTargets", new JsonObject { ["deploymentId"] = d });
            }

            Check("GetDeploymentGroup", group);
            Check("ListDeployments", (JsonObject)group.DeepClone());
        }

        Check("GetApplication", new JsonObject { ["applicationName"] = "app" });
        f.Group.TerminationWaitMinutes = 30;
        var second = f.Create();
        f.At(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(5));
        Check("ContinueDeployment", new JsonObject { ["deploymentId"] = second, ["deploymentWaitType"] = "TERMINATION_WAIT" });
        var third = f.Create();
        Check("StopDeployment", new JsonObject { ["deploymentId"] = third });
        Check("GetApplicationRevision", new JsonObject { ["applicationName"] = "app", ["revision"] = CreateBody(AppSpec())["revision"]!.DeepClone() });

        Assert.True(problems.Count == 0, string.Join("\n", problems.Distinct()));
    }

    private static IEnumerable<string> Problems(string operation, JsonNode response) =>
        ModelValidator.ValidateOutput("codedeploy", operation, response).Select(p => $"{operation}: {p}");
}
