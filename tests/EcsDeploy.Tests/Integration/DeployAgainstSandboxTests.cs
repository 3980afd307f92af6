using System.Text.Json.Nodes;
using Amazon.Runtime;
using EcsDeploy.Aws;
using EcsDeploy.Deploy;
using EcsDeploy.Sandbox.Faults;
using EcsDeploy.Sandbox.Hosting;
using EcsDeploy.Sandbox.Scenario;
using EcsDeploy.Tests.Support;

namespace EcsDeploy.Tests.Integration;

/// <summary>The whole action against the in-process sandbox over real HTTP, on a virtual clock shared with the sandbox.</summary>
public sealed class DeployAgainstSandboxTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _workspace = new();
    private readonly VirtualClock _clock = new();
    private readonly StringWriter _output = new();
    private readonly Dictionary<string, string> _environment = new(StringComparer.Ordinal);
    private SandboxServer? _sandbox;

    private SandboxServer Sandbox => _sandbox!;

    private string Log => _output.ToString();

    public Task InitializeAsync()
    {
        File.WriteAllText(_workspace.File("taskdef.json"), File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "examples", "sandbox", "taskdef-v1.json")).Replace(":v1", ":v2", StringComparison.Ordinal));
        foreach (var (name, value) in new Dictionary<string, string>
        {
            ["GITHUB_WORKSPACE"] = _workspace.Path,
            ["GITHUB_OUTPUT"] = _workspace.File("output.txt"),
            ["GITHUB_STEP_SUMMARY"] = _workspace.File("summary.md"),
            ["INPUT_TASK-DEFINITION"] = "taskdef.json",
            ["INPUT_SERVICE"] = "web",
            ["INPUT_CLUSTER"] = "prod",
            ["INPUT_REGION"] = "us-east-1",
            ["INPUT_MAX-RETRIES"] = "8",
        })
        {
            _environment[name] = value;
        }

        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_sandbox is not null)
        {
            await _sandbox.DisposeAsync();
        }
    }

    public void Dispose() => _workspace.Dispose();

    private static SandboxScenario Scenario(string name) =>
        SandboxScenario.Load(Path.Combine(AppContext.BaseDirectory, "examples", "sandbox", name));

    private static JsonObject Group(SandboxScenario scenario) => scenario.Document["applications"]![0]!["deploymentGroups"]![0]!.AsObject();

    private async Task<int> RunAsync(SandboxScenario scenario, FaultInjector? faults = null, CancellationToken cancellationToken = default)
    {
        _sandbox = await SandboxServer.StartAsync(new SandboxOptions { Scenario = scenario, TimeProvider = _clock, TimeScale = 1, Port = 0 }, CancellationToken.None);
        if (faults is not null)
        {
            _sandbox.SetFaults(faults);
        }

        var awsEnvironment = new Dictionary<string, string>(StringComparer.Ordinal) { ["AWS_ENDPOINT_URL"] = _sandbox.BaseUrl };
        var host = new ActionHost(_environment, _output, _clock, settings =>
        {
            var apis = AwsClients.Create(new AwsClientOptions
            {
                Region = settings.Region,
                Credentials = new BasicAWSCredentials("AKIDSANDBOXEXAMPLE", "sandbox/secret/EXAMPLEKEY0000000000000"),
                Environment = awsEnvironment,
                MaxAttempts = settings.MaxAttempts,
                Time = _clock,
            });
            return new ActionApis(apis.Ecs, apis.CodeDeploy, apis.Ecr, apis);
        });
        return await ActionRunner.RunAsync(host, cancellationToken);
    }

    private async Task<List<(string Operation, JsonNode? Body)>> RequestsAsync()
    {
        using var http = new HttpClient();
        var log = JsonNode.Parse(await http.GetStringAsync(new Uri(Sandbox.BaseUrl + "/_sandbox/requests")))!;
        return [.. log["requests"]!.AsArray().Select(r => (r!["operation"]!.GetValue<string>(), r["body"]))];
    }

    private string Outputs => File.ReadAllText(_workspace.File("output.txt"));

    [Fact]
    public async Task Deploy_AllAtOnce_Succeeds()
    {
        _environment["INPUT_CODEDEPLOY-DEPLOYMENT-CONFIG"] = "CodeDeployDefault.ECSAllAtOnce";

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
        var traffic = Log.Split('\n').Where(l => l.StartsWith("Traffic:", StringComparison.Ordinal)).ToList();
        Assert.Contains("Traffic: blue 90% / green 10%", traffic);
        Assert.Equal("Traffic: blue 0% / green 100%", traffic[^1]);
        Assert.Equal(traffic.Count, traffic.Distinct().Count());
        Assert.Contains("the termination wait started", Log, StringComparison.Ordinal);
        Assert.Single(Log.Split('\n'), l => l.StartsWith("AllowTraffic: Succeeded", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Deploy_Linear_ShiftsInSteps()
    {
        _environment["INPUT_CODEDEPLOY-DEPLOYMENT-CONFIG"] = "CodeDeployDefault.ECSLinear10PercentEvery1Minutes";
        _environment["INPUT_POLL-INTERVAL"] = "15";

        var exit = await RunAsync(Scenario("canary-success.yaml"));

        Assert.True(exit == ExitCodes.Succeeded, Log);
        Assert.True(Log.Split('\n').Count(l => l.StartsWith("Traffic:", StringComparison.Ordinal)) >= 5, Log);
    }

    [Fact]
    public async Task Deploy_WaitUntilReady_StopsAtReadyWait()
    {
        var scenario = Scenario("canary-success.yaml");
        Group(scenario)["readyWait"] = new JsonObject { ["action"] = "STOP_DEPLOYMENT", ["minutes"] = 60 };
        _environment["INPUT_WAIT-UNTIL"] = "ready";

        var exit = await RunAsync(scenario);

        Assert.True(exit == ExitCodes.Succeeded, Log);
        Assert.Contains("is ready; production traffic has not moved yet", Log, StringComparison.Ordinal);
        Assert.Contains("\nReady\n", Outputs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_WaitUntilReadyWithoutReadyWait_SaysToChangeTheGroup()
    {
        _environment["INPUT_WAIT-UNTIL"] = "ready";

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
        _environment["INPUT_WAIT-UNTIL"] = "traffic-shifted";

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
        var error = Assert.Single(Log.Split('\n'), l => l.StartsWith("::error", StringComparison.Ordinal));
        Assert.StartsWith("::error title=Deployment rolled back::", error, StringComparison.Ordinal);
        Assert.Contains("AfterAllowTestTraffic failed (ScriptFailed)", error, StringComparison.Ordinal);
        Assert.Contains("succeeded; the service runs the previous revision again", error, StringComparison.Ordinal);
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
        _environment["INPUT_WAIT-FOR-MINUTES"] = "1";

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
        using var cancellation = new CancellationTokenSource();
        var start = _clock.GetUtcNow();
        _clock.Advanced = now =>
        {
            if (now - start > TimeSpan.FromMinutes(2))
            {
                cancellation.Cancel();
            }
        };

        var exit = await RunAsync(Scenario("canary-success.yaml"), cancellationToken: cancellation.Token);

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
        var definition = JsonNode.Parse(File.ReadAllText(_workspace.File("taskdef.json")))!.AsObject();
        definition["futureFeature"] = new JsonObject { ["mode"] = "on", ["level"] = 3 };
        File.WriteAllText(_workspace.File("taskdef.json"), definition.ToJsonString());

        await RunAsync(Scenario("canary-success.yaml"));

        var register = Assert.Single(await RequestsAsync(), r => r.Operation == "RegisterTaskDefinition");
        Assert.True(JsonNode.DeepEquals(definition["futureFeature"], register.Body!["futureFeature"]), register.Body!.ToJsonString());
    }
}
