using System.Globalization;
using System.Text.Json.Nodes;
using EcsDeploy.Sandbox.EcsDeployments;
using EcsDeploy.Sandbox.Protocol;
using EcsDeploy.Sandbox.State;

namespace EcsDeploy.Sandbox.Ecs;

/// <summary>ListTasks over one-off tasks and the tasks services started, and DescribeTasks for the latter.</summary>
internal sealed class EcsTaskListing(World world, SandboxClock clock)
{
    public const int DefaultPageSize = 100;

    public JsonObject List(JsonObject body, ClusterState cluster)
    {
        var now = clock.Now;
        var desired = (string?)body["desiredStatus"] ?? "RUNNING";
        var startedBy = (string?)body["startedBy"];
        var family = (string?)body["family"];
        ServiceState? service = null;
        if ((string?)body["serviceName"] is { } serviceName)
        {
            service = cluster.Services.GetValueOrDefault(serviceName[(serviceName.LastIndexOf('/') + 1)..])
                ?? throw new AwsErrorException("ServiceNotFoundException", "Service not found.");
        }

        var rows = new List<(string Arn, string Definition, string StartedBy, string Desired)>();
        if (service is null)
        {
            var tasks = new EcsTasks(world, clock);
            foreach (var task in cluster.Tasks)
            {
                var rendered = tasks.Describe(new JsonObject { ["tasks"] = new JsonArray((string)task["taskArn"]!) }, cluster)["tasks"]![0]!;
                rows.Add(((string)rendered["taskArn"]!, (string)rendered["taskDefinitionArn"]!, (string?)rendered["startedBy"] ?? "", (string)rendered["desiredStatus"]!));
            }
        }

        IEnumerable<ServiceState> owners = service is null ? cluster.Services.Values : [service];
        foreach (var owner in owners)
        {
            rows.AddRange(owner.Tasks.Where(t => t.CreatedAt <= now)
                .Select(t => (t.Arn, t.TaskDefinitionArn, t.StartedBy, ServiceTaskView.DesiredStatus(t, now))));
        }

        var all = rows
            .Where(r => r.Desired == desired)
            .Where(r => startedBy is null || r.StartedBy == startedBy)
            .Where(r => family is null || r.Definition.Contains($":task-definition/{family}:", StringComparison.Ordinal))
            .Select(r => r.Arn)
            .ToList();
        var size = (int?)body["maxResults"] ?? DefaultPageSize;
        var start = int.TryParse((string?)body["nextToken"], NumberStyles.None, CultureInfo.InvariantCulture, out var token) ? token : 0;
        var result = new JsonObject { ["taskArns"] = new JsonArray([.. all.Skip(start).Take(size).Select(a => (JsonNode)a)]) };
        if (start + size < all.Count)
        {
            result["nextToken"] = (start + size).ToString(CultureInfo.InvariantCulture);
        }

        return result;
    }

    /// <summary>A service's task by ARN or id, rendered, or null when no service of the cluster started it.</summary>
    public JsonObject? DescribeServiceTask(ClusterState cluster, string reference)
    {
        foreach (var service in cluster.Services.Values)
        {
            var task = service.Tasks.Find(t => t.Arn == reference || t.Arn.EndsWith("/" + reference, StringComparison.Ordinal));
            if (task is not null && task.CreatedAt <= clock.Now)
            {
                return ServiceTaskView.Render(world, service, task, clock.Now);
            }
        }

        return null;
    }
}
