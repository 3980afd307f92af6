using System.Text.Json.Nodes;
using EcsDeploy.Sandbox.CodeDeploy;
using EcsDeploy.Sandbox.Protocol;
using EcsDeploy.Sandbox.State;
using Microsoft.Extensions.Time.Testing;

namespace EcsDeploy.Sandbox.Tests.CodeDeploy;

/// <summary>A world with one cluster, one CODE_DEPLOY service on web:1, web:2 registered, and app/dg deploying it.</summary>
internal sealed class CodeDeployFixture
{
    public static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public CodeDeployFixture(int pageSize = 100)
    {
        Time = new FakeTimeProvider(T0);
        Clock = new SandboxClock(Time, 1);
        World = new World();
        AddTaskDefinition("web", 1);
        AddTaskDefinition("web", 2);
        var cluster = new ClusterState { Name = "main", Arn = "arn:aws:ecs:us-east-1:111122223333:cluster/main" };
        Service = new ServiceState
        {
            Name = "web",
            Arn = "arn:aws:ecs:us-east-1:111122223333:service/main/web",
            ClusterArn = cluster.Arn,
            TaskDefinitionArn = Arn(1),
            DesiredCount = 2,
        };
        cluster.Services.Add("web", Service);
        World.Clusters.Add("main", cluster);
        var app = new ApplicationState { Name = "app", Id = "3c1e2f1a-0000-4000-8000-000000000001", CreatedAt = T0.AddDays(-1) };
        Group = new DeploymentGroupState { Name = "dg", Id = "6a7b8c9d-0000-4000-8000-000000000002", ClusterName = "main", ServiceName = "web" };
        Group.ProdListenerArns.Add("arn:aws:elasticloadbalancing:us-east-1:111122223333:listener/app/lb/1/prod");
        app.Groups.Add("dg", Group);
        World.Applications.Add("app", app);
        Handler = new CodeDeployHandler(World, Clock) { PageSize = pageSize };
    }

    public FakeTimeProvider Time { get; }
    public SandboxClock Clock { get; }
    public World World { get; }
    public ServiceState Service { get; }
    public DeploymentGroupState Group { get; }
    public CodeDeployHandler Handler { get; }

    public static string Arn(int revision) => $"arn:aws:ecs:us-east-1:111122223333:task-definition/web:{revision}";

    public static string AppSpec(int revision = 2, string? hooks = null, string container = "web")
    {
        var text = $"""
            version: 0.0
            Resources:
              - TargetService:
                  Type: AWS::ECS::Service
                  Properties:
                    TaskDefinition: "{Arn(revision)}"
                    LoadBalancerInfo:
                      ContainerName: "{container}"
                      ContainerPort: 8080
            """;
        return hooks is null ? text + "\n" : text + "\nHooks:\n" + hooks + "\n";
    }

    public static string Hook(string eventName) => $"  - {eventName}: \"arn:aws:lambda:us-east-1:111122223333:function:check-{eventName}\"";

    /// <summary>Calls an operation the way the host does: advance to now, then handle.</summary>
    public JsonNode Call(string operation, JsonObject body)
    {
        Handler.Advance(Clock.Now);
        return Handler.Handle(operation, body);
    }

    public AwsErrorException Fails(string operation, JsonObject body) =>
        Assert.Throws<AwsErrorException>(() => Call(operation, body));

    public string Create(string? appSpec = null, string? config = null, JsonObject? extra = null)
    {
        var body = CreateBody(appSpec ?? AppSpec());
        if (config is not null)
        {
            body["deploymentConfigName"] = config;
        }

        foreach (var (k, v) in extra ?? [])
        {
            body[k] = v?.DeepClone();
        }

        return Call("CreateDeployment", body)["deploymentId"]!.GetValue<string>();
    }

    public static JsonObject CreateBody(string appSpec, string? sha256 = null)
    {
        var content = new JsonObject { ["content"] = appSpec };
        if (sha256 is not null)
        {
            content["sha256"] = sha256;
        }

        return new JsonObject
        {
            ["applicationName"] = "app",
            ["deploymentGroupName"] = "dg",
            ["revision"] = new JsonObject { ["revisionType"] = "AppSpecContent", ["appSpecContent"] = content },
        };
    }

    /// <summary>Moves simulated time to T0 + offset and lets the simulation catch up.</summary>
    public void At(TimeSpan offset)
    {
        Time.SetUtcNow(T0 + offset);
        Handler.Advance(Clock.Now);
    }

    public JsonObject Deployment(string id) =>
        (JsonObject)Call("GetDeployment", new JsonObject { ["deploymentId"] = id })["deploymentInfo"]!;

    public JsonObject Target(string id) =>
        (JsonObject)Call("GetDeploymentTarget", new JsonObject { ["deploymentId"] = id, ["targetId"] = "main:web" })["deploymentTarget"]!["ecsTarget"]!;

    public string Status(string id) => Deployment(id)["status"]!.GetValue<string>();

    public static JsonObject Event(JsonObject target, string name) =>
        (JsonObject)target["lifecycleEvents"]!.AsArray().Single(e => e!["lifecycleEventName"]!.GetValue<string>() == name)!;

    public static string EventStatus(JsonObject target, string name) => Event(target, name)["status"]!.GetValue<string>();

    public static double Seconds(JsonNode? epoch) => epoch!.GetValue<double>() - T0.ToUnixTimeSeconds();

    /// <summary>Traffic weights as (blue, green) from the deployment target.</summary>
    public static (double Blue, double Green) Weights(JsonObject target)
    {
        var sets = target["taskSetsInfo"]!.AsArray();
        double Weight(string label) => sets.Single(s => s!["taskSetLabel"]!.GetValue<string>() == label)!["trafficWeight"]!.GetValue<double>();
        return (Weight("Blue"), Weight("Green"));
    }

    public void AddTaskDefinition(string family, int revision)
    {
        if (!World.TaskDefinitions.TryGetValue(family, out var list))
        {
            list = [];
            World.TaskDefinitions.Add(family, list);
        }

        list.Add(new TaskDefinitionState
        {
            Arn = $"arn:aws:ecs:us-east-1:111122223333:task-definition/{family}:{revision}",
            Family = family,
            Revision = revision,
            Definition = new JsonObject
            {
                ["family"] = family,
                ["revision"] = revision,
                ["containerDefinitions"] = new JsonArray(new JsonObject { ["name"] = "web", ["image"] = "nginx" }),
            },
        });
    }
}
