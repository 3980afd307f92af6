using System.Text.Json.Nodes;
using EcsDeploy.Deploy;

namespace EcsDeploy.Tests.Integration;

/// <summary>The README's examples and the edges of wait-until and input checking, against the sandbox over HTTP.</summary>
public sealed class DeployExamplesAgainstSandboxTests : SandboxActionTest
{
    private const string Registry = "111122223333.dkr.ecr.us-east-1.amazonaws.com";

    protected override IReadOnlyDictionary<string, string> ExtraVariables => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["RUNNER_TEMP"] = Workspace.Path,
    };

    private List<(string Operation, JsonObject Body)> Requests(string? operation = null) =>
        [.. Sandbox.World.RequestLog.Where(r => operation is null || r.Operation == operation).Select(r => (r.Operation, JsonNode.Parse(r.Body)!.AsObject()))];

    /// <summary>The README's example: two containers with different images, a variable removed, a value with '='.</summary>
    [Fact]
    public async Task Deploy_ReadmeTwoContainersExample_UpdatesBothAndRemovesTheVariable()
    {
        var scenario = SandboxAction.Scenario("canary-success.yaml");
        var definition = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "examples", "sandbox", "taskdef-v1.json")))!.AsObject();
        var containers = definition["containerDefinitions"]!.AsArray();
        containers[0]!["environment"] = new JsonArray(Env("LEGACY_FLAG", "1"), Env("KEEP", "yes"));
        containers.Add(new JsonObject
        {
            ["name"] = "worker",
            ["image"] = $"{Registry}/worker:v1",
            ["essential"] = false,
            ["environment"] = new JsonArray(Env("LEGACY_FLAG", "1")),
        });
        scenario.Document["clusters"]![0]!["services"]![0]!["taskDefinition"] = definition;
        scenario.Document["repositories"] = JsonNode.Parse("""
            [{"name":"web","images":[{"tags":["v1"]},{"tags":["abc123"]}]},
             {"name":"worker","images":[{"tags":["v1"]},{"tags":["abc123"]}]}]
            """);
        Environment["INPUT_CONTAINERS"] = $"web={Registry}/web:abc123\nworker={Registry}/worker:abc123";
        Environment["INPUT_CONTAINER-NAME"] = "web,worker";
        Environment["INPUT_ENVIRONMENT-VARIABLES"] = "RELEASE=abc123\nDATABASE_URL=postgres://db:5432/app?sslmode=require\n-LEGACY_FLAG";

        var exit = await RunAsync(scenario);

        Assert.True(exit == ExitCodes.Succeeded, Log);
        var registered = Assert.Single(Requests("RegisterTaskDefinition")).Body["containerDefinitions"]!.AsArray();
        var web = registered.Single(c => (string?)c!["name"] == "web")!;
        var worker = registered.Single(c => (string?)c!["name"] == "worker")!;
        Assert.StartsWith($"{Registry}/web@sha256:", (string?)web["image"], StringComparison.Ordinal);
        Assert.StartsWith($"{Registry}/worker@sha256:", (string?)worker["image"], StringComparison.Ordinal);
        Assert.Equal(
            ["DATABASE_URL=postgres://db:5432/app?sslmode=require", "KEEP=yes", "RELEASE=abc123"],
            EnvironmentOf(web));
        Assert.Equal(["DATABASE_URL=postgres://db:5432/app?sslmode=require", "RELEASE=abc123"], EnvironmentOf(worker));
    }

    [Theory]
    [InlineData("web:v9", "Image '111122223333.dkr.ecr.us-east-1.amazonaws.com/web:v9' of container 'web' does not exist: ECR repository 'web' in account 111122223333 (us-east-1) has no tag 'v9'")]
    [InlineData("api:v2", "Image '111122223333.dkr.ecr.us-east-1.amazonaws.com/api:v2' of container 'web' cannot exist: there is no ECR repository 'api' in account 111122223333 (us-east-1)")]
    public async Task Deploy_EcrImageMissingInSandbox_OneErrorAndNothingRegistered(string image, string expected)
    {
        Environment["INPUT_CONTAINER-NAME"] = "web";
        Environment["INPUT_IMAGE"] = $"{Registry}/{image}";

        var exit = await RunAsync(SandboxAction.Scenario("canary-success.yaml"));

        Assert.Equal(ExitCodes.SetupFailed, exit);
        var error = SandboxAction.SingleError(Log);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Single(Requests("DescribeImages"));
        Assert.Empty(Requests("RegisterTaskDefinition"));
        Assert.Empty(Requests("CreateDeployment"));
    }

    [Fact]
    public async Task Deploy_EcrTagInSandbox_RegistersTheDigestTheSandboxReports()
    {
        Environment["INPUT_CONTAINER-NAME"] = "web";
        Environment["INPUT_IMAGE"] = $"{Registry}/web:v2";

        var exit = await RunAsync(SandboxAction.Scenario("canary-success.yaml"));

        Assert.True(exit == ExitCodes.Succeeded, Log);
        var described = Assert.Single(Requests("DescribeImages"));
        Assert.Equal("web", (string?)described.Body["repositoryName"]);
        var digest = Sandbox.World.Repositories["web"].Images.Single(i => i.Tags.Contains("v2")).Digest;
        var registered = Assert.Single(Requests("RegisterTaskDefinition")).Body["containerDefinitions"]![0]!;
        Assert.Equal($"{Registry}/web@{digest}", (string?)registered["image"]);
        Assert.Contains($"{Registry}/web:v2 → {Registry}/web@{digest}", Log, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("appspec.yaml")]
    public async Task Deploy_AppSpecLeftAtDefaultAndMissing_IsGenerated(string? input)
    {
        Environment["INPUT_TASK-DEFINITION"] = "taskdef.json";
        if (input is not null)
        {
            Environment["INPUT_CODEDEPLOY-APPSPEC"] = input;
        }

        var exit = await RunAsync(SandboxAction.Scenario("canary-success.yaml"));

        Assert.True(exit == ExitCodes.Succeeded, Log);
        Assert.Contains("::group::AppSpec (generated from the service)", Log, StringComparison.Ordinal);
        Assert.DoesNotContain("::warning", Log, StringComparison.Ordinal);
    }

    /// <summary>A generated AppSpec has none of the file's hooks: a path naming no file must not skip them silently.</summary>
    [Fact]
    public async Task Deploy_AppSpecPathGivenButNoFile_InputErrorBeforeAnyAwsCall()
    {
        Environment["INPUT_TASK-DEFINITION"] = "taskdef.json";
        Environment["INPUT_CODEDEPLOY-APPSPEC"] = "deploy/appspec.yml";

        var exit = await RunAsync(SandboxAction.Scenario("canary-success.yaml"));

        Assert.Equal(ExitCodes.InvalidInput, exit);
        Assert.StartsWith("::error title=Invalid input::Input 'codedeploy-appspec' value 'deploy/appspec.yml' names no file", SandboxAction.SingleError(Log), StringComparison.Ordinal);
        Assert.Empty(await RequestsAsync());
    }

    /// <summary>All traffic on green is not yet a success while an AfterAllowTraffic hook can still roll it back.</summary>
    [Fact]
    public async Task Deploy_TrafficShiftedWithAfterAllowTrafficHookFailing_FailsAndFollowsRollback()
    {
        var scenario = SandboxAction.Scenario("hook-failure-rollback.yaml");
        var deployment = scenario.Document["deployments"]![0]!.AsObject();
        deployment["failEvent"] = "AfterAllowTraffic";
        deployment["hookSeconds"] = 300;
        Environment["INPUT_TASK-DEFINITION"] = "taskdef.json";
        Environment["INPUT_CODEDEPLOY-HOOKS"] = "AfterAllowTraffic=arn:aws:lambda:us-east-1:111122223333:function:web-smoke-test";
        Environment["INPUT_WAIT-UNTIL"] = "traffic-shifted";

        var exit = await RunAsync(scenario);

        Assert.Equal(ExitCodes.DeploymentFailed, exit);
        Assert.Contains("::error title=Deployment rolled back::", Log, StringComparison.Ordinal);
        Assert.Contains("AfterAllowTraffic failed", Log, StringComparison.Ordinal);
        Assert.DoesNotContain("shifted all traffic to green", Log, StringComparison.Ordinal);
    }

    /// <summary>A rollback CodeDeploy started on its own is never stopped by a cancelled run, and the log says what ended how.</summary>
    [Fact]
    public async Task Deploy_CancelledWhileFollowingRollback_LeavesItRunningAndWritesOutputs()
    {
        using var cancellation = new CancellationTokenSource();
        Clock.Advanced = _ =>
        {
            if (Log.Contains("Following rollback deployment", StringComparison.Ordinal))
            {
                cancellation.Cancel();
            }
        };
        Environment["INPUT_TASK-DEFINITION"] = "taskdef.json";
        File.Copy(Path.Combine(AppContext.BaseDirectory, "examples", "appspec.yaml"), Workspace.File("appspec.yaml"));

        var exit = await RunAsync(SandboxAction.Scenario("hook-failure-rollback.yaml"), cancellationToken: cancellation.Token);

        Assert.True(exit == ExitCodes.Cancelled, Log);
        Assert.Empty(Requests("StopDeployment"));
        var error = SandboxAction.SingleError(Log);
        Assert.Matches(@"^::error title=Deployment cancelled::The run was cancelled after deployment d-\w+ ended Failed; its rollback d-\w+ keeps running: https://", error);
        var outputs = File.ReadAllText(Workspace.File("output.txt"));
        Assert.Contains("\nFailed\n", outputs, StringComparison.Ordinal);
        Assert.Contains("\ntrue\n", outputs, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("INPUT_CLUSTER", "prod", "INPUT_WAIT-MAX-DELAY-SECONDS", "-1")]
    [InlineData("INPUT_MAX-RETRIES", "-1", "INPUT_IF-DEPLOYMENT-IN-PROGRESS", "queue")]
    [InlineData("INPUT_CONTAINERS", "web", "INPUT_ENVIRONMENT-VARIABLES", "=value")]
    [InlineData("INPUT_TASK-ROLE-ARN", "arn:aws:iam::1:role/x", "INPUT_CPU", "lots")]
    [InlineData("INPUT_MEMORY", "-1", "INPUT_COMMAND", "[\"unclosed\"")]
    [InlineData("INPUT_PIN-IMAGE-DIGEST", "sure", "INPUT_SKIP-IF-UNCHANGED", "2")]
    [InlineData("INPUT_LOG-CONFIGURATION-LOG-DRIVER", "printer", "INPUT_ENV-FILES", "s3://bucket/file.env")]
    [InlineData("INPUT_ENVIRONMENT-MODE", "append", "INPUT_SECRETS", "DB_PASSWORD")]
    [InlineData("INPUT_CODEDEPLOY-HOOKS", "AfterAllowTraffic", "INPUT_ROLLBACK-ON-STOP", "false")]
    [InlineData("INPUT_TASK-DEFINITION-ARN", "web:3", "INPUT_EXECUTION-ROLE-ARN", "role/ecsTaskExecutionRole")]
    public async Task Deploy_InvalidInputs_StopBeforeAnyAwsCall(string name1, string value1, string name2, string value2)
    {
        Environment[name1] = value1;
        Environment[name2] = value2;

        var exit = await RunAsync(SandboxAction.Scenario("canary-success.yaml"));

        Assert.True(exit == ExitCodes.InvalidInput, Log);
        Assert.Empty(Requests());
        foreach (var (name, value) in new[] { (name1, value1), (name2, value2) }.Where(p => p.Item1 != "INPUT_CLUSTER"))
        {
            var input = name["INPUT_".Length..].ToLowerInvariant();
            Assert.Contains(Log.Split('\n'), l => l.StartsWith("::error title=Invalid input::", StringComparison.Ordinal) && l.Contains($"'{input}'", StringComparison.Ordinal) && l.Contains(value.Split('\n')[0], StringComparison.Ordinal));
        }
    }

    private static JsonObject Env(string name, string value) => new() { ["name"] = name, ["value"] = value };

    private static List<string> EnvironmentOf(JsonNode container) =>
        [.. container["environment"]!.AsArray().Select(e => $"{(string?)e!["name"]}={(string?)e["value"]}").Order(StringComparer.Ordinal)];
}
