using System.Text.Json.Nodes;
using EcsDeploy.RunTask;
using EcsDeploy.Runtime;
using EcsDeploy.Sandbox.Validation;

namespace EcsDeploy.Tests.Contract;

/// <summary>RunTask, DescribeTasks and StopTask through the real client against the sandbox.</summary>
public sealed class RunTaskContractTests
{
    private static JsonObject Request()
    {
        var reader = new InputReader(new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["INPUT_RUN-TASK-SUBNETS"] = "subnet-0a1b2c3d4e5f60001",
            ["INPUT_RUN-TASK-SECURITY-GROUPS"] = "sg-0a1b2c3d4e5f60001",
            ["INPUT_RUN-TASK-ASSIGN-PUBLIC-IP"] = "ENABLED",
            ["INPUT_RUN-TASK-CONTAINER-OVERRIDES"] = """[{"name":"web","command":["./migrate"],"environment":[{"name":"STEP","value":"1"}]}]""",
            ["INPUT_RUN-TASK-TAGS"] = """[{"key":"purpose","value":"migration"}]""",
            ["INPUT_ENABLE-ECS-MANAGED-TAGS"] = "true",
        });
        var inputs = RunTaskInputs.Parse(reader);
        Assert.Empty(reader.Errors);
        return inputs.ToRequest(ContractSandbox.Cluster, "web:1");
    }

    [Fact]
    public async Task RunTaskAsync_FullRequest_SendsModelValidBodyAndReturnsProvisioningTask()
    {
        await using var sandbox = await ContractSandbox.StartAsync();
        var request = Request();

        var result = await sandbox.Apis.Ecs.RunTaskAsync(request, CancellationToken.None);

        var body = await sandbox.SingleValidRequestAsync("ecs", "RunTask");
        Assert.True(JsonNode.DeepEquals(request, body), body.ToJsonString());
        Assert.Equal("ENABLED", body["networkConfiguration"]!["awsvpcConfiguration"]!["assignPublicIp"]!.GetValue<string>());
        Assert.Equal("FARGATE", body["launchType"]!.GetValue<string>());
        Assert.Empty(result.Failures);
        var task = Assert.Single(result.Tasks);
        Assert.StartsWith($"arn:aws:ecs:us-east-1:{ContractSandbox.Account}:task/prod/", task.TaskArn, StringComparison.Ordinal);
        Assert.Equal(("PROVISIONING", "RUNNING"), (task.LastStatus, task.DesiredStatus));
        Assert.Equal("web", Assert.Single(task.Containers!).Name);
    }

    [Fact]
    public async Task RunTaskAsync_ScenarioFailure_ReturnsFailureNotException()
    {
        await using var sandbox = await ContractSandbox.StartAsync();
        sandbox.Read(w => { w.NextRunTasks.Enqueue(new() { Failure = "RESOURCE:MEMORY", FailureDetail = "no capacity" }); return 0; });

        var result = await sandbox.Apis.Ecs.RunTaskAsync(Request(), CancellationToken.None);

        await sandbox.SingleValidRequestAsync("ecs", "RunTask");
        Assert.Empty(result.Tasks);
        var failure = Assert.Single(result.Failures);
        Assert.Equal(("RESOURCE:MEMORY", "no capacity"), (failure.Reason, failure.Detail));
    }

    [Fact]
    public async Task DescribeTasksAsync_ThroughTheLifecycle_ParsesStatusesAndExitCode()
    {
        await using var sandbox = await ContractSandbox.StartAsync();
        sandbox.Read(w => { w.NextRunTasks.Enqueue(new() { ExitCode = 3, Reason = "migration failed", RunSeconds = 60 }); return 0; });
        var arn = (await sandbox.Apis.Ecs.RunTaskAsync(Request(), CancellationToken.None)).Tasks[0].TaskArn;
        await sandbox.RequestsAsync(clear: true);
        var seen = new List<string?>();
        foreach (var seconds in new[] { 5, 10, 20, 60 })
        {
            seen.Add((await sandbox.Apis.Ecs.DescribeTasksAsync(ContractSandbox.Cluster, [arn], CancellationToken.None)).Tasks[0].LastStatus);
            sandbox.AdvanceSimulated(TimeSpan.FromSeconds(seconds));
        }

        var stopped = await sandbox.Apis.Ecs.DescribeTasksAsync(ContractSandbox.Cluster, [arn], CancellationToken.None);

        Assert.Equal(["PROVISIONING", "PROVISIONING", "PENDING", "RUNNING"], seen);
        var task = Assert.Single(stopped.Tasks);
        Assert.Equal(("STOPPED", "EssentialContainerExited", "Essential container in task exited"), (task.LastStatus, task.StopCode, task.StoppedReason));
        var container = Assert.Single(task.Containers!);
        Assert.Equal((3, "migration failed"), (container.ExitCode, container.Reason));
        var requests = await sandbox.RequestsAsync();
        Assert.All(requests, r => Assert.Empty(ModelValidator.ValidateInput("ecs", "DescribeTasks", r.Body)));
        Assert.Equal(5, requests.Count(r => r.Operation == "DescribeTasks" && r.Status == 200));
    }

    [Fact]
    public async Task StopTaskAsync_RunningTask_StopsWithUserInitiatedAndReason()
    {
        await using var sandbox = await ContractSandbox.StartAsync();
        var arn = (await sandbox.Apis.Ecs.RunTaskAsync(Request(), CancellationToken.None)).Tasks[0].TaskArn;
        sandbox.AdvanceSimulated(TimeSpan.FromSeconds(40));
        await sandbox.RequestsAsync(clear: true);

        var task = await sandbox.Apis.Ecs.StopTaskAsync(ContractSandbox.Cluster, arn, "Stopped by the deploy action: cancelled", CancellationToken.None);

        var body = await sandbox.SingleValidRequestAsync("ecs", "StopTask");
        Assert.Equal((ContractSandbox.Cluster, arn, "Stopped by the deploy action: cancelled"), (body["cluster"]!.GetValue<string>(), body["task"]!.GetValue<string>(), body["reason"]!.GetValue<string>()));
        Assert.Equal(("STOPPED", "STOPPED", "UserInitiated", "Stopped by the deploy action: cancelled"), (task.LastStatus, task.DesiredStatus, task.StopCode, task.StoppedReason));
        Assert.Equal(143, Assert.Single(task.Containers!).ExitCode);
    }
}
