using System.Text.Json.Nodes;
using EcsDeploy.Sandbox.Protocol;
using EcsDeploy.Sandbox.State;

namespace EcsDeploy.Sandbox.Ecs;

/// <summary>
/// One-off tasks on simulated time: PROVISIONING for <see cref="Provisioning"/>, PENDING until <see cref="Running"/>,
/// RUNNING for the scenario's runSeconds (default 60), then STOPPED with the scenario's exit code. StopTask stops at once.
/// </summary>
public sealed class EcsTasks(World world, SandboxClock clock)
{
    public static readonly TimeSpan Provisioning = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan Running = TimeSpan.FromSeconds(30);

    public JsonObject Run(JsonObject body, ClusterState cluster)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(cluster);
        if (body["launchType"] is not null && body["capacityProviderStrategy"] is JsonArray { Count: > 0 })
        {
            throw new AwsErrorException("InvalidParameterException", "Specifying both a launch type and capacity provider strategy is not supported.");
        }

        var definition = TaskDefinitionRegistry.Find(world, (string)body["taskDefinition"]!)
            ?? throw new AwsErrorException("ClientException", "TaskDefinition not found.");
        if ((string?)definition.Definition["networkMode"] == "awsvpc" && body["networkConfiguration"] is null)
        {
            throw new AwsErrorException("InvalidParameterException", "Network Configuration must be provided when networkMode 'awsvpc' is specified.");
        }

        var behavior = world.NextRunTasks.TryDequeue(out var next) ? next : new RunTaskBehavior();
        if (behavior.Failure is { } reason)
        {
            var failure = new JsonObject { ["arn"] = cluster.Arn, ["reason"] = reason };
            if (behavior.FailureDetail is { } detail)
            {
                failure["detail"] = detail;
            }

            return new JsonObject { ["tasks"] = new JsonArray(), ["failures"] = new JsonArray(failure) };
        }

        var count = (int?)body["count"] ?? 1;
        var tasks = new JsonArray();
        for (var i = 0; i < count; i++)
        {
            var id = StableIds.Hex($"{cluster.Name}/{world.NextId++}")[..32];
            var arn = $"arn:aws:ecs:{world.Region}:{world.AccountId}:task/{cluster.Name}/{id}";
            var task = new JsonObject
            {
                ["taskArn"] = arn,
                ["clusterArn"] = cluster.Arn,
                ["taskDefinitionArn"] = definition.Arn,
                ["createdAt"] = Seconds(clock.Now),
                ["group"] = (string?)body["group"] ?? $"family:{definition.Family}",
                ["startedBy"] = (string?)body["startedBy"] ?? "sandbox",
                ["cpu"] = (string?)definition.Definition["cpu"],
                ["memory"] = (string?)definition.Definition["memory"],
                ["containers"] = new JsonArray([.. (definition.Definition["containerDefinitions"] as JsonArray ?? [])
                    .Select(c => (JsonNode)new JsonObject { ["name"] = (string?)c!["name"], ["image"] = (string?)c["image"], ["taskArn"] = arn })]),
            };
            if (body["launchType"] is not null || body["capacityProviderStrategy"] is null)
            {
                task["launchType"] = (string?)body["launchType"] ?? "FARGATE";
            }
            else
            {
                task["capacityProviderName"] = (string?)body["capacityProviderStrategy"]![0]!["capacityProvider"];
            }

            if (body["tags"] is JsonArray tags)
            {
                task["tags"] = tags.DeepClone();
            }

            world.OneOffTasks[arn] = new OneOffTaskState { Behavior = behavior, CreatedAt = clock.Now };
            cluster.Tasks.Add(task);
            tasks.Add(Render(task).DeepClone());
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
            if (Find(cluster, reference) is { } task)
            {
                tasks.Add(Render(task).DeepClone());
            }
            else if (new EcsTaskListing(world, clock).DescribeServiceTask(cluster, reference) is { } serviceTask)
            {
                tasks.Add(serviceTask);
            }
            else
            {
                failures.Add(new JsonObject { ["arn"] = reference, ["reason"] = "MISSING" });
            }
        }

        return new JsonObject { ["tasks"] = tasks, ["failures"] = failures };
    }

    public JsonObject Stop(JsonObject body, ClusterState cluster)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(cluster);
        var task = Find(cluster, (string)body["task"]!)
            ?? throw new AwsErrorException("InvalidParameterException", "The referenced task was not found.");
        var state = world.OneOffTasks[(string)task["taskArn"]!];
        if (state.StopRequestedAt is null && (string?)Render(task)["lastStatus"] != "STOPPED")
        {
            state.StopRequestedAt = clock.Now;
            state.StopReason = (string?)body["reason"] ?? "Task stopped by user";
        }

        return new JsonObject { ["task"] = Render(task).DeepClone() };
    }

    private static JsonObject? Find(ClusterState cluster, string reference) =>
        cluster.Tasks.FirstOrDefault(t => (string)t["taskArn"]! == reference || ((string)t["taskArn"]!).EndsWith("/" + reference, StringComparison.Ordinal));

    // Brings the stored task up to the simulated now: a function of its creation time, behaviour and stop request.
    private JsonObject Render(JsonObject task)
    {
        var state = world.OneOffTasks[(string)task["taskArn"]!];
        var created = state.CreatedAt;
        var naturalStop = created + Running + TimeSpan.FromSeconds(state.Behavior.RunSeconds);
        var stopAt = state.StopRequestedAt is { } requested && requested < naturalStop ? requested : naturalStop;
        var byUser = stopAt != naturalStop;
        var now = clock.Now;
        var at = now < stopAt ? now : stopAt;
        var status = now >= stopAt ? "STOPPED" : at - created < Provisioning ? "PROVISIONING" : at - created < Running ? "PENDING" : "RUNNING";
        var ran = stopAt - created >= Running;
        var containers = task["containers"]!.AsArray().OfType<JsonObject>().ToList();

        task["lastStatus"] = status;
        task["desiredStatus"] = status == "STOPPED" || state.StopRequestedAt is not null ? "STOPPED" : "RUNNING";
        task["version"] = status switch { "PROVISIONING" => 1, "PENDING" => 2, "RUNNING" => 3, _ => 4 };
        if (at - created >= Provisioning)
        {
            task["pullStartedAt"] = Seconds(created + Provisioning);
        }

        if (at - created >= Running)
        {
            task["pullStoppedAt"] = Seconds(created + Running - TimeSpan.FromSeconds(2));
            task["startedAt"] = Seconds(created + Running);
        }

        foreach (var container in containers)
        {
            container["lastStatus"] = status is "STOPPED" ? "STOPPED" : status is "RUNNING" ? "RUNNING" : "PENDING";
        }

        if (status != "STOPPED")
        {
            return task;
        }

        task["stopCode"] = byUser ? "UserInitiated" : "EssentialContainerExited";
        task["stoppedReason"] = byUser ? state.StopReason : "Essential container in task exited";
        task["stoppingAt"] = Seconds(stopAt);
        task["stoppedAt"] = Seconds(stopAt + TimeSpan.FromSeconds(1));
        task["executionStoppedAt"] = Seconds(stopAt);
        for (var i = 0; i < containers.Count; i++)
        {
            if (!ran)
            {
                continue; // never started: no exit code, as ECS reports it
            }

            // SIGTERM from StopTask ends a container with 143; otherwise the first container exits as the scenario says.
            var exit = byUser ? 143 : i == 0 ? state.Behavior.ExitCode : 0;
            containers[i]["exitCode"] = exit;
            if (exit != 0 && !byUser && state.Behavior.Reason is { } reason)
            {
                containers[i]["reason"] = reason;
            }
        }

        return task;
    }

    private static double Seconds(DateTimeOffset time) => time.ToUnixTimeMilliseconds() / 1000.0;
}
