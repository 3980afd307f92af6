using System.Text.Json.Nodes;
using EcsDeploy.Sandbox.State;
using static EcsDeploy.Sandbox.EcsDeployments.DeploymentTimings;

namespace EcsDeploy.Sandbox.EcsDeployments;

/// <summary>
/// Runs the service deployments of ECS-controller services on simulated time: <see cref="Advance(ServiceDeploymentState, DateTimeOffset)"/>
/// replays every transition due up to now at its own instant, so the outcome depends only on the scenario, the calls made and when.
/// </summary>
internal sealed partial class ServiceDeploymentEngine(World world)
{
    private readonly ServiceTasks _tasks = new(world);

    public ServiceTasks Tasks => _tasks;

    /// <summary>Creates a service deployment to a new revision of <paramref name="service"/>; a running one is stopped as superseded.</summary>
    public ServiceDeploymentState Create(ServiceState service, string taskDefinitionArn, DateTimeOffset at, bool initial = false)
    {
        ArgumentNullException.ThrowIfNull(service);
        foreach (var running in world.ServiceDeployments.Values.Where(d => d.ServiceArn == service.Arn && !d.IsDone).ToList())
        {
            Advance(running, at);
            if (!running.IsDone)
            {
                Supersede(running, at);
            }
        }

        var cluster = service.ClusterArn[(service.ClusterArn.LastIndexOf('/') + 1)..];
        var id = StableIds.Digits($"{service.Arn}/revision/{world.NextId++}");
        var revision = new ServiceRevisionState
        {
            Arn = $"arn:aws:ecs:{world.Region}:{world.AccountId}:service-revision/{cluster}/{service.Name}/{id}",
            Id = id,
            ServiceArn = service.Arn,
            ClusterArn = service.ClusterArn,
            TaskDefinitionArn = taskDefinitionArn,
            CreatedAt = at,
            UpdatedAt = at,
            VolumeConfigurations = (JsonArray?)service.VolumeConfigurations?.DeepClone(),
            TargetGroupArn = TargetGroup(service, initial),
        };
        world.ServiceRevisions[revision.Arn] = revision;
        var deploymentId = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes($"{service.Arn}/deployment/{world.NextId++}")))[..21].Replace('+', '-').Replace('/', '_');
        var deployment = new ServiceDeploymentState
        {
            Arn = $"arn:aws:ecs:{world.Region}:{world.AccountId}:service-deployment/{cluster}/{service.Name}/{deploymentId}",
            ClusterName = cluster,
            ServiceName = service.Name,
            ServiceArn = service.Arn,
            ClusterArn = service.ClusterArn,
            CreatedAt = at,
            UpdatedAt = at,
            TargetRevisionArn = revision.Arn,
            SourceRevisionArns = [.. service.ActiveRevisionArns],
            Configuration = (JsonObject)service.DeploymentConfiguration.DeepClone(),
            Behavior = !initial && world.NextServiceDeployments.TryDequeue(out var next) ? next : new EcsDeploymentBehavior(),
        };
        deployment.Run.Initial = initial;
        world.ServiceDeployments[deployment.Arn] = deployment;
        service.ActiveRevisionArns.Add(revision.Arn);
        service.CurrentServiceDeploymentArn = deployment.Arn;
        service.TaskDefinitionArn = taskDefinitionArn;
        return deployment;
    }

    public void AdvanceAll(DateTimeOffset now)
    {
        foreach (var deployment in world.ServiceDeployments.Values.Where(d => !d.IsDone).ToList())
        {
            Advance(deployment, now);
        }
    }

    public void Advance(ServiceDeploymentState d, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(d);
        Replay(d, now);
        _tasks.ReportHealthFailures(Service(d), now);
    }

    private void Replay(ServiceDeploymentState d, DateTimeOffset now)
    {
        var run = d.Run;
        if (d.IsDone)
        {
            return;
        }

        if (run.Index < 0)
        {
            var startAt = d.CreatedAt + Pending;
            if (startAt > now)
            {
                return;
            }

            Start(d, startAt);
        }

        while (!d.IsDone)
        {
            var end = run.PhaseEnd;
            if (!run.RollingBack && NextFailure(d) is { } failure && failure.At <= now && (end is null || failure.At <= end))
            {
                Fail(d, failure.At, failure.Reason, failure.Trigger, failure.AlarmName);
                continue;
            }

            if (end is null || end > now)
            {
                return;
            }

            EndPhase(d, end.Value);
        }
    }

    private void Start(ServiceDeploymentState d, DateTimeOffset at)
    {
        var service = Service(d);
        d.Status = "IN_PROGRESS";
        d.StartedAt = at;
        d.UpdatedAt = at;
        if (d.Configuration["deploymentCircuitBreaker"] is JsonObject breaker && breaker["enable"]?.GetValue<bool>() == true)
        {
            d.CircuitBreakerStatus = "MONITORING";
            d.Threshold = Threshold(breaker, service.DesiredCount);
        }

        if (d.Configuration["alarms"] is JsonObject alarms && alarms["enable"]?.GetValue<bool>() == true)
        {
            d.AlarmStatus = "MONITORING";
        }

        var target = Revision(d.TargetRevisionArn);
        target.RequestedTaskCount = service.DesiredCount;
        target.RolloutStateReason = $"ECS deployment {target.DeploymentId} in progress.";
        d.Run.Failures = new TaskFailurePlan(d.Behavior, target.TargetGroupArn);
        d.Run.Phases.AddRange(d.Run.Initial
            ? [new Phase(PhaseKind.RollingBatch, null, RollingBatch)]
            : DeploymentPlan.Build(d.Configuration, d.SourceRevisionArns.Count > 1));
        StartPhase(d, 0, at);
    }

    // The deployment circuit breaker's threshold: BOUNDED_PERCENT (default, 50) is clamped to 3..200 as ECS documents.
    internal static int Threshold(JsonObject breaker, int desired)
    {
        var config = breaker["thresholdConfiguration"] as JsonObject;
        var type = (string?)config?["type"] ?? "BOUNDED_PERCENT";
        var value = DeploymentPlan.Int(config?["value"]) ?? 50;
        var scaled = (int)Math.Ceiling(desired * value / 100.0);
        return type switch
        {
            "COUNT" => value,
            "UNBOUNDED_PERCENT" => Math.Max(1, scaled),
            _ => Math.Clamp(scaled, 3, 200),
        };
    }

    private void Finish(ServiceDeploymentState d, DateTimeOffset at)
    {
        var service = Service(d);
        var target = Revision(d.TargetRevisionArn);
        d.Status = "SUCCESSFUL";
        d.FinishedAt = at;
        d.UpdatedAt = at;
        CompleteMonitors(d);
        foreach (var source in d.SourceRevisionArns.Select(Revision))
        {
            source.RequestedTaskCount = 0;
            source.ProductionTrafficWeight = 0;
            source.TestTrafficWeight = 0;
            service.ActiveRevisionArns.Remove(source.Arn);
        }

        target.ProductionTrafficWeight = 100;
        target.TestTrafficWeight = 100;
        target.RolloutState = "COMPLETED";
        target.RolloutStateReason = $"ECS deployment {target.DeploymentId} completed.";
        target.UpdatedAt = at;
        _tasks.AddEvent(service, at, $"(service {service.Name}) (deployment {target.DeploymentId}) deployment completed.");
        _tasks.AddEvent(service, at, $"(service {service.Name}) has reached a steady state.");
    }

    private static void CompleteMonitors(ServiceDeploymentState d)
    {
        if (d.CircuitBreakerStatus == "MONITORING")
        {
            d.CircuitBreakerStatus = "MONITORING_COMPLETE";
        }

        if (d.AlarmStatus == "MONITORING")
        {
            d.AlarmStatus = "MONITORING_COMPLETE";
        }
    }

    private void Supersede(ServiceDeploymentState d, DateTimeOffset at)
    {
        d.Status = "STOPPED";
        d.StatusReason = "Service deployment was stopped because a new service deployment started.";
        d.StoppedAt = at;
        d.FinishedAt = at;
        d.UpdatedAt = at;
        CompleteMonitors(d);
        if (d.Run.ActiveHook is { Status: "IN_PROGRESS" or "AWAITING_ACTION" } hook)
        {
            hook.Status = "FAILED";
        }

        var target = Revision(d.TargetRevisionArn);
        target.RolloutState = "FAILED";
        target.RolloutStateReason = $"ECS deployment {target.DeploymentId} was replaced by a newer deployment.";
        target.UpdatedAt = at;
    }

    internal ServiceState Service(ServiceDeploymentState d) => world.Clusters[d.ClusterName].Services[d.ServiceName];

    internal ServiceRevisionState Revision(string arn) => world.ServiceRevisions[arn];

    // Rolling revisions share the service's target group; a blue/green revision takes the one its source is not in.
    private string? TargetGroup(ServiceState service, bool initial)
    {
        var first = service.LoadBalancers.OfType<JsonObject>().FirstOrDefault();
        var main = (string?)first?["targetGroupArn"];
        var alternate = (string?)first?["advancedConfiguration"]?["alternateTargetGroupArn"];
        if (initial || alternate is null || DeploymentPlan.Strategy(service.DeploymentConfiguration) == "ROLLING" || service.ActiveRevisionArns.Count == 0)
        {
            return main;
        }

        return Revision(service.ActiveRevisionArns[0]).TargetGroupArn == main ? alternate : main;
    }
}
