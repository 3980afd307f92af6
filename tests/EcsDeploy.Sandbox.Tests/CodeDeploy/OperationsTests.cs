using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using static EcsDeploy.Sandbox.Tests.CodeDeploy.CodeDeployFixture;

namespace EcsDeploy.Sandbox.Tests.CodeDeploy;

public sealed class OperationsTests
{
    private static string Sha(string s) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(s)));

    [Fact]
    public void CreateDeployment_Sha256Mismatch_IsInvalidRevision()
    {
        var f = new CodeDeployFixture();
        var error = f.Fails("CreateDeployment", CreateBody(AppSpec(), Sha("something else")));
        Assert.Equal("InvalidRevisionException", error.Code);
        Assert.Contains(Sha(AppSpec()), error.Message, StringComparison.Ordinal);
        Assert.Empty(f.World.Deployments);
    }

    [Fact]
    public void CreateDeployment_MatchingSha256InUpperCase_IsAccepted()
    {
        var f = new CodeDeployFixture();
        var id = f.Call("CreateDeployment", CreateBody(AppSpec(), Sha(AppSpec()).ToUpperInvariant()))["deploymentId"]!.GetValue<string>();
        Assert.True(f.World.Deployments.ContainsKey(id));
    }

    [Theory]
    [InlineData("applicationName", "nope", "ApplicationDoesNotExistException", "No application found for name: nope")]
    [InlineData("deploymentGroupName", "nope", "DeploymentGroupDoesNotExistException", "No Deployment Group found for name: nope")]
    [InlineData("deploymentConfigName", "Nope", "DeploymentConfigDoesNotExistException", "No deployment configuration found for name: Nope")]
    public void CreateDeployment_UnknownName_FailsWithTheMatchingError(string field, string value, string code, string message)
    {
        var f = new CodeDeployFixture();
        var body = CreateBody(AppSpec());
        body[field] = value;
        var error = f.Fails("CreateDeployment", body);
        Assert.Equal((code, message), (error.Code, error.Message));
    }

    [Fact]
    public void CreateDeployment_UnregisteredTaskDefinition_IsInvalidRevision()
    {
        var f = new CodeDeployFixture();
        var error = f.Fails("CreateDeployment", CreateBody(AppSpec(revision: 9)));
        Assert.Equal("InvalidRevisionException", error.Code);
        Assert.Contains("web:9", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateDeployment_AppSpecWithoutTaskDefinition_IsInvalidRevision()
    {
        var f = new CodeDeployFixture();
        Assert.Equal("InvalidRevisionException", f.Fails("CreateDeployment", CreateBody("version: 0.0\nResources: []\n")).Code);
    }

    [Fact]
    public void CreateDeployment_WhileAnotherIsActive_IsRefusedWithCodeDeploysMessage()
    {
        var f = new CodeDeployFixture();
        var first = f.Create();
        f.At(TimeSpan.FromSeconds(10));
        var error = f.Fails("CreateDeployment", CreateBody(AppSpec()));
        Assert.Equal("DeploymentLimitExceededException", error.Code);
        Assert.Equal($"The Deployment Group 'dg' already has an active Deployment '{first}'", error.Message);
    }

    [Fact]
    public void CreateDeployment_ContainerMissingFromTaskDefinition_FailsAtInstall()
    {
        var f = new CodeDeployFixture();
        var id = f.Create(AppSpec(container: "api"));
        f.At(TimeSpan.FromHours(1));
        var info = f.Deployment(id);
        Assert.Equal("ECS_UPDATE_ERROR", info["errorInformation"]!["code"]!.GetValue<string>());
        Assert.Equal("Failed", EventStatus(f.Target(id), "Install"));
    }

    [Fact]
    public void GetDeployment_UnknownId_DoesNotExist()
    {
        var f = new CodeDeployFixture();
        Assert.Equal("DeploymentDoesNotExistException", f.Fails("GetDeployment", new JsonObject { ["deploymentId"] = "d-ABCDEFGHI" }).Code);
        Assert.Equal("InvalidDeploymentIdException", f.Fails("GetDeployment", new JsonObject { ["deploymentId"] = "bogus" }).Code);
    }

    [Fact]
    public void GetDeployment_Running_ReportsRequestAndGroupSettings()
    {
        var f = new CodeDeployFixture();
        var id = f.Create(extra: new JsonObject { ["description"] = "release 42" });
        f.At(TimeSpan.FromSeconds(1));
        var info = f.Deployment(id);
        Assert.Equal(("app", "dg", "CodeDeployDefault.ECSAllAtOnce", "user", "release 42", "ECS"),
            (info["applicationName"]!.GetValue<string>(), info["deploymentGroupName"]!.GetValue<string>(), info["deploymentConfigName"]!.GetValue<string>(),
             info["creator"]!.GetValue<string>(), info["description"]!.GetValue<string>(), info["computePlatform"]!.GetValue<string>()));
        Assert.Equal(AppSpec(), info["revision"]!["appSpecContent"]!["content"]!.GetValue<string>());
        Assert.Equal("BLUE_GREEN", info["deploymentStyle"]!["deploymentType"]!.GetValue<string>());
        Assert.Equal(1, info["deploymentOverview"]!["InProgress"]!.GetValue<long>());
        Assert.Equal(0, Seconds(info["createTime"]));
    }

    [Fact]
    public void GetDeploymentGroup_Known_ReportsEcsBlueGreenSettings()
    {
        var f = new CodeDeployFixture();
        f.Group.Alarms.Add("web-5xx");
        f.Group.TerminationWaitMinutes = 15;
        var info = f.Call("GetDeploymentGroup", new JsonObject { ["applicationName"] = "app", ["deploymentGroupName"] = "dg" })["deploymentGroupInfo"]!;
        Assert.Equal("web-5xx", info["alarmConfiguration"]!["alarms"]![0]!["name"]!.GetValue<string>());
        Assert.True(info["alarmConfiguration"]!["enabled"]!.GetValue<bool>());
        Assert.Equal(15, info["blueGreenDeploymentConfiguration"]!["terminateBlueInstancesOnDeploymentSuccess"]!["terminationWaitTimeInMinutes"]!.GetValue<int>());
        Assert.Equal("tg-green", info["loadBalancerInfo"]!["targetGroupPairInfoList"]![0]!["targetGroups"]![1]!["name"]!.GetValue<string>());
        Assert.Equal("main", info["ecsServices"]![0]!["clusterName"]!.GetValue<string>());
        Assert.Null(info["lastSuccessfulDeployment"]);
        Assert.Equal("DeploymentGroupDoesNotExistException",
            f.Fails("GetDeploymentGroup", new JsonObject { ["applicationName"] = "app", ["deploymentGroupName"] = "x" }).Code);
        Assert.Equal("ApplicationDoesNotExistException", f.Fails("GetApplication", new JsonObject { ["applicationName"] = "x" }).Code);
    }

    [Fact]
    public void ListDeployments_SeveralPages_NewestFirstFilteredByStatus()
    {
        var f = new CodeDeployFixture(pageSize: 2);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            f.At(TimeSpan.FromHours(i));
            ids.Add(f.Create());
        }

        f.At(TimeSpan.FromHours(2) + TimeSpan.FromSeconds(10));
        var body = new JsonObject { ["applicationName"] = "app", ["deploymentGroupName"] = "dg" };
        var first = f.Call("ListDeployments", body);
        Assert.Equal([ids[2], ids[1]], first["deployments"]!.AsArray().Select(n => n!.GetValue<string>()));
        body["nextToken"] = first["nextToken"]!.GetValue<string>();
        var second = f.Call("ListDeployments", body);
        Assert.Equal([ids[0]], second["deployments"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Null(second["nextToken"]);

        var inProgress = f.Call("ListDeployments", new JsonObject { ["includeOnlyStatuses"] = new JsonArray("InProgress") });
        Assert.Equal([ids[2]], inProgress["deployments"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal("InvalidNextTokenException", f.Fails("ListDeployments", new JsonObject { ["nextToken"] = "zzz" }).Code);
    }

    [Fact]
    public void ListDeploymentTargets_Started_ReturnsTheServiceTarget()
    {
        var f = new CodeDeployFixture();
        var id = f.Create();
        Assert.Equal("DeploymentNotStartedException", Assert.Throws<EcsDeploy.Sandbox.Protocol.AwsErrorException>(
            () => f.Handler.Handle("ListDeploymentTargets", new JsonObject { ["deploymentId"] = id })).Code);
        var targets = f.Call("ListDeploymentTargets", new JsonObject { ["deploymentId"] = id });
        Assert.Equal(["main:web"], targets["targetIds"]!.AsArray().Select(n => n!.GetValue<string>()));

        var batch = f.Call("BatchGetDeploymentTargets", new JsonObject { ["deploymentId"] = id, ["targetIds"] = new JsonArray("main:web") });
        var target = batch["deploymentTargets"]![0]!;
        Assert.Equal("ECSTarget", target["deploymentTargetType"]!.GetValue<string>());
        Assert.Equal(f.Service.Arn, target["ecsTarget"]!["targetArn"]!.GetValue<string>());
        Assert.Equal("DeploymentTargetDoesNotExistException",
            f.Fails("GetDeploymentTarget", new JsonObject { ["deploymentId"] = id, ["targetId"] = "main:other" }).Code);
    }

    [Fact]
    public void GetApplicationRevision_DeployedContent_ReportsGroupsAndTimes()
    {
        var f = new CodeDeployFixture();
        f.Create();
        var revision = new JsonObject { ["revisionType"] = "AppSpecContent", ["appSpecContent"] = new JsonObject { ["content"] = AppSpec() } };
        var answer = f.Call("GetApplicationRevision", new JsonObject { ["applicationName"] = "app", ["revision"] = revision });
        Assert.Equal("dg", answer["revisionInfo"]!["deploymentGroups"]![0]!.GetValue<string>());
        var unknown = new JsonObject { ["revisionType"] = "AppSpecContent", ["appSpecContent"] = new JsonObject { ["content"] = "other" } };
        Assert.Equal("RevisionDoesNotExistException", f.Fails("GetApplicationRevision", new JsonObject { ["applicationName"] = "app", ["revision"] = unknown }).Code);
    }

    [Fact]
    public void Supports_UnimplementedOperation_IsFalse()
    {
        var f = new CodeDeployFixture();
        Assert.True(f.Handler.Supports("CreateDeployment"));
        Assert.False(f.Handler.Supports("CreateApplication"));
        Assert.Equal(("CodeDeploy_20141006", "codedeploy"), (f.Handler.TargetPrefix, f.Handler.SigningName));
    }
}
