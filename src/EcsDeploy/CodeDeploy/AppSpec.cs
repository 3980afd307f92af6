using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EcsDeploy.Aws.CodeDeploy;
using EcsDeploy.Aws.Ecs;
using EcsDeploy.Yaml;

namespace EcsDeploy.CodeDeploy;

/// <summary>The AppSpec of an ECS deployment: read from a file and pointed at the new revision, or generated from the service.</summary>
public static class AppSpec
{
    /// <summary>Parses a YAML or JSON AppSpec; throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static JsonObject Parse(string text)
    {
        var root = YamlToJson.Convert(text) as JsonObject ?? throw new FormatException("the file is empty or not a mapping");
        var resources = Get(root, "Resources") as JsonArray ?? throw new FormatException("it has no Resources list");
        if (!resources.Any(r => PropertiesOf(r) is not null))
        {
            throw new FormatException("no entry of Resources has a Properties mapping (Resources[].TargetService.Properties)");
        }

        return root;
    }

    /// <summary>Sets every Resources[].*.Properties.TaskDefinition (keys matched case-insensitively) to <paramref name="taskDefinitionArn"/>; returns how many.</summary>
    public static int SetTaskDefinition(JsonObject appSpec, string taskDefinitionArn)
    {
        ArgumentNullException.ThrowIfNull(appSpec);
        var count = 0;
        foreach (var resource in Get(appSpec, "Resources") as JsonArray ?? [])
        {
            if (PropertiesOf(resource) is { } properties)
            {
                var key = properties.Select(p => p.Key).FirstOrDefault(k => k.Equals("TaskDefinition", StringComparison.OrdinalIgnoreCase)) ?? "TaskDefinition";
                properties[key] = taskDefinitionArn;
                count++;
            }
        }

        return count;
    }

    /// <summary>Why an AppSpec cannot be generated for <paramref name="service"/>, or null when it can.</summary>
    public static string? GenerationProblem(EcsService service)
    {
        ArgumentNullException.ThrowIfNull(service);
        return LoadBalancerOf(service) is null
            ? $"Service '{service.ServiceName}' has no load balancer with a container name and port, so no AppSpec can be generated; add an AppSpec file and name it in 'codedeploy-appspec'."
            : null;
    }

    /// <summary>Builds the AppSpec for <paramref name="service"/>: its load balancer, platform version, network and capacity provider settings.</summary>
    public static JsonObject Generate(EcsService service, string taskDefinitionArn, IReadOnlyList<AppSpecHook> hooks)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(hooks);
        var loadBalancer = LoadBalancerOf(service) ?? throw new InvalidOperationException(GenerationProblem(service));
        var properties = new JsonObject
        {
            ["TaskDefinition"] = taskDefinitionArn,
            ["LoadBalancerInfo"] = new JsonObject
            {
                ["ContainerName"] = loadBalancer.ContainerName,
                ["ContainerPort"] = loadBalancer.ContainerPort,
            },
        };
        if (service.PlatformVersion is { Length: > 0 } platform)
        {
            properties["PlatformVersion"] = platform;
        }

        if (service.NetworkConfiguration?.AwsvpcConfiguration is { } vpc)
        {
            var awsvpc = new JsonObject { ["Subnets"] = Strings(vpc.Subnets) };
            if (vpc.SecurityGroups is { Count: > 0 } groups)
            {
                awsvpc["SecurityGroups"] = Strings(groups);
            }

            if (vpc.AssignPublicIp is { } assign)
            {
                awsvpc["AssignPublicIp"] = assign;
            }

            properties["NetworkConfiguration"] = new JsonObject { ["AwsvpcConfiguration"] = awsvpc };
        }

        if (service.CapacityProviderStrategy is { Count: > 0 } strategy)
        {
            properties["CapacityProviderStrategy"] = new JsonArray([.. strategy.Select(item =>
            {
                var entry = new JsonObject();
                if (item.Base is { } b)
                {
                    entry["Base"] = b;
                }

                entry["CapacityProvider"] = item.CapacityProvider;
                if (item.Weight is { } w)
                {
                    entry["Weight"] = w;
                }

                return (JsonNode)entry;
            })]);
        }

        var appSpec = new JsonObject
        {
            ["version"] = JsonNode.Parse("0.0"),
            ["Resources"] = new JsonArray(new JsonObject
            {
                ["TargetService"] = new JsonObject { ["Type"] = "AWS::ECS::Service", ["Properties"] = properties },
            }),
        };
        if (hooks.Count > 0)
        {
            appSpec["Hooks"] = new JsonArray([.. hooks.Select(h => (JsonNode)new JsonObject { [h.Event] = h.Function })]);
        }

        return appSpec;
    }

    /// <summary>The AppSpec as CodeDeploy receives it: indented JSON and its SHA-256 in lower-case hex.</summary>
    public static AppSpecContent ToContent(JsonObject appSpec)
    {
        ArgumentNullException.ThrowIfNull(appSpec);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            appSpec.WriteTo(writer);
        }

        var bytes = buffer.ToArray();
        return new AppSpecContent(Encoding.UTF8.GetString(bytes), Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    private static EcsLoadBalancer? LoadBalancerOf(EcsService service) =>
        service.LoadBalancers?.FirstOrDefault(lb => lb.ContainerName is { Length: > 0 } && lb.ContainerPort is not null);

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)JsonValue.Create(v))]);

    private static JsonObject? PropertiesOf(JsonNode? resource)
    {
        if (resource is not JsonObject entry)
        {
            return null;
        }

        // Each resource is a one-key mapping: { <name>: { Type, Properties } }.
        foreach (var (_, body) in entry)
        {
            if (body is JsonObject target && Get(target, "Properties") is JsonObject properties)
            {
                return properties;
            }
        }

        return null;
    }

    private static JsonNode? Get(JsonObject node, string name) =>
        node.FirstOrDefault(p => p.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;
}
