using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EcsDeploy.Aws.Ecs;
using EcsDeploy.Runtime;
using EcsDeploy.Yaml;

namespace EcsDeploy.RunTask;

/// <summary>The run-task inputs of aws-actions/amazon-ecs-deploy-task-definition: a one-off task run with the new revision before the deployment.</summary>
public sealed partial record RunTaskInputs
{
    public const string StartedByDefault = "GitHub-Actions";

    /// <summary>`run-task` (default false).</summary>
    public bool Enabled { get; init; }

    /// <summary>`wait-for-task-stopped` (default false): wait for the tasks to stop and fail on a non-zero exit code.</summary>
    public bool WaitForStopped { get; init; }

    public string StartedBy { get; init; } = StartedByDefault;
    public string LaunchType { get; init; } = "FARGATE";
    public IReadOnlyList<string> Subnets { get; init; } = [];
    public IReadOnlyList<string> SecurityGroups { get; init; } = [];
    public string AssignPublicIp { get; init; } = "DISABLED";
    public JsonArray? ContainerOverrides { get; init; }
    public JsonArray? Tags { get; init; }
    public JsonArray? CapacityProviderStrategy { get; init; }
    public string? ManagedEbsVolumeName { get; init; }
    public JsonObject? ManagedEbsVolume { get; init; }

    /// <summary>`enable-ecs-managed-tags`; null when not given, so RunTask keeps the ECS default.</summary>
    public bool? EnableEcsManagedTags { get; init; }

    /// <summary>Lines to print as warnings (inputs accepted but ignored, as the official action does).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    private static readonly string[] ContainerOverrideMembers = ["name", "command", "environment", "environmentFiles", "cpu", "memory", "memoryReservation", "resourceRequirements"];
    private static readonly string[] StrategyMembers = ["capacityProvider", "weight", "base"];
    private static readonly string[] EbsMembers =
        ["encrypted", "kmsKeyId", "volumeType", "sizeInGiB", "snapshotId", "volumeInitializationRate", "iops", "throughput", "tagSpecifications", "roleArn", "terminationPolicy", "filesystemType"];

    /// <summary>Parses the inputs; problems are collected in <paramref name="reader"/>, each naming the input and its value.</summary>
    public static RunTaskInputs Parse(InputReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var warnings = new List<string>();
        var startedBy = reader.GetString("run-task-started-by", StartedByDefault);
        if (!StartedByPattern().IsMatch(startedBy))
        {
            reader.AddError("run-task-started-by", startedBy, "is not accepted by ECS; use up to 128 letters, digits, '-', '_' and '/'");
        }

        var volumeName = reader.GetString("run-task-managed-ebs-volume-name");
        // '{}' is the official action's default and means "no volume".
        var volumeText = reader.GetString("run-task-managed-ebs-volume");
        var noVolume = volumeText is null || IsEmptyObject(volumeText);
        var volume = noVolume ? null : JsonInput<JsonObject>(reader, "run-task-managed-ebs-volume", "a JSON object such as {\"roleArn\":\"arn:aws:iam::123456789012:role/ecsInfrastructureRole\",\"sizeInGiB\":20}", CheckEbsVolume);
        if (volumeName is not null && noVolume)
        {
            warnings.Add("Input 'run-task-managed-ebs-volume-name' is given without 'run-task-managed-ebs-volume'; no volume is configured for the task.");
        }
        else if (volumeName is null && volume is not null)
        {
            warnings.Add("Input 'run-task-managed-ebs-volume' is given without 'run-task-managed-ebs-volume-name'; no volume is configured for the task.");
        }

        return new RunTaskInputs
        {
            Enabled = reader.GetBoolean("run-task", false),
            WaitForStopped = reader.GetBoolean("wait-for-task-stopped", false),
            StartedBy = startedBy,
            LaunchType = reader.GetChoice("run-task-launch-type", "FARGATE", "FARGATE", "EC2", "EXTERNAL", "MANAGED_INSTANCES"),
            Subnets = Ids(reader, "run-task-subnets", SubnetPattern(), "subnet-0a1b2c3d4e5f60001"),
            SecurityGroups = Ids(reader, "run-task-security-groups", SecurityGroupPattern(), "sg-0a1b2c3d4e5f60001"),
            AssignPublicIp = reader.GetChoice("run-task-assign-public-IP", "DISABLED", "DISABLED", "ENABLED"),
            ContainerOverrides = JsonInput<JsonArray>(reader, "run-task-container-overrides", "a JSON array such as [{\"name\":\"web\",\"command\":[\"./migrate\"]}]", CheckOverrides),
            Tags = JsonInput<JsonArray>(reader, "run-task-tags", "a JSON array such as [{\"key\":\"purpose\",\"value\":\"migration\"}]", CheckTags),
            CapacityProviderStrategy = JsonInput<JsonArray>(reader, "run-task-capacity-provider-strategy", "a JSON array such as [{\"capacityProvider\":\"FARGATE_SPOT\",\"weight\":1}]", CheckStrategy),
            ManagedEbsVolumeName = volumeName,
            ManagedEbsVolume = volume,
            EnableEcsManagedTags = reader.GetString("enable-ecs-managed-tags") is null ? null : reader.GetBoolean("enable-ecs-managed-tags", false),
            Warnings = warnings,
        };
    }

    /// <summary>
    /// The RunTask request body for the new revision, built as the official action builds it, except that without
    /// run-task-subnets and run-task-security-groups the task gets the service's network (awsvpc tasks need one).
    /// </summary>
    public JsonObject ToRequest(string cluster, string taskDefinitionArn, AwsVpcConfiguration? serviceNetwork = null)
    {
        var request = new JsonObject
        {
            ["cluster"] = cluster,
            ["taskDefinition"] = taskDefinitionArn,
            ["startedBy"] = StartedBy,
        };
        if (CapacityProviderStrategy is { Count: > 0 })
        {
            // ECS refuses a launch type next to a capacity provider strategy.
            request["capacityProviderStrategy"] = CapacityProviderStrategy.DeepClone();
        }
        else
        {
            request["launchType"] = LaunchType;
        }

        if (Subnets.Count > 0 || SecurityGroups.Count > 0)
        {
            var vpc = new JsonObject();
            if (Subnets.Count > 0)
            {
                vpc["subnets"] = new JsonArray([.. Subnets.Select(s => (JsonNode)s)]);
            }

            if (SecurityGroups.Count > 0)
            {
                vpc["securityGroups"] = new JsonArray([.. SecurityGroups.Select(s => (JsonNode)s)]);
            }

            vpc["assignPublicIp"] = AssignPublicIp;
            request["networkConfiguration"] = new JsonObject { ["awsvpcConfiguration"] = vpc };
        }
        else if (serviceNetwork is { Subnets.Count: > 0 })
        {
            var vpc = new JsonObject { ["subnets"] = new JsonArray([.. serviceNetwork.Subnets.Select(s => (JsonNode)s)]) };
            if (serviceNetwork.SecurityGroups is { Count: > 0 } groups)
            {
                vpc["securityGroups"] = new JsonArray([.. groups.Select(s => (JsonNode)s)]);
            }

            if (serviceNetwork.AssignPublicIp is { } assign)
            {
                vpc["assignPublicIp"] = assign;
            }

            request["networkConfiguration"] = new JsonObject { ["awsvpcConfiguration"] = vpc };
        }

        if (ContainerOverrides is { Count: > 0 })
        {
            request["overrides"] = new JsonObject { ["containerOverrides"] = ContainerOverrides.DeepClone() };
        }

        if (Tags is { Count: > 0 })
        {
            request["tags"] = Tags.DeepClone();
        }

        if (EnableEcsManagedTags is { } managed)
        {
            request["enableECSManagedTags"] = managed;
        }

        if (ManagedEbsVolumeName is not null && ManagedEbsVolume is not null)
        {
            request["volumeConfigurations"] = new JsonArray(new JsonObject { ["name"] = ManagedEbsVolumeName, ["managedEBSVolume"] = ManagedEbsVolume.DeepClone() });
        }

        return request;
    }

    /// <summary>True for a JSON object with no members ('{}', '{ }'): what the official action sends for "no volume".</summary>
    internal static bool IsEmptyObject(string text)
    {
        try
        {
            return JsonNode.Parse(text) is JsonObject { Count: 0 };
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string[] Ids(InputReader reader, string input, Regex pattern, string example)
    {
        var ids = (reader.GetString(input) ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        foreach (var bad in ids.Where(id => !pattern.IsMatch(id)))
        {
            reader.AddError(input, bad, $"is not an ID of this kind; give a comma-separated list such as {example}");
        }

        return ids;
    }

    // Parses a JSON input of the expected kind, then lets `check` name the first problem of its content.
    private static T? JsonInput<T>(InputReader reader, string input, string expected, Func<T, string?> check)
        where T : JsonNode
    {
        var text = reader.GetString(input);
        if (text is null)
        {
            return null;
        }

        if (text.Length > InputLimits.MaxBytes)
        {
            reader.AddError($"Input '{input}' is larger than {InputLimits.SizeRule}; give {expected}.");
            return null;
        }

        JsonNode? node;
        try
        {
            // Nesting is bounded by the parser's default depth (64), the same as input files'.
            node = JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            reader.AddError(input, text, $"is not valid JSON ({e.Message.Split(". ")[0]}); give {expected}");
            return null;
        }

        if (node is not T typed)
        {
            reader.AddError(input, text, $"is not {expected}");
            return null;
        }

        if (check(typed) is { } problem)
        {
            reader.AddError(input, text, problem);
            return null;
        }

        return typed;
    }

    private static string? CheckOverrides(JsonArray overrides) => EachObject(overrides, "container override", ContainerOverrideMembers, item =>
        item["name"] is JsonValue name && name.TryGetValue<string>(out _) ? null : "has a container override without a \"name\" string; name the container to override");

    private static string? CheckTags(JsonArray tags) => EachObject(tags, "tag", ["key", "value"], item =>
        !IsString(item["key"], out var key) || key.Length is 0 or > 128 ? "has a tag without a \"key\" string of 1 to 128 characters"
        : item["value"] is not null && !IsString(item["value"], out _) ? $"has tag '{key}' whose value is not a string"
        : null);

    private static bool IsString(JsonNode? node, out string text)
    {
        text = "";
        return node is JsonValue value && value.TryGetValue(out text!);
    }

    private static string? CheckStrategy(JsonArray strategy) => EachObject(strategy, "strategy item", StrategyMembers, item =>
        item["capacityProvider"] is JsonValue provider && provider.TryGetValue<string>(out _)
            ? WholeNumber(item, "weight", 1000) ?? WholeNumber(item, "base", 100_000)
            : "has an item without a \"capacityProvider\" string");

    private static string? CheckEbsVolume(JsonObject volume) =>
        Unknown(volume, "volume", EbsMembers)
        ?? (volume["roleArn"] is JsonValue role && role.TryGetValue<string>(out var arn) && arn.StartsWith("arn:", StringComparison.Ordinal)
            ? null
            : "has no \"roleArn\"; ECS needs the infrastructure role that manages the volume, e.g. \"roleArn\":\"arn:aws:iam::123456789012:role/ecsInfrastructureRole\"");

    private static string? EachObject(JsonArray items, string what, string[] members, Func<JsonObject, string?> check)
    {
        foreach (var item in items)
        {
            if (item is not JsonObject obj)
            {
                return $"has an item that is not a JSON object; each {what} is an object";
            }

            if ((Unknown(obj, what, members) ?? check(obj)) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    private static string? Unknown(JsonObject obj, string what, string[] members) =>
        obj.Select(p => p.Key).FirstOrDefault(key => !members.Contains(key, StringComparer.Ordinal)) is { } unknown
            ? $"has a {what} with the unknown member \"{unknown}\"; ECS accepts {string.Join(", ", members)}"
            : null;

    private static string? WholeNumber(JsonObject item, string member, int max) =>
        item[member] is null || (item[member] is JsonValue v && v.TryGetValue<int>(out var n) && n >= 0 && n <= max)
            ? null
            : $"has \"{member}\" {item[member]!.ToJsonString()}, which is not a whole number from 0 to {max}";

    [GeneratedRegex(@"^[A-Za-z0-9_/-]{1,128}$")]
    private static partial Regex StartedByPattern();

    [GeneratedRegex(@"^subnet-[0-9a-f]{8,17}$")]
    private static partial Regex SubnetPattern();

    [GeneratedRegex(@"^sg-[0-9a-f]{8,17}$")]
    private static partial Regex SecurityGroupPattern();
}
