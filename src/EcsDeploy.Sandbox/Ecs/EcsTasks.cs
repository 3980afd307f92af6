using System.Text.Json.Nodes;
using EcsDeploy.Sandbox.Protocol;
using EcsDeploy.Sandbox.State;

namespace EcsDeploy.Sandbox.Ecs;

/// <summary>One-off tasks: RunTask starts them RUNNING; they stop (exit 0) after <see cref="RunFor"/> of simulated time.</summary>
public sealed class EcsTasks(World world, SandboxClock clock)
{
    public static readonly TimeSpan RunFor = TimeSpan.FromSeconds(30);

    public JsonObject Run(JsonObject body, ClusterState cluster)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(cluster);
        var definition = TaskDefinitionRegistry.Find(world, (string)body["taskDefinition"]!)
            ?? throw new AwsErrorException("ClientException", "TaskDefinition not found.");
        var count = (int?)body["count"] ?? 1;
        var tasks = new JsonArray();
        for (var i = 0; i < count; i++)
        {
            var id = StableIds.Hex($"{cluster.Name}/{world.NextId++}")[..32];
            var now = clock.Now.ToUnixTimeMilliseconds() / 1000.0;
            var task = new JsonObject
            {
                ["taskArn"] = $"arn:aws:ecs:{world.Region}:{world.AccountId}:task/{cluster.Name}/{id}",
                ["clusterArn"] = cluster.Arn,
                ["taskDefinitionArn"] = definition.Arn,
                ["launchType"] = (string?)body["launchType"] ?? "FARGATE",
                ["lastStatus"] = "RUNNING",
                ["desiredStatus"] = "RUNNING",
                ["createdAt"] = now,
                ["startedAt"] = now,
                ["group"] = (string?)body["group"] ?? $"family:{definition.Family}",
                ["startedBy"] = (string?)body["startedBy"] ?? "sandbox",
                ["cpu"] = (string?)definition.Definition["cpu"],
                ["memory"] = (string?)definition.Definition["memory"],
                ["containers"] = new JsonArray([.. (definition.Definition["containerDefinitions"] as JsonArray ?? [])
                    .Select(c => (JsonNode)new JsonObject
                    {
                        ["name"] = (string?)c!["name"],
                        ["image"] = (string?)c["image"],
                        ["lastStatus"] = "RUNNING",
                        ["taskArn"] = $"arn:aws:ecs:{world.Region}:{world.AccountId}:task/{cluster.Name}/{id}",
                    })]),
                ["version"] = 1,
            };
            cluster.Tasks.Add(task);
            tasks.Add(task.DeepClone());
        }

        return new JsonObject { ["tasks"] = tasks, ["failures"] = new JsonArray() };
    }

    public JsonObject Describe(JsonObject body, ClusterState cluster)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(cluster);
        var tasks = new JsonArray();
        var failures = new JsonArray();
        foreach (var reference in body["tasks"]!.AsArray().Select(n => (string)n!))
        {
            var task = cluster.Tasks.FirstOrDefault(t => (string)t["taskArn"]! == reference || ((string)t["taskArn"]!).EndsWith("/" + reference, StringComparison.Ordinal));
            if (task is null)
            {
                failures.Add(new JsonObject { ["arn"] = reference, ["reason"] = "MISSING" });
                continue;
            }

            StopIfDone(task);
            tasks.Add(task.DeepClone());
        }

        return new JsonObject { ["tasks"] = tasks, ["failures"] = failures };
    }

    private void StopIfDone(JsonObject task)
    {
        var started = (double)task["startedAt"]!;
        var stopAt = started + RunFor.TotalSeconds;
        if ((string?)task["lastStatus"] != "RUNNING" || clock.Now.ToUnixTimeMilliseconds() / 1000.0 < stopAt)
        {
            return;
        }

        task["lastStatus"] = "STOPPED";
        task["desiredStatus"] = "STOPPED";
        task["stopCode"] = "EssentialContainerExited";
        task["stoppedReason"] = "Essential container in task exited";
        task["stoppingAt"] = stopAt;
        task["stoppedAt"] = stopAt;
        task["executionStoppedAt"] = stopAt;
        task["version"] = 3;
        foreach (var container in task["containers"]!.AsArray().OfType<JsonObject>())
        {
            container["lastStatus"] = "STOPPED";
            container["exitCode"] = 0;
        }
    }
}
