using System.Text.Json.Nodes;
using EcsDeploy.Sandbox.Protocol;
using EcsDeploy.Sandbox.State;

namespace EcsDeploy.Sandbox.Ecs;

/// <summary>Registers and finds task definition revisions in the world; shared by the ECS handler and the scenario loader.</summary>
public static class TaskDefinitionRegistry
{
    /// <summary>Registers a RegisterTaskDefinition request as the family's next revision, adding the fields AWS adds.</summary>
    public static TaskDefinitionState Register(World world, JsonObject request, DateTimeOffset now, string registeredBy)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(request);
        var definition = request.DeepClone().AsObject();
        var tags = definition["tags"] as JsonArray ?? [];
        definition.Remove("tags");
        var family = (string?)definition["family"] ?? throw new AwsErrorException("ClientException", "Family is required.");
        if (!world.TaskDefinitions.TryGetValue(family, out var revisions))
        {
            revisions = [];
            world.TaskDefinitions[family] = revisions;
        }

        var revision = revisions.Count + 1;
        var arn = $"arn:aws:ecs:{world.Region}:{world.AccountId}:task-definition/{family}:{revision}";
        ApplyDefaults(definition);
        definition["taskDefinitionArn"] = arn;
        definition["revision"] = revision;
        definition["status"] = "ACTIVE";
        definition["requiresAttributes"] = RequiredAttributes(definition);
        definition["compatibilities"] = Compatibilities(definition);
        definition["registeredAt"] = now.ToUnixTimeMilliseconds() / 1000.0;
        definition["registeredBy"] = registeredBy;
        var state = new TaskDefinitionState
        {
            Arn = arn,
            Family = family,
            Revision = revision,
            Definition = definition,
            Tags = (JsonArray)tags.DeepClone(),
        };
        revisions.Add(state);
        return state;
    }

    /// <summary>Finds a revision by family (latest ACTIVE), family:revision or ARN; null when there is none.</summary>
    public static TaskDefinitionState? Find(World world, string reference)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(reference);
        var name = reference.StartsWith("arn:", StringComparison.Ordinal)
            ? reference[(reference.IndexOf("task-definition/", StringComparison.Ordinal) is var i and >= 0 ? i + 16 : reference.Length)..]
            : reference;
        var colon = name.LastIndexOf(':');
        if (colon < 0)
        {
            return world.TaskDefinitions.TryGetValue(name, out var all) ? all.LastOrDefault(t => t.Status == "ACTIVE") : null;
        }

        if (!int.TryParse(name[(colon + 1)..], out var revision)
            || !world.TaskDefinitions.TryGetValue(name[..colon], out var revisions)
            || revision < 1 || revision > revisions.Count)
        {
            return null;
        }

        return revisions[revision - 1];
    }

    // AWS fills these in on registration; echoing them makes describe output look like the real thing.
    private static void ApplyDefaults(JsonObject definition)
    {
        var awsvpc = (string?)definition["networkMode"] == "awsvpc";
        foreach (var container in (definition["containerDefinitions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            container["essential"] ??= true;
            container["environment"] ??= new JsonArray();
            container["mountPoints"] ??= new JsonArray();
            container["volumesFrom"] ??= new JsonArray();
            container["portMappings"] ??= new JsonArray();
            foreach (var mapping in container["portMappings"]!.AsArray().OfType<JsonObject>())
            {
                mapping["protocol"] ??= "tcp";
                if (awsvpc && mapping["containerPort"] is JsonNode port)
                {
                    mapping["hostPort"] ??= port.DeepClone();
                }
            }
        }

        definition["volumes"] ??= new JsonArray();
        definition["placementConstraints"] ??= new JsonArray();
    }

    private static JsonArray RequiredAttributes(JsonObject definition)
    {
        var names = new List<string>();
        var containers = (definition["containerDefinitions"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        if (containers.Any(c => (string?)c["logConfiguration"]?["logDriver"] == "awslogs"))
        {
            names.Add("com.amazonaws.ecs.capability.logging-driver.awslogs");
            if (definition["executionRoleArn"] is not null)
            {
                names.Add("ecs.capability.execution-role-awslogs");
            }
        }

        if (definition["executionRoleArn"] is not null && containers.Any(c => ((string?)c["image"] ?? "").Contains(".dkr.ecr.", StringComparison.Ordinal)))
        {
            names.Add("ecs.capability.execution-role-ecr-pull");
        }

        if (definition["taskRoleArn"] is not null)
        {
            names.Add("com.amazonaws.ecs.capability.task-iam-role");
        }

        if ((string?)definition["networkMode"] == "awsvpc")
        {
            names.Add("ecs.capability.task-eni");
        }

        names.Add("com.amazonaws.ecs.capability.docker-remote-api.1.18");
        return new JsonArray([.. names.Select(n => (JsonNode)new JsonObject { ["name"] = n })]);
    }

    private static JsonArray Compatibilities(JsonObject definition)
    {
        var requires = (definition["requiresCompatibilities"] as JsonArray ?? []).Select(n => (string?)n).ToList();
        var awsvpc = (string?)definition["networkMode"] == "awsvpc";
        var result = new JsonArray("EC2");
        if (requires.Contains("FARGATE") || (awsvpc && definition["cpu"] is not null && definition["memory"] is not null))
        {
            result.Add("FARGATE");
        }

        return result;
    }
}
