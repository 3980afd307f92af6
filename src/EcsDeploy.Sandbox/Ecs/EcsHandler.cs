using System.Text.Json.Nodes;
using EcsDeploy.Sandbox.EcsDeployments;
using EcsDeploy.Sandbox.Protocol;
using EcsDeploy.Sandbox.State;

namespace EcsDeploy.Sandbox.Ecs;

/// <summary>Amazon ECS: task definitions, services (CodeDeploy task sets or ECS service deployments) and one-off tasks.</summary>
public sealed class EcsHandler(World world, SandboxClock clock) : IServiceHandler, ISimulation
{
    private static readonly HashSet<string> Operations =
    [
        "RegisterTaskDefinition", "DescribeTaskDefinition", "ListTaskDefinitions", "DeregisterTaskDefinition",
        "DescribeServices", "UpdateService", "DescribeClusters", "RunTask", "DescribeTasks", "StopTask", "ListTasks",
        "ListServiceDeployments", "DescribeServiceDeployments", "DescribeServiceRevisions",
        "StopServiceDeployment", "ContinueServiceDeployment",
    ];

    private readonly ServiceDeploymentOperations _deployments = new(world, clock);

    public void Advance(DateTimeOffset now) => _deployments.Engine.AdvanceAll(now);

    public string TargetPrefix => "AmazonEC2ContainerServiceV20141113";

    public string SigningName => "ecs";

    public bool Supports(string operation) => Operations.Contains(operation);

    public JsonNode Handle(string operation, JsonObject body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return operation switch
        {
            "RegisterTaskDefinition" => RegisterTaskDefinition(body),
            "DescribeTaskDefinition" => DescribeTaskDefinition(body),
            "ListTaskDefinitions" => ListTaskDefinitions(body),
            "DeregisterTaskDefinition" => DeregisterTaskDefinition(body),
            "DescribeServices" => DescribeServices(body),
            "UpdateService" => UpdateService(body),
            "DescribeClusters" => DescribeClusters(body),
            "RunTask" => new EcsTasks(world, clock).Run(body, FindCluster((string?)body["cluster"])),
            "DescribeTasks" => new EcsTasks(world, clock).Describe(body, FindCluster((string?)body["cluster"])),
            "StopTask" => new EcsTasks(world, clock).Stop(body, FindCluster((string?)body["cluster"])),
            "ListTasks" => new EcsTaskListing(world, clock).List(body, FindCluster((string?)body["cluster"])),
            "ListServiceDeployments" => _deployments.List(body, FindCluster((string?)body["cluster"] ?? ClusterOfServiceArn((string)body["service"]!))),
            "DescribeServiceDeployments" => _deployments.Describe(body),
            "DescribeServiceRevisions" => _deployments.DescribeRevisions(body),
            "StopServiceDeployment" => _deployments.Stop(body),
            "ContinueServiceDeployment" => _deployments.Continue(body),
            _ => throw new AwsErrorException("UnknownOperationException", $"Operation {operation} is not supported."),
        };
    }

    private JsonObject RegisterTaskDefinition(JsonObject body)
    {
        var registeredBy = $"arn:aws:iam::{world.AccountId}:user/sandbox";
        var state = TaskDefinitionRegistry.Register(world, body, clock.Now, registeredBy);
        return new JsonObject { ["taskDefinition"] = state.Definition.DeepClone(), ["tags"] = state.Tags.DeepClone() };
    }

    private JsonObject DescribeTaskDefinition(JsonObject body)
    {
        var state = TaskDefinitionRegistry.Find(world, (string)body["taskDefinition"]!)
            ?? throw new AwsErrorException("ClientException", "Unable to describe task definition.");
        var result = new JsonObject { ["taskDefinition"] = state.Definition.DeepClone() };
        if ((body["include"] as JsonArray)?.Any(n => (string?)n == "TAGS") == true)
        {
            result["tags"] = state.Tags.DeepClone();
        }

        return result;
    }

    private JsonObject ListTaskDefinitions(JsonObject body)
    {
        var family = (string?)body["familyPrefix"];
        var status = (string?)body["status"] ?? "ACTIVE";
        var all = world.TaskDefinitions.Values
            .SelectMany(r => r)
            .Where(t => family is null || t.Family == family)
            .Where(t => t.Status == status)
            .OrderBy(t => t.Family, StringComparer.Ordinal)
            .ThenBy(t => t.Revision)
            .Select(t => t.Arn)
            .ToList();
        if ((string?)body["sort"] == "DESC")
        {
            all.Reverse();
        }

        var start = int.TryParse((string?)body["nextToken"], out var token) ? token : 0;
        var size = (int?)body["maxResults"] ?? 100;
        var page = all.Skip(start).Take(size).ToList();
        var result = new JsonObject { ["taskDefinitionArns"] = new JsonArray([.. page.Select(a => (JsonNode)a)]) };
        if (start + size < all.Count)
        {
            result["nextToken"] = (start + size).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return result;
    }

    private JsonObject DeregisterTaskDefinition(JsonObject body)
    {
        var reference = (string)body["taskDefinition"]!;
        if (!reference.Contains(':', StringComparison.Ordinal))
        {
            throw new AwsErrorException("ClientException", "Revision must be specified in the task definition.");
        }

        var state = TaskDefinitionRegistry.Find(world, reference)
            ?? throw new AwsErrorException("ClientException", "The specified task definition does not exist.");
        state.Status = "INACTIVE";
        state.Definition["status"] = "INACTIVE";
        state.Definition["deregisteredAt"] = clock.Now.ToUnixTimeMilliseconds() / 1000.0;
        return new JsonObject { ["taskDefinition"] = state.Definition.DeepClone() };
    }

    private JsonObject DescribeServices(JsonObject body)
    {
        var cluster = FindCluster((string?)body["cluster"]);
        var services = new JsonArray();
        var failures = new JsonArray();
        foreach (var reference in body["services"]!.AsArray().Select(n => (string)n!))
        {
            if (cluster.Services.TryGetValue(NameOf(reference), out var service))
            {
                services.Add(EcsServiceView.Render(service, clock.Now, world));
            }
            else
            {
                var arn = reference.StartsWith("arn:", StringComparison.Ordinal)
                    ? reference
                    : $"arn:aws:ecs:{world.Region}:{world.AccountId}:service/{cluster.Name}/{reference}";
                failures.Add(new JsonObject { ["arn"] = arn, ["reason"] = "MISSING" });
            }
        }

        return new JsonObject { ["services"] = services, ["failures"] = failures };
    }

    private JsonObject UpdateService(JsonObject body)
    {
        var cluster = FindCluster((string?)body["cluster"]);
        if (!cluster.Services.TryGetValue(NameOf((string)body["service"]!), out var service))
        {
            throw new AwsErrorException("ServiceNotFoundException", "Service not found.");
        }

        if (service.Status != "ACTIVE")
        {
            throw new AwsErrorException("ServiceNotActiveException", "Service was not ACTIVE.");
        }

        if (service.DeploymentController == "ECS")
        {
            _deployments.UpdateService(service, body);
            return new JsonObject { ["service"] = EcsServiceView.Render(service, clock.Now, world) };
        }

        if (body["taskDefinition"] is JsonNode reference)
        {
            if (service.DeploymentController == "CODE_DEPLOY")
            {
                throw new AwsErrorException("InvalidParameterException",
                    "Unable to update task definition on services with a CODE_DEPLOY deployment controller. Use AWS CodeDeploy to trigger a new deployment.");
            }

            var definition = TaskDefinitionRegistry.Find(world, (string)reference!)
                ?? throw new AwsErrorException("ClientException", "TaskDefinition not found.");
            service.TaskDefinitionArn = definition.Arn;
        }

        if ((int?)body["desiredCount"] is int desired)
        {
            service.DesiredCount = desired;
            foreach (var set in service.TaskSets)
            {
                set.RunningCount = (int)Math.Ceiling(desired * set.ScalePercent / 100);
            }
        }

        return new JsonObject { ["service"] = EcsServiceView.Render(service, clock.Now, world) };
    }

    private JsonObject DescribeClusters(JsonObject body)
    {
        var clusters = new JsonArray();
        var failures = new JsonArray();
        var names = (body["clusters"] as JsonArray)?.Select(n => (string)n!).ToList() ?? ["default"];
        foreach (var reference in names)
        {
            if (world.Clusters.TryGetValue(NameOf(reference), out var cluster))
            {
                clusters.Add(new JsonObject
                {
                    ["clusterArn"] = cluster.Arn,
                    ["clusterName"] = cluster.Name,
                    ["status"] = "ACTIVE",
                    ["activeServicesCount"] = cluster.Services.Count,
                    ["runningTasksCount"] = cluster.Services.Values.Sum(s => s.TaskSets.Sum(t => t.RunningCount)),
                    ["pendingTasksCount"] = 0,
                    ["registeredContainerInstancesCount"] = 0,
                });
            }
            else
            {
                failures.Add(new JsonObject { ["arn"] = $"arn:aws:ecs:{world.Region}:{world.AccountId}:cluster/{reference}", ["reason"] = "MISSING" });
            }
        }

        return new JsonObject { ["clusters"] = clusters, ["failures"] = failures };
    }

    private ClusterState FindCluster(string? reference)
    {
        var name = NameOf(reference ?? "default");
        return world.Clusters.TryGetValue(name, out var cluster)
            ? cluster
            : throw new AwsErrorException("ClusterNotFoundException", "Cluster not found.");
    }

    // arn:aws:ecs:region:account:service/cluster/name names its cluster; a plain name means the default cluster.
    private static string ClusterOfServiceArn(string service) =>
        service.StartsWith("arn:", StringComparison.Ordinal) && service.Split('/') is { Length: 3 } parts ? parts[1] : "default";

    // Services and clusters are named either plainly or by ARN (…:service/cluster/name or …:cluster/name).
    private static string NameOf(string reference) =>
        reference.StartsWith("arn:", StringComparison.Ordinal) ? reference[(reference.LastIndexOf('/') + 1)..] : reference;
}
