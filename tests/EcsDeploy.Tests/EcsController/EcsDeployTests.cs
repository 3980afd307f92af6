using EcsDeploy.Aws;
using EcsDeploy.Aws.Ecs;
using EcsDeploy.Tests.Deploy;
using EcsDeploy.Tests.Integration;
using EcsDeploy.Tests.Support;

namespace EcsDeploy.Tests.EcsController;

/// <summary>The ECS path of a deploy, end to end through ActionRunner, with a scripted ECS.</summary>
public sealed class EcsDeployTests : IDisposable
{
    private readonly TempDirectory _workspace = new();
    private readonly ScriptedEcs _ecs = new();
    private readonly ScriptedCodeDeploy _codeDeploy = new();
    private readonly StringWriter _output = new();
    private readonly VirtualClock _clock = new();
    private readonly Dictionary<string, string> _environment;

    public EcsDeployTests()
    {
        File.WriteAllText(_workspace.File("taskdef.json"), """{"family":"web","containerDefinitions":[{"name":"web","image":"nginx"}]}""");
        _environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["GITHUB_ACTIONS"] = "true",
            ["GITHUB_WORKSPACE"] = _workspace.Path,
            ["GITHUB_OUTPUT"] = _workspace.File("output.txt"),
            ["GITHUB_STEP_SUMMARY"] = _workspace.File("summary.md"),
            ["INPUT_TASK-DEFINITION"] = "taskdef.json",
            ["INPUT_SERVICE"] = "web",
            ["INPUT_REGION"] = "us-east-1",
        };
        _ecs.Service = _ecs.Service with { DeploymentConfiguration = new EcsDeploymentConfiguration { Strategy = "BLUE_GREEN", BakeTimeInMinutes = 5 } };
        // ECS lists the deployment UpdateService started, targeting the new revision.
        _ecs.OnUpdate = request =>
        {
            _ecs.Listed.Insert(0, new ServiceDeploymentBrief { ServiceDeploymentArn = ScriptedEcs.Arn, CreatedAt = _clock.GetUtcNow(), TargetServiceRevisionArn = "arn:aws:ecs:us-east-1:111122223333:service-revision/default/web/new", Status = "PENDING" });
            return _ecs.Service with { TaskDefinition = request["taskDefinition"]!.GetValue<string>() };
        };
    }

    public void Dispose() => _workspace.Dispose();

    private string Log => _output.ToString();

    private string Outputs => File.Exists(_workspace.File("output.txt")) ? File.ReadAllText(_workspace.File("output.txt")) : "";

    private Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        var host = new ActionHost(_environment, _output, _clock, _ => new ActionApis(_ecs, _codeDeploy, _ecs) { EcsDeployments = _ecs });
        return ActionRunner.RunAsync(host, cancellationToken);
    }

    [Fact]
    public async Task Deploy_BlueGreenSuccess_OneUpdateServiceWithTheServiceInputsAndOutputs()
    {
        _environment["INPUT_DESIRED-COUNT"] = "3";
        _environment["INPUT_FORCE-NEW-DEPLOYMENT"] = "true";
        _environment["INPUT_PROPAGATE-TAGS"] = "SERVICE";
        _environment["INPUT_ENABLE-ECS-MANAGED-TAGS"] = "true";
        _environment["INPUT_SERVICE-MANAGED-EBS-VOLUME-NAME"] = "data";
        _environment["INPUT_SERVICE-MANAGED-EBS-VOLUME"] = """{"roleArn":"arn:aws:iam::111122223333:role/ebs","sizeInGiB":20}""";
        _ecs.Then(ScriptedEcs.Deployment("IN_PROGRESS", "BAKE_TIME", 100, running: 2))
            .Then(ScriptedEcs.Deployment("SUCCESSFUL", "CLEAN_UP", 100, running: 2, oldRunning: 0));

        var exit = await RunAsync();

        Assert.True(exit == 0, Log);
        var update = Assert.Single(_ecs.Updates);
        Assert.Equal("""{"cluster":"default","service":"web","taskDefinition":"arn:aws:ecs:us-east-1:111122223333:task-definition/web:8","desiredCount":3,"forceNewDeployment":true,"enableECSManagedTags":true,"propagateTags":"SERVICE","volumeConfigurations":[{"name":"data","managedEBSVolume":{"roleArn":"arn:aws:iam::111122223333:role/ebs","sizeInGiB":20}}]}""", update.ToJsonString());
        Assert.DoesNotContain("has no effect", Log, StringComparison.Ordinal);
        Assert.Empty(_codeDeploy.Calls);
        Assert.Contains("with the ECS deployment controller (BLUE_GREEN, bake time 5 min); waiting until deployed, up to 35 min", Log, StringComparison.Ordinal);
        Assert.Contains($"service-deployment-arn<<", Outputs, StringComparison.Ordinal);
        Assert.Contains(ScriptedEcs.Arn, Outputs, StringComparison.Ordinal);
        Assert.Contains("SUCCESSFUL", Outputs, StringComparison.Ordinal);
        Assert.Contains("Service deployment sd-1 succeeded: service web in cluster default runs arn:aws:ecs:us-east-1:111122223333:task-definition/web:8", Log, StringComparison.Ordinal);
        Assert.Contains("#### Lifecycle stages", File.ReadAllText(_workspace.File("summary.md")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_UpdateServiceAnswerLost_LooksAndNeverSendsItTwice()
    {
        _ecs.UpdateAnswersLost.Enqueue(new AwsServiceException("ecs", "UpdateService", "InternalFailure", "oops", null, 503));
        var baseUpdate = _ecs.OnUpdate!;
        _ecs.OnUpdate = request => baseUpdate(request) with
        {
            Deployments = [new EcsServiceDeploymentEntry { Id = "ecs-svc/2", Status = "PRIMARY", TaskDefinition = ScriptedEcs.NewTaskDefinition, CreatedAt = _clock.GetUtcNow() }],
        };
        _ecs.Then(ScriptedEcs.Deployment("SUCCESSFUL", "CLEAN_UP", 100, running: 2, oldRunning: 0));

        var exit = await RunAsync();

        Assert.True(exit == 0, Log);
        Assert.Single(_ecs.Updates);
        Assert.Contains("not sending UpdateService again", Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_RolledBack_FailsWithTheCause()
    {
        _ecs.Then(ScriptedEcs.Deployment("IN_PROGRESS", "SCALE_UP", 0, running: 1))
            .Then(ScriptedEcs.Deployment("ROLLBACK_SUCCESSFUL", "CLEAN_UP") with { Rollback = new ServiceDeploymentRollback("Lambda hook failed", null, null) });

        var exit = await RunAsync();

        Assert.Equal(1, exit);
        Assert.Contains("::error title=Deployment rolled back::Service deployment sd-1 was rolled back (Lambda hook failed)", Log, StringComparison.Ordinal);
        Assert.Contains("rolled-back<<", Outputs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_Cancelled_StopsThisRunsDeploymentWithRollback()
    {
        using var cancel = new CancellationTokenSource();
        var polls = 0;
        _ecs.BeforeDescribeDeployment = () =>
        {
            if (++polls == 3)
            {
                cancel.Cancel();
            }
        };
        _ecs.Then(ScriptedEcs.Deployment("IN_PROGRESS", "PRODUCTION_TRAFFIC_SHIFT", 20, running: 2));

        var exit = await RunAsync(cancel.Token);

        Assert.Equal(130, exit);
        Assert.Equal([(ScriptedEcs.Arn, "ROLLBACK")], _ecs.Stops);
        Assert.Contains("was stopped with rollback", Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_TimedOut_StopsWithRollbackAndFollowsIt()
    {
        _environment["INPUT_WAIT-FOR-MINUTES"] = "1";
        _ecs.Service = _ecs.Service with { DeploymentConfiguration = new EcsDeploymentConfiguration { Strategy = "BLUE_GREEN" } };
        _ecs.Then(ScriptedEcs.Deployment("IN_PROGRESS", "BAKE_TIME", 100, running: 2));
        _ecs.OnStop = () => _ecs.Then(ScriptedEcs.Deployment("ROLLBACK_SUCCESSFUL", "CLEAN_UP"));

        var exit = await RunAsync();

        Assert.Equal(3, exit);
        Assert.Equal([(ScriptedEcs.Arn, "ROLLBACK")], _ecs.Stops);
        Assert.Contains("did not finish within 1m 00s and was stopped with rollback. ECS rolled it back", Log, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ROLLING", "POST_TEST_TRAFFIC_SHIFT", "has no lifecycle stages")]
    [InlineData("BLUE_GREEN", "paused", "needs a PAUSE lifecycle hook")]
    [InlineData("BLUE_GREEN", "ready", "applies to CODE_DEPLOY services")]
    public async Task Deploy_WaitUntilThatDoesNotFitTheService_RefusedBeforeRegistering(string strategy, string waitUntil, string expected)
    {
        _ecs.Service = _ecs.Service with { DeploymentConfiguration = new EcsDeploymentConfiguration { Strategy = strategy } };
        _environment["INPUT_WAIT-UNTIL"] = waitUntil;

        Assert.Equal(4, await RunAsync());
        Assert.Contains(expected, Log, StringComparison.Ordinal);
        Assert.DoesNotContain("RegisterTaskDefinition", _ecs.Calls);
        Assert.DoesNotContain("UpdateService", _ecs.Calls);
    }

    [Fact]
    public async Task Deploy_UnknownWaitUntil_InvalidInputBeforeAnyCall()
    {
        _environment["INPUT_WAIT-UNTIL"] = "BAKING";

        Assert.Equal(2, await RunAsync());
        Assert.Contains("Input 'wait-until' value 'BAKING' is not one of deployed, traffic-shifted, ready, paused, RECONCILE_SERVICE", Log, StringComparison.Ordinal);
        Assert.Empty(_ecs.Calls);
    }

    [Fact]
    public async Task Deploy_InProgressFail_NamesTheActiveDeploymentAndRegistersNothing()
    {
        _environment["INPUT_IF-DEPLOYMENT-IN-PROGRESS"] = "fail";
        _ecs.Listed.Add(new ServiceDeploymentBrief { ServiceDeploymentArn = "arn:aws:ecs:us-east-1:111122223333:service-deployment/default/web/sd-0", Status = "IN_PROGRESS", CreatedAt = _clock.GetUtcNow().AddMinutes(-3) });

        Assert.Equal(4, await RunAsync());
        Assert.Contains("Service 'web' already runs service deployment sd-0 (IN_PROGRESS, created 2026-03-02 08:57:00Z)", Log, StringComparison.Ordinal);
        Assert.DoesNotContain("RegisterTaskDefinition", _ecs.Calls);
    }

    [Fact]
    public async Task Deploy_PausedHook_EndsWithTheHookInTheOutputs()
    {
        _environment["INPUT_WAIT-UNTIL"] = "paused";
        _ecs.Service = _ecs.Service with { DeploymentConfiguration = new EcsDeploymentConfiguration { Strategy = "BLUE_GREEN", LifecycleHooks = [new EcsLifecycleHook { TargetType = "PAUSE", LifecycleStages = ["POST_TEST_TRAFFIC_SHIFT"] }] } };
        _ecs.Then(ScriptedEcs.Deployment("IN_PROGRESS", "POST_TEST_TRAFFIC_SHIFT", 0, running: 2) with
        {
            LifecycleHookDetails = [new LifecycleHookDetail { HookId = "hook-7", TargetType = "PAUSE", Status = "AWAITING_ACTION" }],
        });

        var exit = await RunAsync();

        Assert.True(exit == 0, Log);
        Assert.Contains("hook hook-7 awaits action", Log, StringComparison.Ordinal);
        Assert.Contains("hook-7", Outputs, StringComparison.Ordinal);
        Assert.DoesNotContain(_ecs.Calls, c => c.StartsWith("StopServiceDeployment", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Deploy_CodeDeployServiceWithAnEcsWaitUntil_Refused()
    {
        _ecs.Service = _ecs.Service with { DeploymentController = new DeploymentController("CODE_DEPLOY") };
        _environment["INPUT_WAIT-UNTIL"] = "paused";

        Assert.Equal(4, await RunAsync());
        Assert.Contains("Input 'wait-until' value 'paused' applies to services with the ECS deployment controller", Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_NotWaiting_EndsAfterUpdateService()
    {
        _environment["INPUT_WAIT-FOR-SERVICE-STABILITY"] = "false";

        Assert.Equal(0, await RunAsync());
        Assert.Single(_ecs.Updates);
        Assert.DoesNotContain("DescribeServiceDeployments", _ecs.Calls);
        Assert.Contains("Not waiting for the deployment (wait-for-service-stability is false).", Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_ServiceDeploymentsUnavailable_FollowsThePrimaryDeployment()
    {
        _ecs.Service = _ecs.Service with { DeploymentConfiguration = null };
        _ecs.ListFails = () => new AwsServiceException("ecs", "ListServiceDeployments", "UnsupportedFeatureException", "not available in this region", null, 400);
        _ecs.OnUpdate = request => _ecs.Service with
        {
            TaskDefinition = request["taskDefinition"]!.GetValue<string>(),
            Deployments =
            [
                new EcsServiceDeploymentEntry { Id = "ecs-svc/2", Status = "PRIMARY", TaskDefinition = ScriptedEcs.NewTaskDefinition, DesiredCount = 2, RunningCount = 2, RolloutState = "COMPLETED", CreatedAt = _clock.GetUtcNow() },
            ],
        };

        var exit = await RunAsync();

        Assert.True(exit == 0, Log);
        Assert.DoesNotContain("DescribeServiceDeployments", _ecs.Calls);
        Assert.Contains("following the service's deployments[] instead", Log, StringComparison.Ordinal);
        Assert.Contains("Deployment ecs-svc/2 (PRIMARY): rollout COMPLETED", Log, StringComparison.Ordinal);
    }
}
