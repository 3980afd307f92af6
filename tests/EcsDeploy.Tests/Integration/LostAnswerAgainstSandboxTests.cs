using EcsDeploy.Deploy;
using EcsDeploy.Sandbox.Faults;
using EcsDeploy.Sandbox.Scenario;

namespace EcsDeploy.Tests.Integration;

/// <summary>Answers lost after the sandbox acted, and a run cancelled while an answer is held: nothing is started twice, nothing is left running.</summary>
public sealed class LostAnswerAgainstSandboxTests : SandboxActionTest
{
    protected override IReadOnlyDictionary<string, string> ExtraVariables => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["INPUT_TASK-DEFINITION"] = "taskdef.json",
        ["INPUT_CODEDEPLOY-DEPLOYMENT-CONFIG"] = "CodeDeployDefault.ECSAllAtOnce",
    };

    private static SandboxScenario Scenario() => SandboxAction.Scenario("canary-success.yaml");

    private void WithRunTask()
    {
        Environment["INPUT_RUN-TASK"] = "true";
        Environment["INPUT_WAIT-FOR-TASK-STOPPED"] = "true";
    }

    private List<string> DeploymentIds()
    {
        lock (Sandbox.World.Gate)
        {
            return [.. Sandbox.World.Deployments.Keys];
        }
    }

    private List<string> OneOffTaskArns()
    {
        lock (Sandbox.World.Gate)
        {
            return [.. Sandbox.World.OneOffTasks.Keys];
        }
    }

    [Fact]
    public async Task CreateDeployment_AnswerLostAfterCreating_FollowsThatDeploymentAndCreatesNoOther()
    {
        using var transport = new FaultTransport().LoseAnswer("CreateDeployment");

        var exit = await RunAsync(Scenario(), transport: transport);

        Assert.True(exit == ExitCodes.Succeeded, Log);
        Assert.Equal(["CreateDeployment"], transport.Faulted);
        var id = Assert.Single(DeploymentIds());
        Assert.Single(await RequestsAsync(), r => r.Operation == "CreateDeployment");
        Assert.Contains($"Found deployment {id}, created by this run", Log, StringComparison.Ordinal);
        Assert.Contains(id, Outputs, StringComparison.Ordinal);
        Assert.Contains("\nSucceeded\n", Outputs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateDeployment_ServerErrorAfterCreating_FollowsThatDeploymentAndCreatesNoOther()
    {
        using var transport = new FaultTransport().ServerErrorAfterActing("CreateDeployment");

        var exit = await RunAsync(Scenario(), transport: transport);

        Assert.True(exit == ExitCodes.Succeeded, Log);
        Assert.Single(DeploymentIds());
        Assert.Single(await RequestsAsync(), r => r.Operation == "CreateDeployment");
        Assert.DoesNotContain("someone else", Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateDeployment_CancelledWhileTheAnswerIsHeld_StopsTheDeploymentItCreated()
    {
        using var cancellation = new CancellationTokenSource();
        using var transport = new FaultTransport().CancelWhileHolding("CreateDeployment", cancellation);

        var exit = await RunAsync(Scenario(), transport: transport, cancellationToken: cancellation.Token);

        Assert.Equal(ExitCodes.Cancelled, exit);
        Assert.Single(await RequestsAsync(), r => r.Operation == "CreateDeployment");
        var stop = Assert.Single(await RequestsAsync(), r => r.Operation == "StopDeployment");
        var created = stop.Body!["deploymentId"]!.GetValue<string>();
        Assert.Contains(created, Outputs, StringComparison.Ordinal);
        // The rollback CodeDeploy starts on the stop is the only other deployment.
        Assert.All(DeploymentIds().Where(d => d != created), d => Assert.Equal(created, Sandbox.World.Deployments[d].RollbackTriggeringDeploymentId));
    }

    [Fact]
    public async Task RunTask_AnswerLostAfterStarting_RetryWithTheSameClientTokenStartsNoSecondTask()
    {
        WithRunTask();
        using var transport = new FaultTransport().LoseAnswer("RunTask");

        var exit = await RunAsync(Scenario(), transport: transport);

        Assert.True(exit == ExitCodes.Succeeded, Log);
        var runs = (await RequestsAsync()).Where(r => r.Operation == "RunTask").Select(r => r.Body!["clientToken"]!.GetValue<string>()).ToList();
        Assert.Equal(2, runs.Count);
        Assert.Single(runs.Distinct());
        var task = Assert.Single(OneOffTaskArns());
        Assert.Contains(task, Outputs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunTask_CancelledWhileTheAnswerIsHeld_StopsTheTaskItStarted()
    {
        WithRunTask();
        using var cancellation = new CancellationTokenSource();
        using var transport = new FaultTransport().CancelWhileHolding("RunTask", cancellation);

        var exit = await RunAsync(Scenario(), transport: transport, cancellationToken: cancellation.Token);

        Assert.Equal(ExitCodes.Cancelled, exit);
        var task = Assert.Single(OneOffTaskArns());
        var stop = Assert.Single(await RequestsAsync(), r => r.Operation == "StopTask");
        Assert.Equal(task, stop.Body!["task"]!.GetValue<string>());
        Assert.Contains("cancelled while the one-off task was starting; the task was stopped", SandboxAction.SingleError(Log), StringComparison.Ordinal);
        Assert.DoesNotContain(await RequestsAsync(), r => r.Operation == "CreateDeployment");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Deploy_ReadsThrottledSixtyPercentWithDefaults_StartsTheDeploymentAndSaysSoOnce(int seed)
    {
        string[] reads = ["DescribeServices", "GetDeploymentGroup", "ListDeployments", "DescribeTaskDefinition", "GetDeployment", "ListDeploymentTargets", "GetDeploymentTarget"];
        var faults = new FaultInjector(seed, reads.Select(r => new FaultRule(r, ThrottleRate: 0.6)));

        var exit = await RunAsync(Scenario(), faults: faults);

        Assert.True(exit == ExitCodes.Succeeded, Log);
        Assert.Single(DeploymentIds());
        Assert.Single(Log.Split('\n'), l => l.StartsWith("AWS is throttling the action's requests", StringComparison.Ordinal));
    }
}
