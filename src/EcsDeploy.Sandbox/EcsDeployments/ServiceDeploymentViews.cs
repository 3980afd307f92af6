using System.Text.Json.Nodes;
using EcsDeploy.Sandbox.State;

namespace EcsDeploy.Sandbox.EcsDeployments;

/// <summary>Renders service deployments, revisions and the ECS-controller parts of a service as ECS answers them.</summary>
internal static class ServiceDeploymentViews
{
    public static JsonObject Deployment(World world, ServiceDeploymentState d, DateTimeOffset now)
    {
        var service = world.Clusters[d.ClusterName].Services[d.ServiceName];
        var traffic = !d.Run.Initial && DeploymentPlan.Strategy(d.Configuration) != "ROLLING";
        var result = new JsonObject
        {
            ["serviceDeploymentArn"] = d.Arn,
            ["serviceArn"] = d.ServiceArn,
            ["clusterArn"] = d.ClusterArn,
            ["createdAt"] = Seconds(d.CreatedAt),
        };
        Add(result, "startedAt", d.StartedAt);
        Add(result, "finishedAt", d.FinishedAt);
        Add(result, "stoppedAt", d.StoppedAt);
        result["updatedAt"] = Seconds(d.UpdatedAt);
        result["sourceServiceRevisions"] = new JsonArray([.. d.SourceRevisionArns.Select(a => (JsonNode)RevisionSummary(service, world.ServiceRevisions[a], now, traffic))]);
        result["targetServiceRevision"] = RevisionSummary(service, world.ServiceRevisions[d.TargetRevisionArn], now, traffic);
        result["status"] = d.Status;
        if (d.StatusReason is not null)
        {
            result["statusReason"] = d.StatusReason;
        }

        if (traffic && d.LifecycleStage is not null)
        {
            result["lifecycleStage"] = d.LifecycleStage;
        }

        if (d.Hooks.Count > 0)
        {
            result["lifecycleHookDetails"] = new JsonArray([.. d.Hooks.Select(h => (JsonNode)Hook(h))]);
        }

        result["deploymentConfiguration"] = d.Configuration.DeepClone();
        if (d.RollbackReason is not null)
        {
            result["rollback"] = new JsonObject
            {
                ["reason"] = d.RollbackReason,
                ["startedAt"] = Seconds(d.RollbackStartedAt!.Value),
                ["serviceRevisionArn"] = d.RollbackRevisionArn,
            };
        }

        var failures = d.CircuitBreakerStatus == "MONITORING" ? ServiceDeploymentEngine.Breaker(service, d, now).Count : d.FailureCount;
        result["deploymentCircuitBreaker"] = new JsonObject
        {
            ["status"] = d.CircuitBreakerStatus,
            ["failureCount"] = failures,
            ["threshold"] = d.Threshold,
        };
        result["alarms"] = new JsonObject
        {
            ["status"] = d.AlarmStatus,
            ["alarmNames"] = (d.Configuration["alarms"]?["alarmNames"] as JsonArray)?.DeepClone() ?? new JsonArray(),
            ["triggeredAlarmNames"] = new JsonArray([.. d.TriggeredAlarmNames.Select(n => (JsonNode)n)]),
        };
        return result;
    }

    public static JsonObject Brief(ServiceDeploymentState d)
    {
        var result = new JsonObject
        {
            ["serviceDeploymentArn"] = d.Arn,
            ["serviceArn"] = d.ServiceArn,
            ["clusterArn"] = d.ClusterArn,
            ["createdAt"] = Seconds(d.CreatedAt),
        };
        Add(result, "startedAt", d.StartedAt);
        Add(result, "finishedAt", d.FinishedAt);
        result["targetServiceRevisionArn"] = d.TargetRevisionArn;
        result["status"] = d.Status;
        if (d.StatusReason is not null)
        {
            result["statusReason"] = d.StatusReason;
        }

        return result;
    }

    public static JsonObject Revision(World world, ServiceState service, ServiceRevisionState revision)
    {
        var result = new JsonObject
        {
            ["serviceRevisionArn"] = revision.Arn,
            ["serviceArn"] = revision.ServiceArn,
            ["clusterArn"] = revision.ClusterArn,
            ["taskDefinition"] = revision.TaskDefinitionArn,
        };
        if (service.CapacityProviderStrategy is { Count: > 0 } strategy)
        {
            result["capacityProviderStrategy"] = strategy.DeepClone();
        }
        else if (service.LaunchType is not null)
        {
            result["launchType"] = service.LaunchType;
        }

        if (service.PlatformVersion is not null)
        {
            result["platformVersion"] = service.PlatformVersion;
            result["platformFamily"] = "Linux";
        }

        result["loadBalancers"] = service.LoadBalancers.DeepClone();
        result["serviceRegistries"] = new JsonArray();
        if (service.NetworkConfiguration is not null)
        {
            result["networkConfiguration"] = service.NetworkConfiguration.DeepClone();
        }

        result["containerImages"] = ContainerImages(world, revision.TaskDefinitionArn);
        result["guardDutyEnabled"] = false;
        if (revision.VolumeConfigurations is { } volumes)
        {
            result["volumeConfigurations"] = volumes.DeepClone();
        }

        result["createdAt"] = Seconds(revision.CreatedAt);
        return result;
    }

    /// <summary>DescribeServices' deployments[]: the newest revision PRIMARY, the others still running ACTIVE.</summary>
    public static JsonArray ServiceDeployments(World world, ServiceState service, DateTimeOffset now)
    {
        var result = new JsonArray();
        var newestFirst = service.ActiveRevisionArns.AsEnumerable().Reverse().Select(a => world.ServiceRevisions[a]).ToList();
        for (var i = 0; i < newestFirst.Count; i++)
        {
            var revision = newestFirst[i];
            var (running, pending) = Counts(service, revision, now);
            var entry = new JsonObject
            {
                ["id"] = revision.DeploymentId,
                ["status"] = i == 0 ? "PRIMARY" : "ACTIVE",
                ["taskDefinition"] = revision.TaskDefinitionArn,
                ["desiredCount"] = revision.RequestedTaskCount,
                ["pendingCount"] = pending,
                ["runningCount"] = running,
                ["failedTasks"] = service.Tasks.Count(t => t.RevisionArn == revision.Arn && t.Failed && t.IsStoppedAt(now)),
                ["createdAt"] = Seconds(revision.CreatedAt),
                ["updatedAt"] = Seconds(revision.UpdatedAt),
            };
            if (service.CapacityProviderStrategy is { Count: > 0 } strategy)
            {
                entry["capacityProviderStrategy"] = strategy.DeepClone();
            }
            else if (service.LaunchType is not null)
            {
                entry["launchType"] = service.LaunchType;
            }

            if (service.PlatformVersion is not null)
            {
                entry["platformVersion"] = service.PlatformVersion;
                entry["platformFamily"] = "Linux";
            }

            if (service.NetworkConfiguration is not null)
            {
                entry["networkConfiguration"] = service.NetworkConfiguration.DeepClone();
            }

            entry["rolloutState"] = revision.RolloutState;
            entry["rolloutStateReason"] = revision.RolloutStateReason;
            if (revision.VolumeConfigurations is { } volumes)
            {
                entry["volumeConfigurations"] = volumes.DeepClone();
            }

            result.Add(entry);
        }

        return result;
    }

    public static JsonArray CurrentRevisions(World world, ServiceState service, DateTimeOffset now) =>
        new([.. service.ActiveRevisionArns.Select(a => world.ServiceRevisions[a]).Select(r =>
        {
            var (running, pending) = Counts(service, r, now);
            return (JsonNode)new JsonObject
            {
                ["arn"] = r.Arn,
                ["requestedTaskCount"] = r.RequestedTaskCount,
                ["runningTaskCount"] = running,
                ["pendingTaskCount"] = pending,
            };
        })]);

    public static JsonArray Events(ServiceState service) =>
        new([.. service.Events.AsEnumerable().Reverse().Select(e => (JsonNode)new JsonObject
        {
            ["id"] = e.Id,
            ["createdAt"] = Seconds(e.CreatedAt),
            ["message"] = e.Message,
        })]);

    /// <summary>Running and pending tasks of a revision at <paramref name="now"/>.</summary>
    public static (int Running, int Pending) Counts(ServiceState service, ServiceRevisionState revision, DateTimeOffset now)
    {
        var alive = ServiceTasks.Alive(service, now, revision.Arn);
        var running = alive.Count(t => t.IsRunningAt(now));
        return (running, alive.Count - running);
    }

    private static JsonObject RevisionSummary(ServiceState service, ServiceRevisionState revision, DateTimeOffset now, bool traffic)
    {
        var (running, pending) = Counts(service, revision, now);
        var result = new JsonObject
        {
            ["arn"] = revision.Arn,
            ["requestedTaskCount"] = revision.RequestedTaskCount,
            ["runningTaskCount"] = running,
            ["pendingTaskCount"] = pending,
        };
        if (traffic)
        {
            result["requestedTestTrafficWeight"] = revision.TestTrafficWeight;
            result["requestedProductionTrafficWeight"] = revision.ProductionTrafficWeight;
        }

        return result;
    }

    private static JsonObject Hook(HookRunState hook)
    {
        var result = new JsonObject { ["hookId"] = hook.HookId, ["targetType"] = hook.TargetType };
        if (hook.TargetArn is not null)
        {
            result["targetArn"] = hook.TargetArn;
        }

        result["status"] = hook.Status;
        if (hook.ExpiresAt is { } expires)
        {
            result["expiresAt"] = Seconds(expires);
        }

        if (hook.TimeoutAction is not null)
        {
            result["timeoutAction"] = hook.TimeoutAction;
        }

        return result;
    }

    // Each container's image and the digest ECS resolved it to: the ECR image's digest when the repository holds the tag.
    private static JsonArray ContainerImages(World world, string taskDefinitionArn)
    {
        var definition = Ecs.TaskDefinitionRegistry.Find(world, taskDefinitionArn)?.Definition;
        var images = new JsonArray();
        foreach (var container in (definition?["containerDefinitions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var image = (string?)container["image"] ?? "";
            var digest = world.Repositories.Values
                .Where(r => image.StartsWith(r.Uri + ":", StringComparison.Ordinal))
                .SelectMany(r => r.Images.Where(i => i.Tags.Contains(image[(r.Uri.Length + 1)..])))
                .Select(i => i.Digest)
                .FirstOrDefault() ?? "sha256:" + StableIds.Hex(image);
            images.Add(new JsonObject { ["containerName"] = (string?)container["name"], ["imageDigest"] = digest, ["image"] = image });
        }

        return images;
    }

    private static void Add(JsonObject target, string name, DateTimeOffset? time)
    {
        if (time is { } t)
        {
            target[name] = Seconds(t);
        }
    }

    internal static double Seconds(DateTimeOffset time) => time.ToUnixTimeMilliseconds() / 1000.0;
}
