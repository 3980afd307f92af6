using System.Text.Json.Nodes;
using Amazon.Runtime;
using EcsDeploy.Aws;
using EcsDeploy.Deploy;
using EcsDeploy.Tests.Integration;

namespace EcsDeploy.Tests.EcsController;

/// <summary>The whole action against the sandbox's ECS-controller services, over real HTTP, on a virtual clock.</summary>
public sealed class EcsDeployAgainstSandboxTests : SandboxActionTest
{
    protected override IReadOnlyDictionary<string, string> ExtraVariables => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["INPUT_TASK-DEFINITION"] = "taskdef.json",
        ["INPUT_POLL-INTERVAL"] = "15",
    };

    private async Task<int> RunScenarioAsync(string name, CancellationToken cancellationToken = default) =>
        await RunAsync(SandboxAction.Scenario(name), cancellationToken: cancellationToken);

    private async Task<List<string>> OperationsAsync() => [.. (await RequestsAsync()).Select(r => r.Operation)];

    [Fact]
    public async Task Deploy_RollingSuccess_OneUpdateServiceAndSuccessful()
    {
        var exit = await RunScenarioAsync("ecs-rolling.yaml");

        Assert.True(exit == ExitCodes.Succeeded, Log);
        Assert.Single(await OperationsAsync(), o => o == "UpdateService");
        Assert.Contains("Service deployment ", Log, StringComparison.Ordinal);
        Assert.Contains(": SUCCESSFUL", Log, StringComparison.Ordinal);
        Assert.Contains("Event: ", Log, StringComparison.Ordinal);
        Assert.Contains("SUCCESSFUL", Outputs, StringComparison.Ordinal);
        Assert.DoesNotContain("CodeDeploy", string.Join(' ', await OperationsAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_RollingCircuitBreaker_RolledBackWithTheStoppedTasksReason()
    {
        var exit = await RunScenarioAsync("ecs-rolling-circuit-breaker.yaml");

        Assert.True(exit == ExitCodes.DeploymentFailed, Log);
        var error = SandboxAction.SingleError(Log);
        Assert.Contains("title=Deployment rolled back", error, StringComparison.Ordinal);
        Assert.Contains("CannotPullContainerError", error, StringComparison.Ordinal);
        Assert.Contains("Stopped task ", Log, StringComparison.Ordinal);
        Assert.Contains("Circuit breaker: ", Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_BlueGreen_SucceedsOnlyAfterTheBakeTime()
    {
        var exit = await RunScenarioAsync("ecs-blue-green.yaml");

        Assert.True(exit == ExitCodes.Succeeded, Log);
        var lines = Log.Split('\n');
        var bake = Array.FindIndex(lines, l => l.Contains("Stage: BAKE_TIME", StringComparison.Ordinal));
        var success = Array.FindIndex(lines, l => l.Contains(": SUCCESSFUL", StringComparison.Ordinal));
        Assert.True(bake >= 0 && success > bake, Log);
        Assert.Contains("Traffic: production old 0% / new 100%", Log, StringComparison.Ordinal);
        Assert.Contains("Hook ", Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_Linear_PrintsEveryStep()
    {
        var exit = await RunScenarioAsync("ecs-linear.yaml");

        Assert.True(exit == ExitCodes.Succeeded, Log);
        foreach (var weight in new[] { "25%", "50%", "75%", "100%" })
        {
            Assert.Contains($"/ new {weight}", Log, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Deploy_CanaryHookFailure_RollsBackAndFails()
    {
        var exit = await RunScenarioAsync("ecs-canary-hook-failure.yaml");

        Assert.True(exit == ExitCodes.DeploymentFailed, Log);
        Assert.Contains("title=Deployment rolled back", SandboxAction.SingleError(Log), StringComparison.Ordinal);
        Assert.Contains("ROLLBACK_IN_PROGRESS", Log, StringComparison.Ordinal);
        Assert.Contains(": FAILED", Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_PauseHookWithWaitUntilPaused_EndsWithTheHookInTheOutputs()
    {
        Environment["INPUT_WAIT-UNTIL"] = "paused";

        var exit = await RunScenarioAsync("ecs-pause-hook.yaml");

        Assert.True(exit == ExitCodes.Succeeded, Log);
        Assert.Contains("AWAITING_ACTION", Log, StringComparison.Ordinal);
        Assert.Contains("lifecycle-hook-id<<", Outputs, StringComparison.Ordinal);
        Assert.DoesNotContain(await OperationsAsync(), o => o is "StopServiceDeployment" or "ContinueServiceDeployment");
    }

    [Fact]
    public async Task Deploy_CancelledMidShift_StopsThisRunsDeploymentWithRollback()
    {
        var exit = await RunScenarioAsync("ecs-linear.yaml", CancelAfter(TimeSpan.FromMinutes(3)));

        Assert.True(exit == ExitCodes.Cancelled, Log);
        var stop = Assert.Single(await RequestsAsync(), r => r.Operation == "StopServiceDeployment");
        Assert.Equal("ROLLBACK", stop.Body?["stopType"]?.GetValue<string>());
        Assert.Contains("was stopped with rollback", Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_SupersededByAnotherUpdateService_FailsNamingTheReplacement()
    {
        // Another pipeline forces a new deployment of the service two minutes into this run's.
        var start = Clock.GetUtcNow();
        var fired = 0;
        Clock.Advanced = now =>
        {
            if (now - start > TimeSpan.FromMinutes(2) && Interlocked.Exchange(ref fired, 1) == 0)
            {
                using var apis = AwsClients.Create(new AwsClientOptions
                {
                    Region = "us-east-1",
                    Credentials = new BasicAWSCredentials("AKIDSANDBOXEXAMPLE", "sandbox/secret/EXAMPLEKEY0000000000000"),
                    Environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["AWS_ENDPOINT_URL"] = Sandbox.BaseUrl },
                });
                apis.EcsDeployments.UpdateServiceAsync(new JsonObject { ["cluster"] = "prod", ["service"] = "web", ["forceNewDeployment"] = true }, CancellationToken.None).GetAwaiter().GetResult();
            }
        };

        var exit = await RunScenarioAsync("ecs-linear.yaml");

        Assert.True(exit == ExitCodes.DeploymentFailed, Log);
        var error = SandboxAction.SingleError(Log);
        Assert.Contains("title=Deployment superseded", error, StringComparison.Ordinal);
        Assert.Contains("was replaced by ", error, StringComparison.Ordinal);
        Assert.Equal(2, (await OperationsAsync()).Count(o => o == "UpdateService"));
        Assert.DoesNotContain(await OperationsAsync(), o => o == "StopServiceDeployment");
    }

    [Fact]
    public async Task Deploy_WaitUntilStageOnARollingService_RefusedBeforeRegistering()
    {
        Environment["INPUT_WAIT-UNTIL"] = "POST_TEST_TRAFFIC_SHIFT";

        var exit = await RunScenarioAsync("ecs-rolling.yaml");

        Assert.Equal(ExitCodes.SetupFailed, exit);
        Assert.Contains("has no lifecycle stages", SandboxAction.SingleError(Log), StringComparison.Ordinal);
        Assert.DoesNotContain(await OperationsAsync(), o => o is "RegisterTaskDefinition" or "UpdateService");
    }

    [Fact]
    public async Task Deploy_MissingCluster_NamesTheClusterInput()
    {
        Environment["INPUT_CLUSTER"] = "nope";

        var exit = await RunScenarioAsync("ecs-rolling.yaml");

        Assert.Equal(ExitCodes.SetupFailed, exit);
        Assert.Contains("'nope'", SandboxAction.SingleError(Log), StringComparison.Ordinal);
        Assert.Contains("'cluster'", SandboxAction.SingleError(Log), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("wait-until", "BAKING")]
    [InlineData("desired-count", "many")]
    [InlineData("service-managed-ebs-volume", "{not json")]
    [InlineData("propagate-tags", "ALL")]
    public async Task Deploy_BadInput_OneLineAndNoRequest(string input, string value)
    {
        Environment[$"INPUT_{input.ToUpperInvariant()}"] = value;

        var exit = await RunScenarioAsync("ecs-rolling.yaml");

        Assert.Equal(ExitCodes.InvalidInput, exit);
        Assert.Contains($"'{input}' value '{value}'", SandboxAction.SingleError(Log), StringComparison.Ordinal);
        Assert.Empty(await RequestsAsync());
    }
}
