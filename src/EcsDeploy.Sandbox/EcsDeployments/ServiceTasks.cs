using System.Text.Json.Nodes;
using EcsDeploy.Sandbox.State;
using static EcsDeploy.Sandbox.EcsDeployments.DeploymentTimings;

namespace EcsDeploy.Sandbox.EcsDeployments;

/// <summary>Starts and stops the tasks of an ECS-controller service and writes the service events ECS writes for them.</summary>
internal sealed class ServiceTasks(World world)
{
    /// <summary>ECS keeps the newest 100 events of a service.</summary>
    public const int MaxEvents = 100;

    /// <summary>Starts tasks of a revision at <paramref name="at"/>; <paramref name="failures"/> says how each one fails, if it does.</summary>
    public List<ServiceTaskState> Launch(ServiceState service, ServiceRevisionState revision, int count, DateTimeOffset at, TaskFailurePlan? failures = null)
    {
        var cluster = ClusterName(service);
        var started = new List<ServiceTaskState>();
        for (var i = 0; i < count; i++)
        {
            var id = StableIds.Hex($"{cluster}/{service.Name}/task/{world.NextId++}")[..32];
            var task = new ServiceTaskState
            {
                Arn = $"arn:aws:ecs:{world.Region}:{world.AccountId}:task/{cluster}/{id}",
                RevisionArn = revision.Arn,
                TaskDefinitionArn = revision.TaskDefinitionArn,
                StartedBy = revision.DeploymentId,
                CreatedAt = at,
                RunningAt = at + TaskStart,
            };
            failures?.Apply(task, at);
            service.Tasks.Add(task);
            started.Add(task);
        }

        if (started.Count > 0)
        {
            AddEvent(service, at, $"(service {service.Name}) has started {started.Count} tasks: {TaskList(started)}.");
        }

        return started;
    }

    /// <summary>Stops tasks at <paramref name="at"/> as the scheduler does when a deployment scales a revision in.</summary>
    public void Stop(ServiceState service, IReadOnlyList<ServiceTaskState> tasks, DateTimeOffset at, string deploymentId)
    {
        if (tasks.Count == 0)
        {
            return;
        }

        var registered = tasks.Where(t => t.Registered && t.IsRunningAt(at)).ToList();
        if (registered.Count > 0)
        {
            AddEvent(service, at, $"(service {service.Name}) has begun draining connections on {registered.Count} tasks.");
            foreach (var group in registered.GroupBy(t => world.ServiceRevisions[t.RevisionArn].TargetGroupArn).Where(g => g.Key is not null))
            {
                AddEvent(service, at, $"(service {service.Name}) deregistered {group.Count()} targets in (target-group {group.Key})");
            }
        }

        foreach (var task in tasks)
        {
            // Stopped by the scheduler before it could fail as the scenario planned: it did not fail.
            task.Failed = false;
            task.ContainerReason = null;
            task.StoppedAt = at;
            task.StopCode = "ServiceSchedulerInitiated";
            task.StoppedReason = $"Scaling activity initiated by (deployment {deploymentId})";
            task.ExitCode = task.RunningAt is { } r && r <= at ? 0 : null;
        }

        AddEvent(service, at, $"(service {service.Name}) has stopped {tasks.Count} running tasks: {TaskList(tasks)}.");
    }

    /// <summary>Tasks of the service not stopped at <paramref name="at"/>, optionally only those of one revision.</summary>
    public static List<ServiceTaskState> Alive(ServiceState service, DateTimeOffset at, string? revisionArn = null) =>
        [.. service.Tasks.Where(t => t.CreatedAt <= at && !t.IsStoppedAt(at) && (revisionArn is null || t.RevisionArn == revisionArn))];

    /// <summary>Registers the revision's healthy tasks in its target group, as ECS does once they pass health checks.</summary>
    public void Register(ServiceState service, ServiceRevisionState revision, DateTimeOffset at)
    {
        var healthy = service.Tasks.Where(t => t.RevisionArn == revision.Arn && !t.Registered && !t.Failed && t.IsRunningAt(at)).ToList();
        foreach (var task in healthy)
        {
            task.Registered = true;
        }

        if (healthy.Count > 0 && revision.TargetGroupArn is { } group)
        {
            AddEvent(service, at, $"(service {service.Name}) registered {healthy.Count} targets in (target-group {group})");
        }
    }

    /// <summary>Writes the events of tasks that failed their load balancer health checks up to <paramref name="upTo"/>, at the time they did.</summary>
    public void ReportHealthFailures(ServiceState service, DateTimeOffset upTo)
    {
        var port = DeploymentPlan.Int(service.LoadBalancers.OfType<JsonObject>().FirstOrDefault()?["containerPort"]);
        foreach (var task in service.Tasks.Where(t => t.Failed && !t.FailureReported && t.StopCode == "ServiceSchedulerInitiated" && t.IsStoppedAt(upTo)).ToList())
        {
            task.FailureReported = true;
            var group = world.ServiceRevisions[task.RevisionArn].TargetGroupArn;
            var id = task.Arn[(task.Arn.LastIndexOf('/') + 1)..];
            AddEvent(service, task.StoppedAt!.Value, group is null
                ? $"(service {service.Name}) (task {id}) failed container health checks."
                : $"(service {service.Name}) (task {id}) (port {port}) is unhealthy in (target-group {group}) due to (reason Health checks failed).");
            AddEvent(service, task.StoppedAt!.Value, $"(service {service.Name}) has stopped 1 running tasks: (task {id}).");
        }
    }

    /// <summary>Adds an event in time order (events are written as the simulation reaches them, not always in order).</summary>
    public void AddEvent(ServiceState service, DateTimeOffset at, string message)
    {
        var hex = StableIds.Hex($"{service.Arn}/event/{world.NextId++}");
        var index = service.Events.FindLastIndex(e => e.CreatedAt <= at) + 1;
        service.Events.Insert(index, new ServiceEventState($"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..32]}", at, message));
        if (service.Events.Count > MaxEvents)
        {
            service.Events.RemoveAt(0);
        }
    }

    private static string TaskList(IEnumerable<ServiceTaskState> tasks) =>
        string.Join(' ', tasks.Select(t => "(task " + t.Arn[(t.Arn.LastIndexOf('/') + 1)..] + ")"));

    private static string ClusterName(ServiceState service) => service.ClusterArn[(service.ClusterArn.LastIndexOf('/') + 1)..];
}

/// <summary>How a deployment's new tasks fail (from its behaviour), counting failures across launches.</summary>
internal sealed class TaskFailurePlan(EcsDeploymentBehavior behavior, string? targetGroupArn)
{
    private int _failedToStart;
    private int _failedHealth;

    /// <summary>Seconds after its start at which a task failing health checks is stopped.</summary>
    public static readonly TimeSpan HealthCheckFailure = TimeSpan.FromSeconds(50);

    /// <summary>Seconds after its start at which a task whose essential container exits is stopped.</summary>
    public static readonly TimeSpan EssentialExit = TimeSpan.FromSeconds(45);

    public void Apply(ServiceTaskState task, DateTimeOffset at)
    {
        if (behavior.TasksFailToStart < 0 || _failedToStart < behavior.TasksFailToStart)
        {
            _failedToStart++;
            task.RunningAt = null;
            task.StoppedAt = at + TaskStart;
            task.StopCode = "TaskFailedToStart";
            task.StoppedReason = behavior.FailToStartReason;
            task.Failed = true;
        }
        else if (behavior.TasksFailHealthChecks < 0 || _failedHealth < behavior.TasksFailHealthChecks)
        {
            _failedHealth++;
            task.StoppedAt = at + HealthCheckFailure;
            task.StopCode = "ServiceSchedulerInitiated";
            task.StoppedReason = targetGroupArn is null
                ? "Task failed container health checks"
                : $"Task failed ELB health checks in (target-group {targetGroupArn})";
            task.ExitCode = 143;
            task.Failed = true;
        }
        else if (behavior.EssentialExitCode is { } code)
        {
            task.StoppedAt = at + EssentialExit;
            task.StopCode = "EssentialContainerExited";
            task.StoppedReason = "Essential container in task exited";
            task.ExitCode = code;
            task.ContainerReason = behavior.EssentialExitReason;
            task.Failed = true;
        }

    }
}
