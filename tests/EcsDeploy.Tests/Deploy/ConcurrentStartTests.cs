using EcsDeploy.Aws;
using EcsDeploy.Aws.CodeDeploy;
using EcsDeploy.Aws.Ecs;
using EcsDeploy.Deploy;
using EcsDeploy.Tests.EcsController;
using EcsDeploy.Tests.Integration;
using EcsDeploy.Tests.Support;

namespace EcsDeploy.Tests.Deploy;

/// <summary>
/// The start of a deploy on both controllers: the reads after DescribeServices run at once, yet the job log, summary,
/// outputs and rendered file read as if they ran in turn, and errors surface in that order.
/// </summary>
public sealed class ConcurrentStartTests : IDisposable
{
    private const string ReadFromFile = "Task definition read from taskdef.json.";

    private readonly TempDirectory _workspace = new();
    private readonly ScriptedEcs _ecs = new();
    private readonly ScriptedCodeDeploy _codeDeploy = new();
    private readonly StringWriter _output = new();
    private readonly VirtualClock _clock = new();
    private readonly Dictionary<string, string> _environment;

    public ConcurrentStartTests()
    {
        File.WriteAllText(_workspace.File("taskdef.json"), """{"family":"web","containerDefinitions":[{"name":"web","image":"nginx:1.27"}]}""");
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

    private string Summary => File.Exists(_workspace.File("summary.md")) ? File.ReadAllText(_workspace.File("summary.md")) : "";

    private Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        var host = new ActionHost(_environment, _output, _clock, _ => new ActionApis(_ecs, _codeDeploy, _ecs) { EcsDeployments = _ecs });
        return ActionRunner.RunAsync(host, cancellationToken);
    }

    private ArrivalGate Gate(params string[] calls)
    {
        var gate = new ArrivalGate(calls);
        _ecs.Arriving = gate.ArriveAsync;
        _codeDeploy.Arriving = gate.ArriveAsync;
        return gate;
    }

    private void UseCodeDeploy()
    {
        _ecs.Service = _ecs.Service with
        {
            DeploymentController = new DeploymentController("CODE_DEPLOY"),
            LoadBalancers = [new EcsLoadBalancer { ContainerName = "web", ContainerPort = 80 }],
        };
        _codeDeploy.Then(new DeploymentInfo { DeploymentId = "d-1", Status = "Succeeded" });
    }

    private static AwsServiceException Denied(string service, string operation) =>
        new(service, operation, "AccessDeniedException", $"User is not authorized to perform: {service}:{operation}", null, 400);

    // Nothing of the preparation reached the log, the summary, the outputs or the workspace, and nothing was written to AWS.
    private void AssertNothingOfThePreparation()
    {
        Assert.DoesNotContain(ReadFromFile, Log, StringComparison.Ordinal);
        Assert.DoesNotContain("Task definition changes", Log, StringComparison.Ordinal);
        Assert.DoesNotContain("### Task definition", Summary, StringComparison.Ordinal);
        Assert.DoesNotContain("rendered-task-definition", Outputs, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_workspace.Path, ".ecs-deploy", "web.json")));
        Assert.DoesNotContain("RegisterTaskDefinition", _ecs.Calls);
        Assert.DoesNotContain("UpdateService", _ecs.Calls);
        Assert.DoesNotContain("CreateDeployment", _codeDeploy.Calls);
    }

    private void AssertInOrder(params string[] parts)
    {
        var at = parts.Select(p => Log.IndexOf(p, StringComparison.Ordinal)).ToArray();
        Assert.True(at.All(i => i >= 0) && at.SequenceEqual(at.Order()), $"Expected in this order: {string.Join(" | ", parts)}\n{Log}");
    }

    [Fact]
    public async Task Deploy_Ecs_InProgressCheckAndPreparation_ReadAtOnceAndPrintedInTurn()
    {
        Gate("ListServiceDeployments", "DescribeTaskDefinition");
        _ecs.Then(ScriptedEcs.Deployment("SUCCESSFUL", "CLEAN_UP", 100, running: 2, oldRunning: 0));

        var exit = await RunAsync();

        Assert.True(exit == ExitCodes.Succeeded, Log);
        AssertInOrder("Deploying web (new revision from taskdef.json)", ReadFromFile, "::group::Task definition changes from " + ScriptedEcs.OldTaskDefinition, "Registered task definition");
        var calls = _ecs.Calls.ToList();
        Assert.True(calls.IndexOf("RegisterTaskDefinition") > calls.IndexOf("ListServiceDeployments") && calls.IndexOf("RegisterTaskDefinition") > calls.IndexOf("DescribeTaskDefinition"), string.Join(", ", calls));
        Assert.Contains("rendered-task-definition", Outputs, StringComparison.Ordinal);
        Assert.Contains("### Task definition", Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_Ecs_InProgressCheckAndPreparationBothFail_OnlyTheCheckErrorIsShown()
    {
        Gate("ListServiceDeployments", "DescribeTaskDefinition");
        // Not AccessDenied, which reads as "service deployments unavailable here" and skips the check.
        _ecs.ListFails = () => new AwsServiceException("ecs", "ListServiceDeployments", "ServerException", "Service unavailable.", null, 500);
        _ecs.DescribeTaskDefinitionFails = () => Denied("ecs", "DescribeTaskDefinition");

        Assert.Equal(ExitCodes.SetupFailed, await RunAsync());
        Assert.Contains("Checking for deployments in progress on service 'web' (ListServiceDeployments) failed (ServerException)", Log, StringComparison.Ordinal);
        Assert.Single(Log.Split('\n'), l => l.StartsWith("::error", StringComparison.Ordinal));
        Assert.DoesNotContain("Reading task definition", Log, StringComparison.Ordinal);
        AssertNothingOfThePreparation();
    }

    [Fact]
    public async Task Deploy_Ecs_InProgressFail_PreparationPrintsAndWritesNothing()
    {
        Gate("ListServiceDeployments", "DescribeTaskDefinition");
        _environment["INPUT_IF-DEPLOYMENT-IN-PROGRESS"] = "fail";
        _ecs.Listed.Add(new ServiceDeploymentBrief { ServiceDeploymentArn = "arn:aws:ecs:us-east-1:111122223333:service-deployment/default/web/sd-0", Status = "IN_PROGRESS", CreatedAt = _clock.GetUtcNow().AddMinutes(-3) });

        Assert.Equal(ExitCodes.SetupFailed, await RunAsync());
        Assert.Contains("Service 'web' already runs service deployment sd-0", Log, StringComparison.Ordinal);
        Assert.Contains("DescribeTaskDefinition", _ecs.Calls);
        AssertNothingOfThePreparation();
    }

    [Fact]
    public async Task Deploy_Ecs_WaitedForADeploymentInProgress_PreparesAgainAfterItAndPrintsOnce()
    {
        _ecs.Listed.Add(new ServiceDeploymentBrief { ServiceDeploymentArn = "arn:aws:ecs:us-east-1:111122223333:service-deployment/default/web/sd-0", Status = "IN_PROGRESS", CreatedAt = _clock.GetUtcNow().AddMinutes(-3) });
        _ecs.BeforeDescribeDeployment = () => _ecs.Listed.RemoveAll(d => d.ServiceDeploymentArn.EndsWith("/sd-0", StringComparison.Ordinal));
        _ecs.Then(ScriptedEcs.Deployment("SUCCESSFUL", "CLEAN_UP", 100, running: 2, oldRunning: 0));

        var exit = await RunAsync();

        Assert.True(exit == ExitCodes.Succeeded, Log);
        Assert.Equal(2, _ecs.Calls.Count(c => c == "DescribeTaskDefinition"));
        Assert.Single(Log.Split('\n'), l => l == ReadFromFile);
        AssertInOrder("following it to its end before deploying", "Service deployment sd-0 ended", "Deploying web (new revision from taskdef.json)", ReadFromFile, "Registered task definition");
    }

    [Fact]
    public async Task Deploy_Ecs_CancelledDuringTheReads_CancelledWithNothingStarted()
    {
        using var run = new CancellationTokenSource();
        Gate("ListServiceDeployments", "DescribeTaskDefinition").OnAllArrived = run.Cancel;

        Assert.Equal(ExitCodes.Cancelled, await RunAsync(run.Token));
        Assert.Contains("The run was cancelled while waiting for the service's deployment in progress. No deployment was started.", Log, StringComparison.Ordinal);
        AssertNothingOfThePreparation();
    }

    [Fact]
    public async Task Deploy_Ecs_CancelledWhilePreparingAfterTheCheckPassed_CancelledBeforeADeployment()
    {
        using var run = new CancellationTokenSource();
        _ecs.Arriving = async (call, ct) =>
        {
            if (call == "DescribeTaskDefinition")
            {
                await run.CancelAsync();
                ct.ThrowIfCancellationRequested();
            }
        };

        Assert.Equal(ExitCodes.Cancelled, await RunAsync(run.Token));
        Assert.Contains("The run was cancelled before a deployment was running; nothing to roll back.", Log, StringComparison.Ordinal);
        Assert.DoesNotContain("RegisterTaskDefinition", _ecs.Calls);
        Assert.DoesNotContain("UpdateService", _ecs.Calls);
    }

    [Fact]
    public async Task Deploy_CodeDeploy_InProgressGroupAndPreparation_ReadAtOnceAndPrintedInTurn()
    {
        UseCodeDeploy();
        Gate("ListDeployments", "GetDeploymentGroup", "DescribeTaskDefinition");

        var exit = await RunAsync();

        Assert.True(exit == ExitCodes.Succeeded, Log);
        AssertInOrder("Deploying web (new revision from taskdef.json) to service web in cluster default with CodeDeploy", ReadFromFile, "::group::Task definition changes from " + ScriptedEcs.OldTaskDefinition, "Registered task definition", "Created deployment d-1");
        Assert.Contains("rendered-task-definition", Outputs, StringComparison.Ordinal);
        Assert.Contains("CreateDeployment", _codeDeploy.Calls);
    }

    [Fact]
    public async Task Deploy_CodeDeploy_AllThreeReadsFail_TheInProgressCheckErrorIsShown()
    {
        UseCodeDeploy();
        Gate("ListDeployments", "GetDeploymentGroup", "DescribeTaskDefinition");
        _codeDeploy.ListFails = () => Denied("codedeploy", "ListDeployments");
        _codeDeploy.GroupFails = () => new AwsServiceException("codedeploy", "GetDeploymentGroup", "DeploymentGroupDoesNotExistException", "No Deployment Group found", null, 400);
        _ecs.DescribeTaskDefinitionFails = () => Denied("ecs", "DescribeTaskDefinition");

        Assert.Equal(ExitCodes.SetupFailed, await RunAsync());
        Assert.Contains("Checking for deployments in progress in 'AppECS-default-web/DgpECS-default-web' (ListDeployments) failed (AccessDeniedException)", Log, StringComparison.Ordinal);
        Assert.Single(Log.Split('\n'), l => l.StartsWith("::error", StringComparison.Ordinal));
        Assert.DoesNotContain("does not exist", Log, StringComparison.Ordinal);
        Assert.DoesNotContain("Reading task definition", Log, StringComparison.Ordinal);
        AssertNothingOfThePreparation();
    }

    [Fact]
    public async Task Deploy_CodeDeploy_GroupAndPreparationFail_TheGroupProblemIsShownAndNothingOfThePreparation()
    {
        UseCodeDeploy();
        Gate("ListDeployments", "GetDeploymentGroup", "DescribeTaskDefinition");
        _codeDeploy.GroupFails = () => new AwsServiceException("codedeploy", "GetDeploymentGroup", "DeploymentGroupDoesNotExistException", "No Deployment Group found", null, 400);
        _ecs.DescribeTaskDefinitionFails = () => Denied("ecs", "DescribeTaskDefinition");

        Assert.Equal(ExitCodes.SetupFailed, await RunAsync());
        Assert.Contains("CodeDeploy deployment group 'DgpECS-default-web' does not exist in application 'AppECS-default-web'", Log, StringComparison.Ordinal);
        Assert.Single(Log.Split('\n'), l => l.StartsWith("::error", StringComparison.Ordinal));
        Assert.DoesNotContain("Reading task definition", Log, StringComparison.Ordinal);
        Assert.DoesNotContain("Deploying web", Log, StringComparison.Ordinal);
        AssertNothingOfThePreparation();
    }

    [Fact]
    public async Task Deploy_CodeDeploy_OnlyThePreparationFails_ItsErrorFollowsTheHeaderAsBefore()
    {
        UseCodeDeploy();
        Gate("ListDeployments", "GetDeploymentGroup", "DescribeTaskDefinition");
        _ecs.DescribeTaskDefinitionFails = () => Denied("ecs", "DescribeTaskDefinition");

        Assert.Equal(ExitCodes.SetupFailed, await RunAsync());
        AssertInOrder("Deploying web (new revision from taskdef.json)", ReadFromFile, $"Reading task definition '{ScriptedEcs.OldTaskDefinition}' (the service's current task definition) failed (AccessDeniedException)");
        Assert.DoesNotContain("RegisterTaskDefinition", _ecs.Calls);
        Assert.DoesNotContain("CreateDeployment", _codeDeploy.Calls);
    }

    [Fact]
    public async Task Deploy_CodeDeploy_CancelledDuringTheReads_CancelledWithNothingStarted()
    {
        UseCodeDeploy();
        using var run = new CancellationTokenSource();
        Gate("ListDeployments", "GetDeploymentGroup", "DescribeTaskDefinition").OnAllArrived = run.Cancel;

        Assert.Equal(ExitCodes.Cancelled, await RunAsync(run.Token));
        Assert.Contains("No deployment was started.", Log, StringComparison.Ordinal);
        Assert.Single(Log.Split('\n'), l => l.StartsWith("::error", StringComparison.Ordinal));
        AssertNothingOfThePreparation();
    }
}
