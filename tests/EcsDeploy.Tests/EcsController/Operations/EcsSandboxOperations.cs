using System.Text.Json.Nodes;
using Amazon.Runtime;
using EcsDeploy.Aws;
using EcsDeploy.Aws.Ecs;
using EcsDeploy.EcsController.Operations;
using EcsDeploy.Runtime;
using EcsDeploy.Sandbox.Hosting;
using EcsDeploy.Tests.Integration;
using EcsDeploy.Tests.Support;

namespace EcsDeploy.Tests.EcsController.Operations;

/// <summary>
/// The sandbox in process on a virtual clock, started from an ECS-controller example (service "web" in cluster "prod"
/// on web:1), with helpers that deploy web:2 straight through the API as another run would, and the action run against it.
/// </summary>
internal sealed class EcsSandboxOperations : IAsyncDisposable
{
    private readonly TempDirectory _workspace = new();

    private EcsSandboxOperations(VirtualClock clock, SandboxServer server, AwsApis apis)
    {
        Clock = clock;
        Server = server;
        Apis = apis;
    }

    public VirtualClock Clock { get; }
    public SandboxServer Server { get; }
    public AwsApis Apis { get; }

    public string Log { get; private set; } = "";
    public string Summary { get; private set; } = "";
    public IReadOnlyDictionary<string, string> Outputs { get; private set; } = new Dictionary<string, string>();

    public static string Arn(int revision) => $"arn:aws:ecs:us-east-1:111122223333:task-definition/web:{revision}";

    public static async Task<EcsSandboxOperations> StartAsync(string example)
    {
        var clock = new VirtualClock();
        var server = await SandboxAction.StartAsync(SandboxAction.Scenario(example + ".yaml"), clock);
        var apis = AwsClients.Create(new AwsClientOptions
        {
            Region = "us-east-1",
            Credentials = new BasicAWSCredentials("AKIDSANDBOXEXAMPLE", "sandbox/secret/EXAMPLEKEY0000000000000"),
            Environment = new Dictionary<string, string> { ["AWS_ENDPOINT_URL"] = server.BaseUrl },
            MaxAttempts = 1,
            Time = clock,
        });
        return new EcsSandboxOperations(clock, server, apis);
    }

    /// <summary>Registers examples/taskdef.json (web:2 on first call) and points the service at it; returns the service deployment started.</summary>
    public async Task<string> DeployAsync()
    {
        var taskDefinition = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "examples", "taskdef.json")))!.AsObject();
        var registered = await Apis.Ecs.RegisterTaskDefinitionAsync(taskDefinition, CancellationToken.None);
        var since = Clock.GetUtcNow().AddSeconds(-1);
        await Apis.EcsDeployments.UpdateServiceAsync(new JsonObject { ["cluster"] = "prod", ["service"] = "web", ["taskDefinition"] = registered.Arn }, CancellationToken.None);
        var page = await Apis.EcsDeployments.ListServiceDeploymentsAsync(
            new ListServiceDeploymentsRequest { Cluster = "prod", Service = "web", CreatedAt = new CreatedAtRange(null, since) }, CancellationToken.None);
        return page.ServiceDeployments[0].ServiceDeploymentArn;
    }

    /// <summary>Moves simulated time on, 15 s at a time, until the deployment satisfies <paramref name="until"/> (terminal by default).</summary>
    public async Task<ServiceDeployment> AdvanceAsync(string arn, Func<ServiceDeployment, bool>? until = null)
    {
        until ??= d => ServiceDeploymentHistory.IsTerminal(d.Status);
        for (var step = 0; step < 1000; step++)
        {
            var deployment = (await ServiceDeploymentHistory.DescribeAsync(Apis.EcsDeployments, arn, CancellationToken.None))!;
            if (until(deployment))
            {
                return deployment;
            }

            Clock.Advance(TimeSpan.FromSeconds(15));
        }

        throw new TimeoutException($"Service deployment {arn} did not get there in 1000 steps.");
    }

    public async Task<ServiceDeployment> DescribeAsync(string arn) => (await ServiceDeploymentHistory.DescribeAsync(Apis.EcsDeployments, arn, CancellationToken.None))!;

    /// <summary>The task definition the sandbox service runs.</summary>
    public async Task<string?> ServiceTaskDefinitionAsync() => (await Apis.Ecs.DescribeServiceAsync("prod", "web", CancellationToken.None))?.TaskDefinition;

    /// <summary>The bodies of the requests the sandbox answered for <paramref name="operation"/>, oldest first.</summary>
    public IReadOnlyList<JsonNode> Requests(string operation)
    {
        lock (Server.World.Gate)
        {
            return [.. Server.World.RequestLog.Where(r => r.Operation == operation).Select(r => JsonNode.Parse(r.Body)!)];
        }
    }

    /// <summary>How many requests the sandbox has answered.</summary>
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

    /// <summary>Runs the action with these inputs (service web in cluster prod, poll-interval 15 unless given); returns the exit code.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken, params (string Name, string Value)[] inputs)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
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
        var exit = await SandboxAction.RunAsync(Server, environment, output, Clock, () => "stop-token", cancellationToken: cancellationToken);
        Log = output.ToString();
        Summary = File.ReadAllText(_workspace.File("summary.md"));
        Outputs = RunnerFiles.ParseKeyValueFile(File.ReadAllText(_workspace.File("output.txt")))
            .GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value);
        return exit;
    }

    public Task<int> RunAsync(params (string Name, string Value)[] inputs) => RunAsync(CancellationToken.None, inputs);

    public async ValueTask DisposeAsync()
    {
        Apis.Dispose();
        await Server.DisposeAsync();
        _workspace.Dispose();
    }
}
