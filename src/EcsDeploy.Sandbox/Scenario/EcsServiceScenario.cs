using System.Text.Json.Nodes;
using EcsDeploy.Sandbox.EcsDeployments;
using EcsDeploy.Sandbox.State;
using EcsDeploy.Sandbox.Validation;
using static EcsDeploy.Sandbox.Scenario.ScenarioLoader;

namespace EcsDeploy.Sandbox.Scenario;

/// <summary>The ECS-controller part of a scenario: deployment configurations of services and how the next service deployments behave.</summary>
public static class EcsServiceScenario
{
    /// <summary>How long before the scenario starts an ECS-controller service was created (its first deployment is long done).</summary>
    public static readonly TimeSpan ServiceAge = TimeSpan.FromHours(1);

    /// <summary>Gives an ECS-controller service its configuration and a first, completed deployment with running tasks.</summary>
    public static void AddService(World world, ServiceState service, JsonObject spec, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(spec);
        var configuration = (JsonObject?)ModelCoercion.Coerce("ecs", "DeploymentConfiguration", spec["deploymentConfiguration"]?.DeepClone()) ?? [];
        configuration["maximumPercent"] ??= 200;
        configuration["minimumHealthyPercent"] ??= 100;
        configuration["deploymentCircuitBreaker"] ??= new JsonObject { ["enable"] = false, ["rollback"] = false };
        configuration["strategy"] ??= "ROLLING";
        service.DeploymentConfiguration = configuration;
        service.PropagateTags = Text(spec["propagateTags"]) ?? "NONE";
        service.EnableEcsManagedTags = spec["enableECSManagedTags"] is JsonValue managed && managed.GetValue<bool>();
        service.CreatedAt = now - ServiceAge;
        var engine = new ServiceDeploymentEngine(world);
        var first = engine.Create(service, service.TaskDefinitionArn, service.CreatedAt, initial: true);
        engine.Advance(first, now);
    }

    /// <summary>Reads the scenario's serviceDeployments: how the next deployments UpdateService starts behave, in order.</summary>
    public static void AddBehaviors(World world, JsonObject doc)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(doc);
        foreach (var spec in Items(doc["serviceDeployments"]))
        {
            var behavior = new EcsDeploymentBehavior
            {
                TasksFailToStart = Count(spec["tasksFailToStart"]),
                FailToStartReason = Text(spec["failToStartReason"]) ?? new EcsDeploymentBehavior().FailToStartReason,
                TasksFailHealthChecks = Count(spec["tasksFailHealthChecks"]),
                EssentialExitCode = Int(spec["essentialExitCode"]),
                EssentialExitReason = Text(spec["essentialExitReason"]),
                AlarmAtMinute = Double(spec["alarmAtMinute"]),
                AlarmName = Text(spec["alarmName"]),
                RollbackFails = spec["rollbackFails"] is JsonValue fails && fails.GetValue<bool>(),
            };
            foreach (var (key, answers) in spec["hookAnswers"] as JsonObject ?? [])
            {
                var list = answers as JsonArray ?? [answers?.DeepClone()];
                behavior.HookAnswers[key] = new Queue<string>(list.Select(Text).OfType<string>());
            }

            world.NextServiceDeployments.Enqueue(behavior);
        }
    }

    // A number of tasks, or "all" (-1).
    private static int Count(JsonNode? node) => Text(node) == "all" ? -1 : Int(node) ?? 0;
}
