using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EcsDeploy.Sandbox.CodeDeploy;

/// <summary>The parts of an ECS AppSpec the simulation needs.</summary>
public sealed record AppSpec(
    string TaskDefinition,
    string? ContainerName,
    int? ContainerPort,
    IReadOnlyList<AppSpecHook> Hooks)
{
    /// <summary>The Lambda function of a hook event, or null when the AppSpec has none for it.</summary>
    public string? HookFor(string eventName) =>
        Hooks.FirstOrDefault(h => string.Equals(h.EventName, eventName, StringComparison.OrdinalIgnoreCase))?.FunctionArn;
}

/// <summary>One entry of the AppSpec's Hooks list.</summary>
public sealed record AppSpecHook(string EventName, string FunctionArn);

/// <summary>Reads an ECS AppSpec (YAML or JSON; keys case-insensitive, as CodeDeploy accepts them).</summary>
public static class AppSpecReader
{
    /// <summary>Parses the content; throws <see cref="FormatException"/> with a message fit for InvalidRevisionException.</summary>
    public static AppSpec Read(string content)
    {
        YamlMappingNode root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(content));
            root = stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode m
                ? m
                : throw new FormatException("The AppSpec content is not a mapping; expected keys version, Resources and optionally Hooks.");
        }
        catch (YamlException e)
        {
            throw new FormatException($"The AppSpec content is not valid YAML or JSON: {e.Message}", e);
        }

        var resources = Get(root, "Resources") as YamlSequenceNode;
        if (resources is null || resources.Children.Count == 0)
        {
            throw new FormatException("The AppSpec has no Resources list; add one TargetService of Type AWS::ECS::Service.");
        }

        // Resources[0] is {<name>: {Type, Properties}}; the name is the author's choice (usually TargetService).
        var target = resources.Children[0] is YamlMappingNode first && first.Children.Count > 0
            ? first.Children[0].Value as YamlMappingNode
            : null;
        var properties = target is null ? null : Get(target, "Properties") as YamlMappingNode;
        var taskDefinition = properties is null ? null : Scalar(Get(properties, "TaskDefinition"));
        if (string.IsNullOrWhiteSpace(taskDefinition))
        {
            throw new FormatException("The AppSpec's Resources[0].TargetService.Properties.TaskDefinition is missing.");
        }

        var loadBalancer = properties is null ? null : Get(properties, "LoadBalancerInfo") as YamlMappingNode;
        var containerName = loadBalancer is null ? null : Scalar(Get(loadBalancer, "ContainerName"));
        int? containerPort = null;
        if (loadBalancer is not null && Scalar(Get(loadBalancer, "ContainerPort")) is { } port)
        {
            containerPort = int.TryParse(port, NumberStyles.Integer, CultureInfo.InvariantCulture, out var p)
                ? p
                : throw new FormatException($"The AppSpec's ContainerPort '{port}' is not a number.");
        }

        return new AppSpec(taskDefinition, containerName, containerPort, ReadHooks(Get(root, "Hooks")));
    }

    private static List<AppSpecHook> ReadHooks(YamlNode? node)
    {
        var hooks = new List<AppSpecHook>();
        // The documented form is a list of one-key maps; a plain map is accepted too.
        var maps = node switch
        {
            YamlSequenceNode seq => seq.Children.OfType<YamlMappingNode>(),
            YamlMappingNode map => [map],
            _ => [],
        };
        foreach (var map in maps)
        {
            foreach (var (key, value) in map.Children)
            {
                if (Scalar(key) is { } name && Scalar(value) is { Length: > 0 } arn)
                {
                    hooks.Add(new AppSpecHook(name, arn));
                }
            }
        }

        return hooks;
    }

    private static YamlNode? Get(YamlMappingNode map, string key) =>
        map.Children.FirstOrDefault(kv => string.Equals(Scalar(kv.Key), key, StringComparison.OrdinalIgnoreCase)).Value;

    private static string? Scalar(YamlNode? node) => (node as YamlScalarNode)?.Value;
}
