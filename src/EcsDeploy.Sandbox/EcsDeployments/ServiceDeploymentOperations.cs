using System.Globalization;
using System.Text.Json.Nodes;
using EcsDeploy.Sandbox.Ecs;
using EcsDeploy.Sandbox.Protocol;
using EcsDeploy.Sandbox.State;

namespace EcsDeploy.Sandbox.EcsDeployments;

/// <summary>The ECS operations on service deployments and revisions, and UpdateService for ECS-controller services.</summary>
internal sealed class ServiceDeploymentOperations(World world, SandboxClock clock)
{
    /// <summary>DescribeServiceDeployments and DescribeServiceRevisions take at most this many ARNs.</summary>
    public const int MaxArns = 20;
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    public ServiceDeploymentEngine Engine { get; } = new(world);

    /// <summary>UpdateService on an ECS-controller service: settings first, then a new deployment when the revision changes or one is forced.</summary>
    public void UpdateService(ServiceState service, JsonObject body)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(body);
        var now = clock.Now;
        TaskDefinitionState? definition = null;
        if (body["taskDefinition"] is JsonNode reference)
        {
            definition = TaskDefinitionRegistry.Find(world, (string)reference!)
                ?? throw new AwsErrorException("ClientException", "TaskDefinition not found.");
            if (definition.Status != "ACTIVE")
            {
                throw new AwsErrorException("ClientException", $"TaskDefinition is inactive ({definition.Arn}).");
            }
        }

        if (body["deploymentConfiguration"] is JsonObject configuration)
        {
            Validate(configuration);
            var merged = (JsonObject)service.DeploymentConfiguration.DeepClone();
            foreach (var (name, value) in configuration)
            {
                merged[name] = value?.DeepClone();
            }

            if (DeploymentPlan.Strategy(merged) != "LINEAR")
            {
                merged.Remove("linearConfiguration");
            }

            if (DeploymentPlan.Strategy(merged) != "CANARY")
            {
                merged.Remove("canaryConfiguration");
            }

            service.DeploymentConfiguration = merged;
        }

        if ((string?)body["propagateTags"] is { } propagate)
        {
            service.PropagateTags = propagate;
        }

        if (body["enableECSManagedTags"] is JsonValue managed)
        {
            service.EnableEcsManagedTags = managed.GetValue<bool>();
        }

        var newVolumes = body["volumeConfigurations"] is JsonArray volumes;
        if (newVolumes)
        {
            service.VolumeConfigurations = (JsonArray)body["volumeConfigurations"]!.DeepClone();
        }

        var desiredChanged = false;
        if ((int?)body["desiredCount"] is int desired)
        {
            desiredChanged = desired != service.DesiredCount;
            service.DesiredCount = desired;
        }

        var force = body["forceNewDeployment"] is JsonValue f && f.GetValue<bool>();
        var newDefinition = definition is not null && definition.Arn != service.TaskDefinitionArn;
        if (newDefinition || force || newVolumes)
        {
            Engine.Create(service, definition?.Arn ?? service.TaskDefinitionArn, now);
            Engine.AdvanceAll(now);
        }
        else if (desiredChanged)
        {
            Rescale(service, now);
        }

        if (desiredChanged && world.ServiceDeployments.Values.FirstOrDefault(d => d.ServiceArn == service.Arn && !d.IsDone && d.StartedAt is not null) is { } running)
        {
            // A running deployment aims at the new count from its next step on.
            var target = world.ServiceRevisions[running.TargetRevisionArn];
            target.RequestedTaskCount = service.DesiredCount;
            target.UpdatedAt = now;
        }
    }

    public JsonObject List(JsonObject body, ClusterState cluster)
    {
        var service = FindService(cluster, (string)body["service"]!);
        var statuses = (body["status"] as JsonArray)?.Select(s => (string)s!).ToHashSet(StringComparer.Ordinal);
        var after = DeploymentPlan.Number(body["createdAt"]?["after"]);
        var before = DeploymentPlan.Number(body["createdAt"]?["before"]);
        var all = world.ServiceDeployments.Values
            .Where(d => d.ServiceArn == service.Arn)
            .Where(d => statuses is null || statuses.Contains(d.Status))
            .Where(d => after is null || ServiceDeploymentViews.Seconds(d.CreatedAt) >= after)
            .Where(d => before is null || ServiceDeploymentViews.Seconds(d.CreatedAt) <= before)
            .Reverse()
            .ToList();
        var size = (int?)body["maxResults"] ?? DefaultPageSize;
        if (size is < 1 or > MaxPageSize)
        {
            throw new AwsErrorException("InvalidParameterException", $"maxResults must be between 1 and {MaxPageSize}.");
        }

        var start = 0;
        if ((string?)body["nextToken"] is { } token && !int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out start))
        {
            throw new AwsErrorException("InvalidParameterException", "The nextToken is not valid.");
        }

        var result = new JsonObject
        {
            ["serviceDeployments"] = new JsonArray([.. all.Skip(start).Take(size).Select(d => (JsonNode)ServiceDeploymentViews.Brief(d))]),
        };
        if (start + size < all.Count)
        {
            result["nextToken"] = (start + size).ToString(CultureInfo.InvariantCulture);
        }

        return result;
    }

    public JsonObject Describe(JsonObject body)
    {
        var arns = ArnList(body, "serviceDeploymentArns");
        var found = new JsonArray();
        var failures = new JsonArray();
        foreach (var arn in arns)
        {
            if (world.ServiceDeployments.TryGetValue(arn, out var d))
            {
                found.Add(ServiceDeploymentViews.Deployment(world, d, clock.Now));
            }
            else
            {
                failures.Add(new JsonObject { ["arn"] = arn, ["reason"] = "MISSING" });
            }
        }

        return new JsonObject { ["serviceDeployments"] = found, ["failures"] = failures };
    }

    public JsonObject DescribeRevisions(JsonObject body)
    {
        var arns = ArnList(body, "serviceRevisionArns");
        var found = new JsonArray();
        var failures = new JsonArray();
        foreach (var arn in arns)
        {
            if (world.ServiceRevisions.TryGetValue(arn, out var revision) && FindServiceByArn(revision.ServiceArn) is { } service)
            {
                found.Add(ServiceDeploymentViews.Revision(world, service, revision));
            }
            else
            {
                failures.Add(new JsonObject { ["arn"] = arn, ["reason"] = "MISSING" });
            }
        }

        return new JsonObject { ["serviceRevisions"] = found, ["failures"] = failures };
    }

    public JsonObject Stop(JsonObject body)
    {
        var d = Find(body);
        if ((string?)body["stopType"] is "ABORT")
        {
            throw new AwsErrorException("InvalidParameterException", "The ABORT stop type isn't supported. Use ROLLBACK.");
        }

        Engine.Stop(d, clock.Now);
        return new JsonObject { ["serviceDeploymentArn"] = d.Arn };
    }

    public JsonObject Continue(JsonObject body)
    {
        var d = Find(body);
        Engine.Continue(d, (string)body["hookId"]!, (string?)body["action"] ?? "CONTINUE", clock.Now);
        return new JsonObject { ["serviceDeploymentArn"] = d.Arn };
    }

    private ServiceDeploymentState Find(JsonObject body)
    {
        var arn = (string)body["serviceDeploymentArn"]!;
        return world.ServiceDeployments.TryGetValue(arn, out var d)
            ? d
            : throw new AwsErrorException("ServiceDeploymentNotFoundException", $"The service deployment {arn} does not exist.");
    }

    // Without a deployment running, a new desired count is met at once by the newest revision.
    private void Rescale(ServiceState service, DateTimeOffset now)
    {
        if (world.ServiceDeployments.Values.Any(d => d.ServiceArn == service.Arn && !d.IsDone) || service.ActiveRevisionArns.Count == 0)
        {
            return;
        }

        var revision = world.ServiceRevisions[service.ActiveRevisionArns[^1]];
        revision.RequestedTaskCount = service.DesiredCount;
        revision.UpdatedAt = now;
        var alive = ServiceTasks.Alive(service, now, revision.Arn);
        if (alive.Count < service.DesiredCount)
        {
            Engine.Tasks.Launch(service, revision, service.DesiredCount - alive.Count, now);
        }
        else if (alive.Count > service.DesiredCount)
        {
            Engine.Tasks.Stop(service, alive.Take(alive.Count - service.DesiredCount).ToList(), now, revision.DeploymentId);
        }
    }

    private static void Validate(JsonObject configuration)
    {
        var strategy = DeploymentPlan.Strategy(configuration);
        if (configuration["linearConfiguration"] is not null && strategy != "LINEAR")
        {
            throw new AwsErrorException("InvalidParameterException", "linearConfiguration is only valid with the LINEAR deployment strategy.");
        }

        if (configuration["canaryConfiguration"] is not null && strategy != "CANARY")
        {
            throw new AwsErrorException("InvalidParameterException", "canaryConfiguration is only valid with the CANARY deployment strategy.");
        }
    }

    private static List<string> ArnList(JsonObject body, string member)
    {
        var arns = (body[member] as JsonArray ?? []).Select(n => (string)n!).ToList();
        if (arns.Count is 0 or > MaxArns)
        {
            throw new AwsErrorException("InvalidParameterException", $"{member} must contain between 1 and {MaxArns} ARNs.");
        }

        return arns;
    }

    private static ServiceState FindService(ClusterState cluster, string reference)
    {
        var name = reference.StartsWith("arn:", StringComparison.Ordinal) ? reference[(reference.LastIndexOf('/') + 1)..] : reference;
        return cluster.Services.TryGetValue(name, out var service)
            ? service
            : throw new AwsErrorException("ServiceNotFoundException", "Service not found.");
    }

    private ServiceState? FindServiceByArn(string arn) =>
        world.Clusters.Values.SelectMany(c => c.Services.Values).FirstOrDefault(s => s.Arn == arn);
}
