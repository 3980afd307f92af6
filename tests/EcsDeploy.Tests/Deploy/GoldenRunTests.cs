using EcsDeploy.Aws.CodeDeploy;
using EcsDeploy.Deploy;
using EcsDeploy.Tests.Integration;
using EcsDeploy.Tests.Support;

namespace EcsDeploy.Tests.Deploy;

/// <summary>The job log and step summary of whole runs, compared with golden files (a virtual clock keeps them stable).</summary>
public sealed class GoldenRunTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly string[] Names = ["BeforeInstall", "Install", "AfterInstall", "AllowTestTraffic", "AfterAllowTestTraffic", "BeforeAllowTraffic", "AllowTraffic", "AfterAllowTraffic"];
    private readonly TempDirectory _workspace = new();

    public void Dispose() => _workspace.Dispose();

    private static EcsTarget Target(double? green, params (string Status, int Start, int? End)[] events) => new()
    {
        LifecycleEvents = [.. Names.Select((name, i) => i < events.Length
            ? new LifecycleEvent { LifecycleEventName = name, Status = events[i].Status, StartTime = T0.AddSeconds(events[i].Start), EndTime = events[i].End is { } e ? T0.AddSeconds(e) : null }
            : new LifecycleEvent { LifecycleEventName = name, Status = "Pending" })],
        TaskSetsInfo = green is { } g
            ? [new EcsTaskSetInfo { TaskSetLabel = "Blue", TrafficWeight = 100 - g }, new EcsTaskSetInfo { TaskSetLabel = "Green", TrafficWeight = g }]
            : null,
    };

    private async Task<(string Log, string Summary, int Exit)> RunAsync(ScriptedCodeDeploy codeDeploy)
    {
        File.WriteAllText(_workspace.File("taskdef.json"), """{"family":"web","containerDefinitions":[{"name":"web","image":"nginx"}]}""");
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["GITHUB_WORKSPACE"] = _workspace.Path,
            ["GITHUB_STEP_SUMMARY"] = _workspace.File("summary.md"),
            ["GITHUB_OUTPUT"] = _workspace.File("output.txt"),
            ["INPUT_TASK-DEFINITION"] = "taskdef.json",
            ["INPUT_SERVICE"] = "web",
            ["INPUT_REGION"] = "us-east-1",
            ["INPUT_CODEDEPLOY-DEPLOYMENT-DESCRIPTION"] = "golden run",
        };
        var output = new StringWriter();
        var ecs = new FakeEcs();
        var token = 0;
        var host = new ActionHost(environment, output, new VirtualClock(T0), _ => new ActionApis(ecs, codeDeploy, ecs))
        {
            StopTokens = () => $"stop-token-{++token}",
        };

        var exit = await ActionRunner.RunAsync(host, CancellationToken.None);
        return (output.ToString(), File.ReadAllText(_workspace.File("summary.md")), exit);
    }

    [Fact]
    public async Task RunAsync_Canary_MatchesGoldenLogAndSummary()
    {
        var codeDeploy = new ScriptedCodeDeploy { Group = new DeploymentGroupInfo { DeploymentGroupName = "DgpECS-default-web", BlueGreenDeploymentConfiguration = new BlueGreenDeploymentConfiguration { TerminateBlueInstancesOnDeploymentSuccess = new BlueInstanceTerminationOption("TERMINATE", 5) } } };
        DeploymentInfo D(string status, bool terminationWait = false) => new() { DeploymentId = "d-1", Status = status, InstanceTerminationWaitTimeStarted = terminationWait };
        codeDeploy
            .Then(D("Created"))
            .Then(D("InProgress"), Target(null, ("InProgress", 5, null)))
            .Then(D("InProgress"), Target(0, ("Succeeded", 5, 8), ("InProgress", 8, null)))
            .Then(D("InProgress"), Target(10, ("Succeeded", 5, 8), ("Succeeded", 8, 60), ("Succeeded", 60, 62), ("Succeeded", 62, 63), ("Succeeded", 63, 70), ("Succeeded", 70, 71), ("InProgress", 71, null)))
            .Then(D("InProgress"), Target(10, ("Succeeded", 5, 8), ("Succeeded", 8, 60), ("Succeeded", 60, 62), ("Succeeded", 62, 63), ("Succeeded", 63, 70), ("Succeeded", 70, 71), ("InProgress", 71, null)))
            .Then(D("InProgress", true), Target(100, ("Succeeded", 5, 8), ("Succeeded", 8, 60), ("Succeeded", 60, 62), ("Succeeded", 62, 63), ("Succeeded", 63, 70), ("Succeeded", 70, 71), ("Succeeded", 71, 371), ("Succeeded", 371, 375)))
            .Then(D("Succeeded", true), Target(100, ("Succeeded", 5, 8), ("Succeeded", 8, 60), ("Succeeded", 60, 62), ("Succeeded", 62, 63), ("Succeeded", 63, 70), ("Succeeded", 70, 71), ("Succeeded", 71, 371), ("Succeeded", 371, 375)));

        var (log, summary, exit) = await RunAsync(codeDeploy);

        Assert.Equal(ExitCodes.Succeeded, exit);
        GoldenFile.AssertMatches("canary.log.txt", log);
        GoldenFile.AssertMatches("canary.summary.md", summary);
    }

    [Fact]
    public async Task RunAsync_HookFailureRollback_MatchesGoldenLogAndSummary()
    {
        var codeDeploy = new ScriptedCodeDeploy();
        var diagnostics = new Diagnostics { ErrorCode = "ScriptFailed", Message = "The smoke test returned HTTP 500", LogTail = "GET /health -> 500\n::error::not a command" };
        var failed = Target(0, ("Succeeded", 5, 8), ("Succeeded", 8, 60), ("Succeeded", 60, 62), ("Succeeded", 62, 63), ("Failed", 63, 70));
        failed = failed with { LifecycleEvents = [.. failed.LifecycleEvents!.Select(e => e.Status == "Failed" ? e with { Diagnostics = diagnostics } : e)] };
        codeDeploy
            .Then(new DeploymentInfo { DeploymentId = "d-1", Status = "InProgress" }, Target(0, ("Succeeded", 5, 8), ("InProgress", 8, null)))
            .Then(new DeploymentInfo
            {
                DeploymentId = "d-1",
                Status = "Failed",
                ErrorInformation = new ErrorInformation("HEALTH_CONSTRAINTS", "The deployment failed because a lifecycle hook failed."),
                RollbackInfo = new RollbackInfo("d-2", null, null),
            }, failed);
        codeDeploy.Others["d-2"] = new DeploymentInfo { DeploymentId = "d-2", Status = "Succeeded" };

        var (log, summary, exit) = await RunAsync(codeDeploy);

        Assert.Equal(ExitCodes.DeploymentFailed, exit);
        GoldenFile.AssertMatches("rollback.log.txt", log);
        GoldenFile.AssertMatches("rollback.summary.md", summary);
    }
}
