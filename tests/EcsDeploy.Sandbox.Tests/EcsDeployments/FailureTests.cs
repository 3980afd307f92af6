using static EcsDeploy.Sandbox.Tests.EcsDeployments.EcsDeploymentFixture;

namespace EcsDeploy.Sandbox.Tests.EcsDeployments;

// Failures a scenario causes and the rollbacks ECS runs for them, seen through service deployments, services and tasks.
public sealed class FailureTests
{
    [Fact]
    public async Task CircuitBreakerExample_TasksFailToStart_TripsAtThresholdAndRollsBack()
    {
        await using var f = await StartExampleAsync("ecs-rolling-circuit-breaker");
        var arn = (string)(await f.DeployV2Async())["currentServiceDeployment"]!;

        var answers = await f.PollUntilDoneAsync(arn);
        var final = answers[^1];
        var service = await f.ServiceAsync();
        var targetId = "ecs-svc/" + ((string)final["targetServiceRevision"]!["arn"]!).Split('/')[^1];
        var stopped = await f.Client.EcsAsync("ListTasks", new { cluster = "prod", serviceName = "web", startedBy = targetId, desiredStatus = "STOPPED" });
        var running = await f.Client.EcsAsync("ListTasks", new { cluster = "prod", serviceName = "web" });
        var described = await f.Client.EcsAsync("DescribeTasks", new { cluster = "prod", tasks = stopped["taskArns"]!.AsArray().Select(a => (string)a!).ToArray() });

        Assert.Equal(["PENDING", "IN_PROGRESS", "ROLLBACK_REQUESTED", "ROLLBACK_IN_PROGRESS", "ROLLBACK_SUCCESSFUL"], Transitions(answers, d => (string?)d["status"]));
        Assert.Equal("TRIGGERED", (string?)final["deploymentCircuitBreaker"]!["status"]);
        Assert.Equal(3, (int)final["deploymentCircuitBreaker"]!["failureCount"]!);
        Assert.Equal(3, (int)final["deploymentCircuitBreaker"]!["threshold"]!);
        Assert.Equal("ECS deployment circuit breaker: tasks failed to start.", (string?)final["rollback"]!["reason"]);
        Assert.Contains(answers, d => (int?)d["deploymentCircuitBreaker"]?["failureCount"] == 2 && (string?)d["status"] == "IN_PROGRESS");
        Assert.Equal(4, stopped["taskArns"]!.AsArray().Count); // two batches of two; the breaker trips on the third failure
        Assert.All(described["tasks"]!.AsArray(), t =>
        {
            Assert.Equal("STOPPED", (string?)t!["lastStatus"]);
            Assert.Equal("TaskFailedToStart", (string?)t["stopCode"]);
            Assert.StartsWith("CannotPullContainerError", (string?)t["stoppedReason"], StringComparison.Ordinal);
            Assert.Null(t["containers"]![0]!["exitCode"]);
            Assert.Equal(targetId, (string?)t["startedBy"]);
        });
        Assert.Equal(2, running["taskArns"]!.AsArray().Count);
        Assert.Equal(TaskDefinitionV1, (string?)Assert.Single(service["deployments"]!.AsArray())!["taskDefinition"]);
        Assert.Contains(service["events"]!.AsArray(), e => ((string)e!["message"]!).EndsWith("deployment failed: tasks failed to start.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AlarmExample_AlarmAtMinute2_TriggeredAlarmNamedAndRolledBack()
    {
        await using var f = await StartExampleAsync("ecs-alarm-rollback");
        var arn = (string)(await f.DeployV2Async())["currentServiceDeployment"]!;

        var answers = await f.PollUntilDoneAsync(arn);
        var final = answers[^1];

        Assert.Equal("ROLLBACK_SUCCESSFUL", (string?)final["status"]);
        Assert.Equal("TRIGGERED", (string?)final["alarms"]!["status"]);
        Assert.Equal(["web-5xx", "web-latency"], final["alarms"]!["alarmNames"]!.AsArray().Select(n => (string)n!));
        Assert.Equal(["web-5xx"], final["alarms"]!["triggeredAlarmNames"]!.AsArray().Select(n => (string)n!));
        Assert.Equal(120, (double)final["rollback"]!["startedAt"]! - (double)final["startedAt"]!);
        Assert.Contains("web-5xx", (string?)final["rollback"]!["reason"], StringComparison.Ordinal);
        Assert.Equal("MONITORING_COMPLETE", (string?)final["deploymentCircuitBreaker"]!["status"]);
        Assert.Contains(answers, d => (string?)d["alarms"]?["status"] == "MONITORING");
    }

    [Fact]
    public async Task HealthCheckFailures_CountThreshold_StoppedWithElbReasonAndRolledBack()
    {
        var config = """
                          strategy: BLUE_GREEN
                          deploymentCircuitBreaker: { enable: true, rollback: true, thresholdConfiguration: { type: COUNT, value: 2 } }
                """;
        await using var f = await StartAsync(ScenarioYaml(config, "  - { tasksFailHealthChecks: all }"));
        var arn = (string)(await f.DeployV2Async())["currentServiceDeployment"]!;

        var answers = await f.PollUntilDoneAsync(arn);
        var final = answers[^1];
        var stopped = await f.Client.EcsAsync("ListTasks", new { cluster = "prod", desiredStatus = "STOPPED", family = "web" });
        var tasks = (await f.Client.EcsAsync("DescribeTasks", new { cluster = "prod", tasks = stopped["taskArns"]!.AsArray().Select(a => (string)a!).ToArray() }))["tasks"]!.AsArray();

        Assert.Equal("ROLLBACK_SUCCESSFUL", (string?)final["status"]);
        Assert.Equal("ECS deployment circuit breaker: tasks failed health checks.", (string?)final["rollback"]!["reason"]);
        Assert.Equal(2, (int)final["deploymentCircuitBreaker"]!["threshold"]!);
        var failed = tasks.Where(t => (string?)t!["taskDefinitionArn"] == TaskDefinitionV2).ToList();
        Assert.Equal(2, failed.Count);
        Assert.All(failed, t =>
        {
            Assert.Equal("Task failed ELB health checks in (target-group arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/tg-web-green/fedcba9876543210)", (string?)t!["stoppedReason"]);
            Assert.Equal("UNHEALTHY", (string?)t["healthStatus"]);
            Assert.Equal(143, (int)t["containers"]![0]!["exitCode"]!);
        });
        Assert.Equal("SCALE_UP", (string?)answers.First(d => (string?)d["status"] == "ROLLBACK_REQUESTED")["lifecycleStage"]);
        var events = (await f.ServiceAsync())["events"]!.AsArray().Select(e => (string)e!["message"]!).ToList();
        Assert.Equal(2, events.Count(m => m.EndsWith("(port 8080) is unhealthy in (target-group arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/tg-web-green/fedcba9876543210) due to (reason Health checks failed).", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task EssentialContainerExit_WithoutBreakerRollback_StoppedAndFailedRolloutKept()
    {
        var config = """
                          strategy: ROLLING
                          deploymentCircuitBreaker: { enable: true, rollback: false }
                """;
        await using var f = await StartAsync(ScenarioYaml(config, "  - { essentialExitCode: 2, essentialExitReason: 'panic: config missing' }"));
        var arn = (string)(await f.DeployV2Async())["currentServiceDeployment"]!;

        var answers = await f.PollUntilDoneAsync(arn);
        var service = await f.ServiceAsync();
        var stopped = await f.Client.EcsAsync("ListTasks", new { cluster = "prod", serviceName = "web", desiredStatus = "STOPPED" });
        var task = (await f.Client.EcsAsync("DescribeTasks", new { cluster = "prod", tasks = new[] { (string)stopped["taskArns"]![0]! } }))["tasks"]![0]!;

        Assert.Equal("STOPPED", (string?)answers[^1]["status"]);
        Assert.Null(answers[^1]["rollback"]);
        Assert.Equal("TRIGGERED", (string?)answers[^1]["deploymentCircuitBreaker"]!["status"]);
        var primary = service["deployments"]![0]!;
        Assert.Equal("PRIMARY", (string?)primary["status"]);
        Assert.Equal(TaskDefinitionV2, (string?)primary["taskDefinition"]);
        Assert.Equal("FAILED", (string?)primary["rolloutState"]);
        Assert.Equal("ECS deployment circuit breaker: tasks failed to start.", (string?)primary["rolloutStateReason"]);
        Assert.True((int)primary["failedTasks"]! >= 3);
        Assert.Equal("EssentialContainerExited", (string?)task["stopCode"]);
        Assert.Equal("Essential container in task exited", (string?)task["stoppedReason"]);
        Assert.Equal(2, (int)task["containers"]![0]!["exitCode"]!);
        Assert.Equal("panic: config missing", (string?)task["containers"]![0]!["reason"]);
    }

    [Fact]
    public async Task Alarm_RollingWithoutAlarmRollback_StoppedWithAlarmTriggered()
    {
        var config = """
                          strategy: ROLLING
                          alarms: { alarmNames: [web-5xx], enable: true, rollback: false }
                """;
        await using var f = await StartAsync(ScenarioYaml(config, "  - { alarmAtMinute: 0.5 }"));
        var arn = (string)(await f.DeployV2Async())["currentServiceDeployment"]!;

        var answers = await f.PollUntilDoneAsync(arn);
        var final = answers[^1];
        var service = await f.ServiceAsync();

        Assert.Equal("STOPPED", (string?)final["status"]);
        Assert.Equal(35, (double)final["stoppedAt"]! - (double)final["createdAt"]!);
        Assert.Equal("TRIGGERED", (string?)final["alarms"]!["status"]);
        Assert.Equal(["web-5xx"], final["alarms"]!["triggeredAlarmNames"]!.AsArray().Select(n => (string)n!));
        Assert.Equal("DISABLED", (string?)final["deploymentCircuitBreaker"]!["status"]);
        Assert.Equal("FAILED", (string?)service["deployments"]![0]!["rolloutState"]);
    }

    [Theory]
    [InlineData(true, 0)]
    [InlineData(false, 1)]
    public async Task CircuitBreaker_TaskBecomesHealthyAfterAFailure_CountResetUnlessDisabled(bool reset, int countAfterHealthyTask)
    {
        var config = $$"""
                          strategy: ROLLING
                          minimumHealthyPercent: 50
                          maximumPercent: 100
                          deploymentCircuitBreaker: { enable: true, rollback: true, resetOnHealthyTask: {{(reset ? "true" : "false")}} }
                """;
        await using var f = await StartAsync(ScenarioYaml(config, "  - { tasksFailToStart: 1 }"));
        var arn = (string)(await f.DeployV2Async())["currentServiceDeployment"]!;

        f.Wait(50); // the first new task failed to start at 35 s
        var afterFailure = await f.DeploymentAsync(arn);
        f.Wait(50); // the second batch's task has been running since 95 s
        var afterHealthy = await f.DeploymentAsync(arn);
        var answers = await f.PollUntilDoneAsync(arn);

        Assert.Equal(1, (int)afterFailure["deploymentCircuitBreaker"]!["failureCount"]!);
        Assert.Equal(countAfterHealthyTask, (int)afterHealthy["deploymentCircuitBreaker"]!["failureCount"]!);
        Assert.Equal("SUCCESSFUL", (string?)answers[^1]["status"]);
        Assert.Equal(1, (int)(await f.ServiceAsync())["deployments"]![0]!["failedTasks"]!);
    }

    [Fact]
    public async Task RollbackFails_SourceTasksCannotStart_RollbackFailed()
    {
        var config = """
                          strategy: ROLLING
                          minimumHealthyPercent: 50
                          maximumPercent: 100
                          deploymentCircuitBreaker: { enable: true, rollback: true, thresholdConfiguration: { type: COUNT, value: 1 } }
                """;
        await using var f = await StartAsync(ScenarioYaml(config, "  - { tasksFailHealthChecks: all, rollbackFails: true }"));
        var arn = (string)(await f.DeployV2Async())["currentServiceDeployment"]!;

        var answers = await f.PollUntilDoneAsync(arn);

        Assert.Equal(["PENDING", "IN_PROGRESS", "ROLLBACK_REQUESTED", "ROLLBACK_IN_PROGRESS", "ROLLBACK_FAILED"], Transitions(answers, d => (string?)d["status"]));
        Assert.NotNull(answers[^1]["finishedAt"]);
    }
}
