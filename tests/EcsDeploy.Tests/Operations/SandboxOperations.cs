using System.Globalization;
using Amazon.Runtime;
using EcsDeploy.Aws;
using EcsDeploy.Aws.CodeDeploy;
using EcsDeploy.CodeDeploy;
using EcsDeploy.Operations;
using EcsDeploy.Runtime;
using EcsDeploy.Sandbox.Hosting;
using EcsDeploy.Sandbox.Scenario;
using EcsDeploy.Tests.Integration;
using EcsDeploy.Tests.Support;

namespace EcsDeploy.Tests.Operations;

/// <summary>
/// The sandbox in process on a virtual clock, with service "web" in cluster "prod" on web:1 (web:2 and web:3 are
/// registered too) and its group, plus the action run against it over real HTTP.
/// </summary>
internal sealed class SandboxOperations : IAsyncDisposable
{
    private const string AccessKey = "AKIDSANDBOXEXAMPLE";
    private const string SecretKey = "sandbox/secret/EXAMPLEKEY0000000000000";
    private readonly TempDirectory _workspace = new();
    private CancellationTokenSource _cancellation = new();

    private SandboxOperations(VirtualClock clock, SandboxServer server, AwsApis apis)
    {
        Clock = clock;
        Server = server;
        Apis = apis;
    }

    public VirtualClock Clock { get; }
    public SandboxServer Server { get; }
    public AwsApis Apis { get; }

    /// <summary>The job log of the last <see cref="RunAsync"/>.</summary>
    public string Log { get; private set; } = "";

    /// <summary>The step summary the last <see cref="RunAsync"/> wrote.</summary>
    public string Summary { get; private set; } = "";

    /// <summary>The step outputs of the last <see cref="RunAsync"/>.</summary>
    public IReadOnlyDictionary<string, string> Outputs { get; private set; } = new Dictionary<string, string>();

    public static OperationTarget Target => OperationFixture.Target;

    public static string Arn(int revision) => $"arn:aws:ecs:us-east-1:111122223333:task-definition/web:{revision}";

    /// <summary>Starts the sandbox; <paramref name="readyWait"/> holds deployments at READY_WAIT until ContinueDeployment.</summary>
    public static async Task<SandboxOperations> StartAsync(bool readyWait = false, int terminationWaitMinutes = 0, string deployments = "", HttpMessageHandler? transport = null)
    {
        var clock = new VirtualClock();
        var scenario = SandboxScenario.Parse(Scenario(readyWait, terminationWaitMinutes, deployments));
        var server = await SandboxServer.StartAsync(new SandboxOptions { Scenario = scenario, TimeProvider = clock, TimeScale = 1, Port = 0 });
        var apis = AwsClients.Create(new AwsClientOptions
        {
            Region = "us-east-1",
            Credentials = new BasicAWSCredentials(AccessKey, SecretKey),
            Environment = new Dictionary<string, string> { ["AWS_ENDPOINT_URL"] = server.BaseUrl },
            MaxAttempts = 1,
            Time = clock,
            InnerHandler = transport,
        });
        return new SandboxOperations(clock, server, apis);
    }

    /// <summary>Creates a deployment of web:<paramref name="revision"/> straight through the API, as another run would.</summary>
    public Task<string> CreateDeploymentAsync(int revision) =>
        Apis.CodeDeploy.CreateDeploymentAsync(new CreateDeploymentRequest
        {
            ApplicationName = Target.Application,
            DeploymentGroupName = Target.DeploymentGroup,
            Revision = new RevisionLocation { AppSpecContent = new AppSpecContent(FakeCodeDeploy.AppSpecYaml(Arn(revision)), null) },
        }, CancellationToken.None);

    /// <summary>Moves simulated time on until the deployment reaches <paramref name="until"/> (terminal by default).</summary>
    public async Task<DeploymentInfo> AdvanceAsync(string deploymentId, Func<DeploymentInfo, bool>? until = null)
    {
        until ??= d => DeploymentStatus.IsTerminal(d.Status);
        for (var step = 0; step < 500; step++)
        {
            var deployment = await Apis.CodeDeploy.GetDeploymentAsync(deploymentId, CancellationToken.None);
            if (until(deployment))
            {
                return deployment;
            }

            Clock.Advance(TimeSpan.FromSeconds(15));
        }

        throw new TimeoutException($"Deployment {deploymentId} did not get there in 500 steps.");
    }

    /// <summary>Deploys web:<paramref name="revision"/> and lets it finish.</summary>
    public async Task DeployAsync(int revision) => await AdvanceAsync(await CreateDeploymentAsync(revision));

    /// <summary>Writes taskdef.json (image web:<paramref name="tag"/>) into the workspace, for a deploy run by the action.</summary>
    public void WriteTaskDefinitionFile(string tag) =>
        File.WriteAllText(_workspace.File("taskdef.json"), """
            {"family":"web","networkMode":"awsvpc","requiresCompatibilities":["FARGATE"],"cpu":"256","memory":"512",
             "containerDefinitions":[{"name":"web","image":"111122223333.dkr.ecr.us-east-1.amazonaws.com/web:TAG","essential":true,"portMappings":[{"containerPort":8080}]}]}
            """.Replace("TAG", tag, StringComparison.Ordinal));

    /// <summary>How many deployments the group has had.</summary>
    public int DeploymentCount
    {
        get
        {
            lock (Server.World.Gate)
            {
                return Server.World.Deployments.Count;
            }
        }
    }

    /// <summary>The task definition the sandbox service runs.</summary>
    public string ServiceTaskDefinition
    {
        get
        {
            lock (Server.World.Gate)
            {
                return Server.World.Clusters["prod"].Services["web"].TaskDefinitionArn;
            }
        }
    }

    /// <summary>AWS requests the sandbox has answered.</summary>
    public int RequestCount
    {
        get
        {
            lock (Server.World.Gate)
            {
                return Server.World.RequestLog.Count;
            }
        }
    }

    /// <summary>The bodies of the requests the sandbox answered for <paramref name="operation"/>, oldest first.</summary>
    public IReadOnlyList<System.Text.Json.Nodes.JsonNode> Requests(string operation)
    {
        lock (Server.World.Gate)
        {
            return [.. Server.World.RequestLog.Where(r => r.Operation == operation).Select(r => System.Text.Json.Nodes.JsonNode.Parse(r.Body)!)];
        }
    }

    /// <summary>Cancels the next <see cref="RunAsync"/> as soon as the clock moves with <paramref name="condition"/> true, as the runner would.</summary>
    public void CancelWhen(Func<bool> condition)
    {
        _cancellation.Dispose();
        _cancellation = new CancellationTokenSource();
        var cancellation = _cancellation;
        Clock.Advanced = _ =>
        {
            if (!cancellation.IsCancellationRequested && condition())
            {
                CancelledAt = Clock.GetUtcNow();
                cancellation.Cancel();
            }
        };
    }

    /// <summary>When <see cref="CancelWhen"/> cancelled the run, on the virtual clock.</summary>
    public DateTimeOffset? CancelledAt { get; private set; }

    /// <summary>An operation context over the sandbox with the real watcher, for the in-progress policies.</summary>
    public OperationContext Context(OperationInputs inputs, IJobLog log)
    {
        var follower = new WatcherFollower(new DeploymentWatcher(Apis.CodeDeploy, log, Clock), inputs.Watch);
        var outputs = new RecordingOutputs();
        return new OperationContext(inputs, Apis.CodeDeploy, Apis.Ecs, follower, log, outputs, outputs, Clock);
    }

    /// <summary>Runs the action with these inputs (service web in cluster prod unless given); returns the exit code.</summary>
    public async Task<int> RunAsync(params (string Name, string Value)[] inputs)
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
        var host = new ActionHost(environment, output, Clock, _ => new ActionApis(Apis.Ecs, Apis.CodeDeploy, Apis.Ecr) { EcsDeployments = Apis.EcsDeployments });
        var exit = await ActionRunner.RunAsync(host, _cancellation.Token);
        Clock.Advanced = null;
        Log = output.ToString();
        Summary = File.ReadAllText(_workspace.File("summary.md"));
        Outputs = RunnerFiles.ParseKeyValueFile(File.ReadAllText(_workspace.File("output.txt")))
            .GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value);
        return exit;
    }

    public async ValueTask DisposeAsync()
    {
        Apis.Dispose();
        _cancellation.Dispose();
        await Server.DisposeAsync();
        _workspace.Dispose();
    }

    private static string Scenario(bool readyWait, int terminationWaitMinutes, string deployments) => string.Create(CultureInfo.InvariantCulture, $$"""
        account: "111122223333"
        region: us-east-1
        credentials:
          - { accessKeyId: {{AccessKey}}, secretAccessKey: {{SecretKey}} }
        taskDefinitions:
          - {{TaskDefinition("v1")}}
          - {{TaskDefinition("v2")}}
          - {{TaskDefinition("v3")}}
        clusters:
          - name: prod
            services:
              - name: web
                taskDefinition: web:1
                deploymentController: CODE_DEPLOY
                loadBalancers:
                  - { targetGroupArn: "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/tg-web-blue/0123456789abcdef", containerName: web, containerPort: 8080 }
        applications:
          - name: AppECS-prod-web
            deploymentGroups:
              - name: DgpECS-prod-web
                cluster: prod
                service: web
                deploymentConfigName: CodeDeployDefault.ECSAllAtOnce
                serviceRoleArn: arn:aws:iam::111122223333:role/ecsCodeDeployRole
                autoRollback: { enabled: true, events: [DEPLOYMENT_FAILURE, DEPLOYMENT_STOP_ON_REQUEST] }
                readyWait: { action: {{(readyWait ? "STOP_DEPLOYMENT" : "CONTINUE_DEPLOYMENT")}}, minutes: 0 }
                terminationWaitMinutes: {{terminationWaitMinutes}}
                targetGroups: [tg-web-blue, tg-web-green]
                prodListenerArns: ["arn:aws:elasticloadbalancing:us-east-1:111122223333:listener/app/web/0123456789abcdef/1111111111111111"]
                testListenerArns: ["arn:aws:elasticloadbalancing:us-east-1:111122223333:listener/app/web/0123456789abcdef/2222222222222222"]
        repositories:
          - name: web
            images: [{ tags: [v1] }, { tags: [v2] }, { tags: [v3] }, { tags: [v4] }]
        deployments: [{{deployments}}]
        """);

    private static string TaskDefinition(string tag) =>
        $$"""{ family: web, networkMode: awsvpc, requiresCompatibilities: [FARGATE], cpu: "256", memory: "512", containerDefinitions: [{ name: web, image: "111122223333.dkr.ecr.us-east-1.amazonaws.com/web:{{tag}}", essential: true, portMappings: [{ containerPort: 8080 }] }] }""";
}
