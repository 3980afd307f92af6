using System.Text.Json.Nodes;
using EcsDeploy.Deploy;
using EcsDeploy.Sandbox.Scenario;
using EcsDeploy.Tests.Integration;

namespace EcsDeploy.Tests.RunTask;

/// <summary>run-task and the compatibility inputs: the whole action against the sandbox on a virtual clock.</summary>
public sealed class RunTaskAgainstSandboxTests : SandboxActionTest
{
    protected override IReadOnlyDictionary<string, string> ExtraVariables => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["INPUT_TASK-DEFINITION"] = "taskdef.json",
        ["INPUT_CODEDEPLOY-DEPLOYMENT-CONFIG"] = "CodeDeployDefault.ECSAllAtOnce",
        ["INPUT_RUN-TASK"] = "true",
        ["INPUT_WAIT-FOR-TASK-STOPPED"] = "true",
        ["INPUT_RUN-TASK-CONTAINER-OVERRIDES"] = """[{"name":"web","command":["./migrate"]}]""",
    };

    private static SandboxScenario Scenario(params JsonObject[] runTasks)
    {
        var scenario = SandboxAction.Scenario("canary-success.yaml");
        scenario.Document["runTasks"] = new JsonArray([.. runTasks]);
        return scenario;
    }

    private async Task<List<string>> OperationsAsync() => [.. (await RequestsAsync()).Select(r => r.Operation)];

    [Fact]
    public async Task RunTask_ExitZero_StreamsTheTaskThenDeploys()
    {
        var exit = await RunAsync(Scenario());

        Assert.True(exit == ExitCodes.Succeeded, Log);
        var operations = await OperationsAsync();
        Assert.True(operations.IndexOf("RegisterTaskDefinition") < operations.IndexOf("RunTask"));
        Assert.True(operations.LastIndexOf("DescribeTasks") < operations.IndexOf("CreateDeployment"), string.Join(",", operations));
        var run = (await RequestsAsync()).Single(r => r.Operation == "RunTask").Body!;
        Assert.EndsWith(":task-definition/web:2", run["taskDefinition"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(("GitHub-Actions", "FARGATE"), (run["startedBy"]!.GetValue<string>(), run["launchType"]!.GetValue<string>()));
        Assert.Equal("./migrate", run["overrides"]!["containerOverrides"]![0]!["command"]![0]!.GetValue<string>());
        Assert.NotNull(run["networkConfiguration"]); // the service's network, as the task definition is awsvpc
        var lines = Log.Split('\n').Select(l => System.Text.RegularExpressions.Regex.Match(l, @"^\[\d\d:\d\d\] Task [0-9a-f]{32}: (.*)$")).Where(m => m.Success).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["PROVISIONING", "PENDING", "RUNNING", "STOPPED (EssentialContainerExited: Essential container in task exited)"], lines);
        Assert.Contains("  container web: exit code 0", Log, StringComparison.Ordinal);
        Assert.Contains("/ecs/v2/clusters/prod/tasks/", Log, StringComparison.Ordinal);
        Assert.Contains("run-task-arn<<", Outputs, StringComparison.Ordinal);
        Assert.Contains("[\"arn:aws:ecs:us-east-1:111122223333:task/prod/", Outputs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunTask_NonZeroExit_FailsBeforeCreateDeployment()
    {
        var exit = await RunAsync(Scenario(new JsonObject { ["exitCode"] = 1, ["reason"] = "migration failed" }));

        Assert.Equal(ExitCodes.DeploymentFailed, exit);
        Assert.DoesNotContain("CreateDeployment", await OperationsAsync());
        Assert.Contains("::error title=One-off task failed::The one-off task failed: container 'web' of task ", Log, StringComparison.Ordinal);
        Assert.Contains("exited with code 1: migration failed. The deployment was not started.", Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunTask_Failures_FailsWithTheReasonBeforeCreateDeployment()
    {
        var exit = await RunAsync(Scenario(new JsonObject { ["failure"] = "RESOURCE:MEMORY", ["failureDetail"] = "no capacity" }));

        Assert.Equal(ExitCodes.SetupFailed, exit);
        var operations = await OperationsAsync();
        Assert.DoesNotContain("CreateDeployment", operations);
        Assert.DoesNotContain("DescribeTasks", operations);
        Assert.Contains("failed: RESOURCE:MEMORY (no capacity)", Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunTask_CancelledWhileWaiting_StopsTheTask()
    {
        var cancellation = CancelAfter(TimeSpan.FromSeconds(40));

        var exit = await RunAsync(Scenario(), cancellationToken: cancellation);

        Assert.Equal(ExitCodes.Cancelled, exit);
        var requests = await RequestsAsync();
        var stop = Assert.Single(requests, r => r.Operation == "StopTask");
        Assert.Contains("cancelled", stop.Body!["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain(requests, r => r.Operation == "CreateDeployment");
        Assert.Contains("The run was cancelled while the one-off task ran; the task was stopped", Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunTask_WaitRunsOut_StopsTheTaskAndTimesOut()
    {
        Environment["INPUT_WAIT-FOR-MINUTES"] = "1";

        var exit = await RunAsync(Scenario(new JsonObject { ["runSeconds"] = 3600 }));

        Assert.Equal(ExitCodes.TimedOut, exit);
        var operations = await OperationsAsync();
        Assert.Single(operations, o => o == "StopTask");
        Assert.DoesNotContain("CreateDeployment", operations);
        Assert.Contains("did not stop within 1m", Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunTask_NotWaiting_DeploysWhileTheTaskRuns()
    {
        Environment["INPUT_WAIT-FOR-TASK-STOPPED"] = "false";

        var exit = await RunAsync(Scenario(new JsonObject { ["exitCode"] = 1 }));

        Assert.True(exit == ExitCodes.Succeeded, Log);
        var operations = await OperationsAsync();
        Assert.True(operations.IndexOf("RunTask") < operations.IndexOf("CreateDeployment"));
        Assert.DoesNotContain("DescribeTasks", operations);
    }

    public static TheoryData<string, string> BadInputs() => new()
    {
        { "run-task", "yes" },
        { "wait-for-task-stopped", "1" },
        { "run-task-started-by", "has spaces" },
        { "run-task-launch-type", "LAMBDA" },
        { "run-task-subnets", "subnet-0a1b2c3d4e5f60001,vpc-123" },
        { "run-task-security-groups", "group1" },
        { "run-task-assign-public-IP", "yes" },
        { "run-task-container-overrides", "{\"name\":\"web\"}" },
        { "run-task-container-overrides", "[{\"name\":\"web\",\"commands\":[\"x\"]}]" },
        { "run-task-container-overrides", "[{\"command\":[\"x\"]}]" },
        { "run-task-tags", "[{\"key\":\"a\",\"value\":1}]" },
        { "run-task-tags", "not json" },
        { "run-task-capacity-provider-strategy", "[{\"weight\":1}]" },
        { "run-task-capacity-provider-strategy", "[{\"capacityProvider\":\"FARGATE\",\"weight\":-1}]" },
        { "run-task-managed-ebs-volume", "{\"sizeInGiB\":20}" },
        { "run-task-managed-ebs-volume", "[1]" },
        { "enable-ecs-managed-tags", "on" },
        { "desired-count", "-1" },
        { "desired-count", "two" },
        { "force-new-deployment", "yes" },
        { "propagate-tags", "ALL" },
        { "service-managed-ebs-volume", "{" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Inputs_BadValue_ExitTwoWithNoRequest(string input, string value)
    {
        Environment[EcsDeploy.Runtime.InputReader.VariableName(input)] = value;

        var exit = await RunAsync(Scenario());

        Assert.Equal(ExitCodes.InvalidInput, exit);
        Assert.Empty(await RequestsAsync());
        var error = SandboxAction.SingleError(Log);
        Assert.Contains($"Input '{input}' value '", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompatibilityInputs_Given_WarnEachAndStillDeploy()
    {
        Environment["INPUT_RUN-TASK"] = "false";
        Environment["INPUT_DESIRED-COUNT"] = "3";
        Environment["INPUT_FORCE-NEW-DEPLOYMENT"] = "true";
        Environment["INPUT_PROPAGATE-TAGS"] = "SERVICE";
        Environment["INPUT_SERVICE-MANAGED-EBS-VOLUME-NAME"] = "data";
        Environment["INPUT_SERVICE-MANAGED-EBS-VOLUME"] = """{"roleArn":"arn:aws:iam::111122223333:role/ebs"}""";

        var exit = await RunAsync(Scenario());

        Assert.True(exit == ExitCodes.Succeeded, Log);
        var warnings = Log.Split('\n').Where(l => l.StartsWith("::warning title=Input has no effect::", StringComparison.Ordinal)).ToList();
        Assert.Equal(5, warnings.Count);
        Assert.Contains(warnings, w => w.Contains("Input 'desired-count' value '3' has no effect on a CODE_DEPLOY service", StringComparison.Ordinal) && w.Contains("desired count", StringComparison.Ordinal));
        Assert.All(warnings, w => Assert.Contains("has no effect on a CODE_DEPLOY service", w, StringComparison.Ordinal));
        Assert.DoesNotContain("RunTask", await OperationsAsync());
    }

    [Fact]
    public async Task CompatibilityInputs_Defaults_NoWarning()
    {
        Environment["INPUT_RUN-TASK"] = "false";
        Environment["INPUT_FORCE-NEW-DEPLOYMENT"] = "false";
        Environment["INPUT_PROPAGATE-TAGS"] = "NONE";

        var exit = await RunAsync(Scenario());

        Assert.True(exit == ExitCodes.Succeeded, Log);
        Assert.DoesNotContain("::warning title=Input has no effect", Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TaskDefinition_FamilyName_StartsFromTheLatestRevision()
    {
        Environment["INPUT_RUN-TASK"] = "false";
        Environment["INPUT_TASK-DEFINITION"] = "web";
        Environment["INPUT_IMAGE"] = "111122223333.dkr.ecr.us-east-1.amazonaws.com/web:v2";

        var exit = await RunAsync(Scenario());

        Assert.True(exit == ExitCodes.Succeeded, Log);
        var described = (await RequestsAsync()).First(r => r.Operation == "DescribeTaskDefinition");
        Assert.Equal("web", described.Body!["taskDefinition"]!.GetValue<string>());
        Assert.Contains("(input 'task-definition')", Log, StringComparison.Ordinal);
        Assert.Contains("RegisterTaskDefinition", await OperationsAsync());
    }

    [Theory]
    [InlineData("web.json")]
    [InlineData("deploy/web")]
    public async Task TaskDefinition_MissingFileNotAFamily_KeepsTheMissingFileError(string value)
    {
        Environment["INPUT_TASK-DEFINITION"] = value;

        var exit = await RunAsync(Scenario());

        Assert.Equal(ExitCodes.InvalidInput, exit);
        Assert.Contains("names a file that does not exist", Log, StringComparison.Ordinal);
        Assert.Empty(await RequestsAsync());
    }
}
