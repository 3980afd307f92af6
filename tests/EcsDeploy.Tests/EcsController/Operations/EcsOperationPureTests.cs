using EcsDeploy.Aws.Ecs;
using EcsDeploy.EcsController.Operations;
using EcsDeploy.Operations;

namespace EcsDeploy.Tests.EcsController.Operations;

/// <summary>Table tests of the pure parts of the ECS operations.</summary>
public sealed class EcsOperationPureTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private static string Td(string familyRevision) => FakeServiceDeployments.TaskDefinitionArn(familyRevision);

    private static ServiceDeploymentBrief Brief(string id, string status, string revision, int minutes = 0) =>
        new() { ServiceDeploymentArn = "sd/" + id, Status = status, TargetServiceRevisionArn = revision, CreatedAt = T0.AddMinutes(minutes) };

    private static readonly Dictionary<string, string> Revisions = new() { ["r1"] = Td("web:1"), ["r2"] = Td("web:2"), ["r3"] = Td("web:3") };

    [Theory]
    [InlineData("web:3", "sd/c")]
    [InlineData("web:2", "sd/b")]
    [InlineData("web:9", null)]
    public void InstallerOf_NewestSuccessfulDeploymentTargetingTheCurrentRevision(string current, string? expected)
    {
        // Newest first: c (web:3) then b (web:2) then a (web:1).
        ServiceDeploymentBrief[] history = [Brief("c", "SUCCESSFUL", "r3"), Brief("b", "SUCCESSFUL", "r2"), Brief("a", "SUCCESSFUL", "r1")];

        Assert.Equal(expected, EcsPreviousRevision.InstallerOf(history, Revisions, Td(current))?.ServiceDeploymentArn);
    }

    [Fact]
    public void InstallerOf_SkipsDeploymentsThatDidNotSucceed()
    {
        ServiceDeploymentBrief[] history = [Brief("c", "ROLLBACK_SUCCESSFUL", "r3"), Brief("b", "SUCCESSFUL", "r3")];

        Assert.Equal("sd/b", EcsPreviousRevision.InstallerOf(history, Revisions, Td("web:3"))?.ServiceDeploymentArn);
    }

    [Fact]
    public void Choose_TakesTheSourceThatServedMost_AndNeverTheCurrentRevision()
    {
        ServiceRevisionSummary[] sources =
        [
            new() { Arn = "r1", RunningTaskCount = 1 },
            new() { Arn = "r2", RunningTaskCount = 3 },
        ];

        Assert.Equal(Td("web:2"), EcsPreviousRevision.Choose(sources, Revisions, Td("web:3")));
        Assert.Equal(Td("web:1"), EcsPreviousRevision.Choose(sources, Revisions, Td("web:2")));
        Assert.Null(EcsPreviousRevision.Choose([], Revisions, Td("web:3")));
    }

    [Theory]
    [InlineData("CONTINUE", "IN_PROGRESS", "POST_TEST_TRAFFIC_SHIFT", "SUCCEEDED", true)]
    [InlineData("CONTINUE", "IN_PROGRESS", "PRODUCTION_TRAFFIC_SHIFT", "AWAITING_ACTION", true)]
    [InlineData("CONTINUE", "IN_PROGRESS", "POST_TEST_TRAFFIC_SHIFT", "AWAITING_ACTION", false)]
    [InlineData("CONTINUE", "SUCCESSFUL", "CLEAN_UP", null, true)]
    [InlineData("ROLLBACK", "ROLLBACK_IN_PROGRESS", "POST_TEST_TRAFFIC_SHIFT", "SUCCEEDED", true)]
    [InlineData("ROLLBACK", "IN_PROGRESS", "POST_TEST_TRAFFIC_SHIFT", "AWAITING_ACTION", false)]
    public void Landed_TellsWhetherAContinueOrRollbackTookEffect(string action, string status, string stage, string? hookStatus, bool expected)
    {
        var before = new ServiceDeployment { Status = "IN_PROGRESS", LifecycleStage = "POST_TEST_TRAFFIC_SHIFT" };
        var now = new ServiceDeployment { Status = status, LifecycleStage = stage };
        var hook = hookStatus is null ? null : new LifecycleHookDetail { HookId = "h", Status = hookStatus };

        Assert.Equal(expected, EcsContinue.Landed(before, now, hook, action));
    }

    [Theory]
    [InlineData(30, null, null, null, null, 30)]
    [InlineData(30, 10, null, null, null, 40)]
    [InlineData(30, 5, 25.0, 2, null, 43)]
    [InlineData(30, 5, null, null, 15, 50)]
    [InlineData(350, 60, null, null, null, 360)]
    public void Timeout_AddsBakeAndStepBakeTimes_CappedAt360(int wait, int? bake, double? stepPercent, int? stepBake, int? canaryBake, int expected)
    {
        var configuration = new EcsDeploymentConfiguration
        {
            BakeTimeInMinutes = bake,
            LinearConfiguration = stepPercent is null ? null : new EcsLinearConfiguration(stepPercent, stepBake),
            CanaryConfiguration = canaryBake is null ? null : new EcsCanaryConfiguration(10, canaryBake),
        };

        Assert.Equal(TimeSpan.FromMinutes(expected), EcsOperationRunner.Timeout(TimeSpan.FromMinutes(wait), configuration));
    }

    [Fact]
    public void InputProblems_NamesEachInputThatMeansNothingToEcs()
    {
        var target = new OperationTarget("prod", "web", "AppECS-prod-web", "DgpECS-prod-web");
        var rollback = new OperationInputs { Command = OperationCommand.Rollback, Target = target, DeploymentConfig = "CodeDeployDefault.ECSAllAtOnce", Description = "x" };
        var stop = new OperationInputs { Command = OperationCommand.Stop, Target = target, RollbackOnStop = false };
        var status = new OperationInputs { Command = OperationCommand.Status, Target = target };

        Assert.Equal(2, EcsOperations.InputProblems(rollback, "web").Count);
        Assert.Contains("'rollback-on-stop'", Assert.Single(EcsOperations.InputProblems(stop, "web")), StringComparison.Ordinal);
        Assert.Empty(EcsOperations.InputProblems(status, "web"));
    }

    [Fact]
    public void Describe_PausedBlueGreen_ListsStageRevisionsWeightsHookMonitorsAndWhatToDo()
    {
        var deployment = new ServiceDeployment
        {
            Status = "IN_PROGRESS",
            LifecycleStage = "POST_TEST_TRAFFIC_SHIFT",
            CreatedAt = T0,
            DeploymentConfiguration = new EcsDeploymentConfiguration { Strategy = "CANARY", BakeTimeInMinutes = 10, CanaryConfiguration = new EcsCanaryConfiguration(10, 5) },
            TargetServiceRevision = new ServiceRevisionSummary { Arn = "r3", RequestedTaskCount = 2, RunningTaskCount = 1, PendingTaskCount = 1, RequestedProductionTrafficWeight = 0, RequestedTestTrafficWeight = 100 },
            SourceServiceRevisions = [new ServiceRevisionSummary { Arn = "r2", RequestedTaskCount = 2, RunningTaskCount = 2, RequestedProductionTrafficWeight = 100 }],
            LifecycleHookDetails = [new LifecycleHookDetail { HookId = "h1", TargetType = "PAUSE", Status = "AWAITING_ACTION", ExpiresAt = T0.AddMinutes(30) }],
            DeploymentCircuitBreaker = new ServiceDeploymentCircuitBreaker("MONITORING", 1, 3),
            Alarms = new ServiceDeploymentAlarms("MONITORING", ["web-5xx", "web-latency"], ["web-5xx"]),
        };

        var lines = EcsStatusCommand.Describe(deployment, Revisions, T0.AddMinutes(10));

        Assert.Equal(
        [
            "Status: IN_PROGRESS",
            "Strategy: CANARY (bake time 10 min, canary 10% for 5 min)",
            "Stage: POST_TEST_TRAFFIC_SHIFT",
            "Created: 2026-03-02 09:00:00Z",
            "Target: web:3: 2 requested, 1 running, 1 pending, production 0%, test 100%",
            "Source: web:2: 2 requested, 2 running, 0 pending, production 100%",
            "Hook h1 (PAUSE): AWAITING_ACTION, expires 2026-03-02 09:30:00Z (in 20m 00s)",
            "Circuit breaker: MONITORING, 1 of 3 failed tasks",
            "Alarms: MONITORING (web-5xx, web-latency), triggered: web-5xx",
            "Paused at hook h1: go on with command 'continue', or go back with command 'rollback'.",
        ], lines);
    }

    [Theory]
    [InlineData("ROLLBACK_SUCCESSFUL", null, "failed and ECS rolled the service back")]
    [InlineData("ROLLBACK_FAILED", null, "its rollback failed too")]
    [InlineData("STOPPED", null, "was stopped (STOPPED)")]
    [InlineData("STOPPED", "arn:aws:ecs:us-east-1:1:service-deployment/prod/web/sd9", "was replaced by service deployment sd9")]
    public void FailureMessage_SaysHowTheDeploymentEnded(string status, string? replacedBy, string expected)
    {
        var followed = new FollowedDeployment("arn:aws:ecs:us-east-1:1:service-deployment/prod/web/sd1", status, false) { ReplacedBy = replacedBy };

        Assert.Contains(expected, EcsFollowing.FailureMessage(followed), StringComparison.Ordinal);
    }
}
