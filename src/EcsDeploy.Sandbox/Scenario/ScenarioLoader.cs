using System.Globalization;
using System.Text.Json.Nodes;
using EcsDeploy.Sandbox.Ecs;
using EcsDeploy.Sandbox.State;
using EcsDeploy.Sandbox.Validation;

namespace EcsDeploy.Sandbox.Scenario;

/// <summary>Fills an empty world from a scenario (see src/EcsDeploy.Sandbox/README.md for the schema).</summary>
public static class ScenarioLoader
{
    public static void Apply(World world, SandboxScenario scenario, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(scenario);
        var doc = scenario.Document;
        world.AccountId = Text(doc["account"]) ?? world.AccountId;
        world.Region = Text(doc["region"]) ?? world.Region;
        foreach (var key in Items(doc["credentials"]))
        {
            world.Credentials[Required(key, "accessKeyId")] = Required(key, "secretAccessKey");
        }

        var registeredBy = $"arn:aws:iam::{world.AccountId}:user/sandbox";
        foreach (var definition in Items(doc["taskDefinitions"]))
        {
            TaskDefinitionRegistry.Register(world, ReadTaskDefinition(definition, scenario), now, registeredBy);
        }

        foreach (var cluster in Items(doc["clusters"]))
        {
            AddCluster(world, scenario, cluster, now, registeredBy);
        }

        CodeDeployScenario.Apply(world, doc, now);
        foreach (var repository in Items(doc["repositories"]))
        {
            AddRepository(world, repository, now);
        }

        foreach (var behavior in Items(doc["deployments"]))
        {
            world.NextDeployments.Enqueue(ReadBehavior(behavior));
        }

        EcsServiceScenario.AddBehaviors(world, doc);
        foreach (var run in Items(doc["runTasks"]))
        {
            world.NextRunTasks.Enqueue(new RunTaskBehavior
            {
                ExitCode = Int(run["exitCode"]) ?? 0,
                Reason = Text(run["reason"]),
                RunSeconds = Double(run["runSeconds"]) ?? 60,
                Failure = Text(run["failure"]),
                FailureDetail = Text(run["failureDetail"]),
            });
        }
    }

    private static void AddCluster(World world, SandboxScenario scenario, JsonObject spec, DateTimeOffset now, string registeredBy)
    {
        var name = Required(spec, "name");
        var cluster = new ClusterState { Name = name, Arn = $"arn:aws:ecs:{world.Region}:{world.AccountId}:cluster/{name}" };
        world.Clusters[name] = cluster;
        foreach (var svc in Items(spec["services"]))
        {
            var serviceName = Required(svc, "name");
            var definition = svc["taskDefinition"] switch
            {
                null => throw new FormatException($"Service '{serviceName}' needs a taskDefinition (a file path or an inline definition)."),
                JsonValue reference when TaskDefinitionRegistry.Find(world, Text(reference)!) is { } existing => existing,
                var node => TaskDefinitionRegistry.Register(world, ReadTaskDefinition(node, scenario), now, registeredBy),
            };
            var service = new ServiceState
            {
                Name = serviceName,
                Arn = $"arn:aws:ecs:{world.Region}:{world.AccountId}:service/{name}/{serviceName}",
                ClusterArn = cluster.Arn,
                TaskDefinitionArn = definition.Arn,
                DeploymentController = Text(svc["deploymentController"]) ?? "CODE_DEPLOY",
                DesiredCount = Int(svc["desiredCount"]) ?? 2,
                LaunchType = svc["capacityProviderStrategy"] is null ? Text(svc["launchType"]) ?? "FARGATE" : null,
                PlatformVersion = Text(svc["platformVersion"]) ?? "1.4.0",
                LoadBalancers = (JsonArray?)ModelCoercion.Coerce("ecs", "LoadBalancers", svc["loadBalancers"]?.DeepClone()) ?? [],
                NetworkConfiguration = (JsonObject?)ModelCoercion.Coerce("ecs", "NetworkConfiguration", svc["networkConfiguration"]?.DeepClone()),
                CapacityProviderStrategy = (JsonArray?)ModelCoercion.Coerce("ecs", "CapacityProviderStrategy", svc["capacityProviderStrategy"]?.DeepClone()),
                CreatedAt = now,
            };
            if (service.DeploymentController == "CODE_DEPLOY")
            {
                // Before any deployment a CODE_DEPLOY service runs one PRIMARY task set taking all traffic.
                var id = "ecs-svc/" + StableIds.Digits($"{service.Arn}/{world.NextId++}");
                service.TaskSets.Add(new TaskSetState
                {
                    Id = id,
                    Arn = $"arn:aws:ecs:{world.Region}:{world.AccountId}:task-set/{name}/{serviceName}/{id}",
                    TaskDefinitionArn = definition.Arn,
                    Status = "PRIMARY",
                    Label = "Blue",
                    ScalePercent = 100,
                    TrafficWeight = 100,
                    RunningCount = service.DesiredCount,
                });
            }

            cluster.Services[serviceName] = service;
            if (service.DeploymentController == "ECS")
            {
                EcsServiceScenario.AddService(world, service, svc, now);
            }
        }
    }

    private static void AddRepository(World world, JsonObject spec, DateTimeOffset now)
    {
        var name = Required(spec, "name");
        var repository = new RepositoryState
        {
            Name = name,
            Arn = $"arn:aws:ecr:{world.Region}:{world.AccountId}:repository/{name}",
            Uri = $"{world.AccountId}.dkr.ecr.{world.Region}.amazonaws.com/{name}",
        };
        var index = 0;
        foreach (var image in Items(spec["images"]))
        {
            var tags = (image["tags"] as JsonArray ?? []).Select(Text).OfType<string>().ToList();
            var state = new ImageState
            {
                // Stable across runs, so examples and golden files can quote it.
                Digest = Text(image["digest"]) ?? "sha256:" + StableIds.Hex($"{name}:{string.Join(',', tags)}"),
                PushedAt = now.AddMinutes(-60 + index++),
                SizeInBytes = Int(image["sizeInBytes"]) ?? 31_457_280,
            };
            state.Tags.AddRange(tags);
            repository.Images.Add(state);
        }

        world.Repositories[name] = repository;
    }

    private static DeploymentBehavior ReadBehavior(JsonObject spec) => new()
    {
        FailEvent = Text(spec["failEvent"]),
        FailErrorCode = Text(spec["failErrorCode"]) ?? "ScriptFailed",
        FailMessage = Text(spec["failMessage"]) ?? "The hook reported a failure.",
        FailLogTail = Text(spec["failLogTail"]),
        AlarmAtMinute = Double(spec["alarmAtMinute"]),
        AlarmName = Text(spec["alarmName"]) ?? "sandbox-5xx-alarm",
        HealthFailAtMinute = Double(spec["healthFailAtMinute"]),
        HookSeconds = Double(spec["hookSeconds"]) ?? 20,
    };

    private static JsonObject ReadTaskDefinition(JsonNode node, SandboxScenario scenario)
    {
        var definition = node is JsonValue
            ? SandboxScenario.Load(Path.Combine(scenario.BaseDirectory, Text(node)!)).Document
            : node.DeepClone().AsObject();
        return (JsonObject)ModelCoercion.Coerce("ecs", "RegisterTaskDefinitionRequest", definition)!;
    }

    internal static IEnumerable<JsonObject> Items(JsonNode? node) => (node as JsonArray ?? []).OfType<JsonObject>();

    internal static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => node.ToJsonString(),
    };

    internal static string Required(JsonObject spec, string member) =>
        Text(spec[member]) ?? throw new FormatException($"Scenario entry {spec.ToJsonString()} needs '{member}'.");

    internal static int? Int(JsonNode? node) =>
        Text(node) is { } s && int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : null;

    internal static double? Double(JsonNode? node) =>
        Text(node) is { } s && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;
}
