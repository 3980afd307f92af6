using EcsDeploy.Aws.Ecs;
using EcsDeploy.Runtime;
using EcsDeploy.Tests.Integration;
using EcsDeploy.Tests.Operations;
using EcsDeploy.Tests.Support;

namespace EcsDeploy.Tests.EcsController.Operations;

/// <summary>
/// The whole action run over in-memory fakes on a virtual clock, for ECS-controller service "web" in cluster "prod"
/// (BLUE_GREEN unless changed): the service deployments in <see cref="Deployments"/>, the CodeDeploy fake to prove
/// that path stays untouched.
/// </summary>
internal sealed class EcsOperationHarness : IDisposable
{
    private readonly TempDirectory _workspace = new();

    public EcsOperationHarness(string currentTaskDefinition = "web:3", string strategy = "BLUE_GREEN")
    {
        Deployments = new FakeServiceDeployments(Clock);
        Ecs.Service = new EcsService
        {
            ServiceName = "web",
            ServiceArn = "arn:aws:ecs:us-east-1:111122223333:service/prod/web",
            Status = "ACTIVE",
            TaskDefinition = FakeServiceDeployments.TaskDefinitionArn(currentTaskDefinition),
            DeploymentController = new DeploymentController("ECS"),
            DesiredCount = 2,
            RunningCount = 2,
            DeploymentConfiguration = new EcsDeploymentConfiguration { Strategy = strategy, BakeTimeInMinutes = strategy == "ROLLING" ? null : 5 },
            Events = [new EcsServiceEvent("e2", Clock.GetUtcNow().AddMinutes(-1), "(service web) has reached a steady state."),
                      new EcsServiceEvent("e1", Clock.GetUtcNow().AddMinutes(-3), "(service web) has started 2 tasks: (task 1a2b) (task 3c4d).")],
        };
    }

    public VirtualClock Clock { get; } = new();
    public FakeServiceDeployments Deployments { get; }
    public FakeEcs Ecs { get; } = new();
    public FakeCodeDeploy CodeDeploy { get; } = new();

    public string Log { get; private set; } = "";
    public string Summary { get; private set; } = "";
    public IReadOnlyDictionary<string, string> Outputs { get; private set; } = new Dictionary<string, string>();

    /// <summary>Runs the action with these inputs (service web in cluster prod, poll-interval 15 unless given); returns the exit code.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken, params (string Name, string Value)[] inputs)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["GITHUB_ACTIONS"] = "true",
            ["GITHUB_WORKSPACE"] = _workspace.Path,
            ["GITHUB_OUTPUT"] = _workspace.File("output.txt"),
            ["GITHUB_STEP_SUMMARY"] = _workspace.File("summary.md"),
            ["INPUT_CLUSTER"] = "prod",
            ["INPUT_SERVICE"] = "web",
            ["INPUT_REGION"] = "us-east-1",
            ["INPUT_POLL-INTERVAL"] = "15",
        };
        foreach (var (name, value) in inputs)
        {
            environment[InputReader.VariableName(name)] = value;
        }

        File.WriteAllText(_workspace.File("output.txt"), "");
        File.WriteAllText(_workspace.File("summary.md"), "");
        using var output = new StringWriter { NewLine = "\n" };
        var host = new ActionHost(environment, output, Clock, _ => new ActionApis(Ecs, CodeDeploy, null!) { EcsDeployments = Deployments });
        var exit = await ActionRunner.RunAsync(host, cancellationToken);
        Log = output.ToString();
        Summary = File.ReadAllText(_workspace.File("summary.md"));
        Outputs = RunnerFiles.ParseKeyValueFile(File.ReadAllText(_workspace.File("output.txt")))
            .GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value);
        return exit;
    }

    public Task<int> RunAsync(params (string Name, string Value)[] inputs) => RunAsync(CancellationToken.None, inputs);

    /// <summary>A deployment paused at a PAUSE hook in POST_TEST_TRAFFIC_SHIFT, from web:2 to web:3, with 0% production and 100% test traffic on web:3.</summary>
    public ServiceDeployment AddPaused(string hookId = "hook-smoke")
    {
        Deployments.Add("SUCCESSFUL", "web:2", "web:1");
        return Deployments.Add("IN_PROGRESS", "web:3", "web:2", d => d with
        {
            LifecycleStage = "POST_TEST_TRAFFIC_SHIFT",
            DeploymentConfiguration = Ecs.Service!.DeploymentConfiguration,
            TargetServiceRevision = d.TargetServiceRevision! with { RunningTaskCount = 2, RequestedProductionTrafficWeight = 0, RequestedTestTrafficWeight = 100 },
            SourceServiceRevisions = [d.SourceServiceRevisions![0] with { RequestedProductionTrafficWeight = 100, RequestedTestTrafficWeight = 0 }],
            LifecycleHookDetails = [new LifecycleHookDetail { HookId = hookId, TargetType = "PAUSE", Status = "AWAITING_ACTION", ExpiresAt = Clock.GetUtcNow().AddMinutes(55), TimeoutAction = "ROLLBACK" }],
        });
    }

    public void Dispose() => _workspace.Dispose();
}
