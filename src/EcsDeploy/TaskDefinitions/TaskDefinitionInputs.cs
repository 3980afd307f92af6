using EcsDeploy.Runtime;

namespace EcsDeploy.TaskDefinitions;

/// <summary>Where the task definition comes from and how it is edited, parsed once from the workflow inputs.</summary>
public sealed record TaskDefinitionInputs
{
    /// <summary>`task-definition`: a JSON or YAML file, resolved against the workspace.</summary>
    public string? File { get; init; }

    /// <summary>`task-definition-family`: family or family:revision to start from.</summary>
    public string? Family { get; init; }

    /// <summary>The input that named <see cref="Family"/>: task-definition-family, or task-definition when it names no file.</summary>
    public string FamilyInput { get; init; } = "task-definition-family";

    /// <summary>`task-definition-arn`: a registered revision to start from (deployed as is when there are no edits).</summary>
    public string? Arn { get; init; }

    /// <summary>Keys whose empty values are kept (`keep-null-value-keys`).</summary>
    public IReadOnlyList<string> KeepNullValueKeys { get; init; } = [];

    /// <summary>`container-name`, trimmed names.</summary>
    public IReadOnlyList<string> ContainerNames { get; init; } = [];

    /// <summary>`image` for the named container.</summary>
    public string? Image { get; init; }

    /// <summary>`containers`: name=image lines.</summary>
    public IReadOnlyList<ContainerImage> Containers { get; init; } = [];

    /// <summary>`environment-variables` with `environment-mode`.</summary>
    public KeyValueEdits Environment { get; init; } = KeyValueEdits.None;

    /// <summary>`secrets` with `secrets-mode`.</summary>
    public KeyValueEdits Secrets { get; init; } = KeyValueEdits.None;

    /// <summary>`docker-labels` with `docker-labels-mode`.</summary>
    public KeyValueEdits DockerLabels { get; init; } = KeyValueEdits.None;

    /// <summary>`env-files`: S3 object ARNs added to environmentFiles.</summary>
    public IReadOnlyList<string> EnvFiles { get; init; } = [];

    /// <summary>`log-configuration-log-driver`.</summary>
    public string? LogDriver { get; init; }

    /// <summary>`log-configuration-options`: key=value lines merged into the log options.</summary>
    public KeyValueEdits LogOptions { get; init; } = KeyValueEdits.None;

    /// <summary>`command` (or the deprecated `container-command`), split into words.</summary>
    public IReadOnlyList<string>? Command { get; init; }

    public string? TaskRoleArn { get; init; }
    public string? ExecutionRoleArn { get; init; }

    /// <summary>`cpu` at task level, as ECS expects it (a string).</summary>
    public string? Cpu { get; init; }

    /// <summary>`memory` at task level, as ECS expects it (a string).</summary>
    public string? Memory { get; init; }

    /// <summary>`pin-image-digest` (default true): register ECR images by digest.</summary>
    public bool PinImageDigest { get; init; } = true;

    /// <summary>`skip-if-unchanged` (default true): reuse the service's revision when nothing changed.</summary>
    public bool SkipIfUnchanged { get; init; } = true;

    /// <summary>True when any input changes the definition (pinning digests does not count).</summary>
    public bool HasEdits =>
        Image is not null || Containers.Count > 0 || !Environment.IsEmpty || !Secrets.IsEmpty || !DockerLabels.IsEmpty
        || EnvFiles.Count > 0 || LogDriver is not null || !LogOptions.IsEmpty || Command is not null
        || TaskRoleArn is not null || ExecutionRoleArn is not null || Cpu is not null || Memory is not null;

    /// <summary>True when an edit changes containers, so that it needs target containers.</summary>
    internal bool HasContainerEdits =>
        Image is not null || !Environment.IsEmpty || !Secrets.IsEmpty || !DockerLabels.IsEmpty || EnvFiles.Count > 0
        || LogDriver is not null || !LogOptions.IsEmpty || Command is not null;

    private static readonly string[] LogDrivers = ["awslogs", "awsfirelens", "fluentd", "gelf", "journald", "json-file", "splunk", "syslog"];

    /// <summary>Parses the task-definition inputs; problems are collected in <paramref name="reader"/>.</summary>
    public static TaskDefinitionInputs Parse(InputReader reader, string workspace)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var file = reader.GetString("task-definition");
        var family = reader.GetString("task-definition-family");

        // As in aws-actions/amazon-ecs-deploy-task-definition, 'task-definition' may name a family instead of a file:
        // a value with no '/' and no extension that is not a file in the workspace starts from the family's latest revision.
        var familyInput = "task-definition-family";
        if (file is not null && family is null && Patterns.FamilyAndRevision().IsMatch(file) && !System.IO.File.Exists(Path.GetFullPath(file, workspace)))
        {
            (family, file, familyInput) = (file, null, "task-definition");
        }

        var arn = reader.GetString("task-definition-arn");
        var given = new[] { ("task-definition", file), ("task-definition-family", family), ("task-definition-arn", arn) }
            .Where(s => s.Item2 is not null).Select(s => s.Item1).ToArray();
        if (given.Length > 1)
        {
            reader.AddError($"Inputs {string.Join(" and ", given.Select(g => $"'{g}'"))} both name a task definition; give only one of them (or none to start from the service's current one).");
        }

        if (family is not null && !Patterns.FamilyAndRevision().IsMatch(family))
        {
            reader.AddError("task-definition-family", family, "is not a family or family:revision; use letters, digits, '-' and '_', for example web or web:42");
        }

        family = RenderActionInputs.WithRevision(reader, family);
        if (arn is not null && !Patterns.TaskDefinitionArn().IsMatch(arn))
        {
            reader.AddError("task-definition-arn", arn, "is not a task definition ARN; use arn:aws:ecs:region:account:task-definition/family:revision");
        }

        var image = reader.GetString("image");
        if (image is not null && !Patterns.Image().IsMatch(image))
        {
            reader.AddError("image", image, "is not an image reference; it must not contain spaces");
        }

        var containers = ParseContainers(reader);
        if (image is not null && containers.Count > 0)
        {
            reader.AddError("Inputs 'image' and 'containers' both set images; use 'containers' lines name=image for several containers, or 'image' with 'container-name'.");
        }

        return new TaskDefinitionInputs
        {
            File = file is null ? null : Path.GetFullPath(file, workspace),
            Family = family,
            FamilyInput = familyInput,
            Arn = arn,
            KeepNullValueKeys = ParseList(reader, "keep-null-value-keys"),
            ContainerNames = ParseList(reader, "container-name"),
            Image = image,
            Containers = containers,
            Environment = ParseEdits(reader, "environment-variables", "environment-mode", valueRequired: false),
            Secrets = ParseEdits(reader, "secrets", "secrets-mode", valueRequired: true),
            DockerLabels = ParseEdits(reader, "docker-labels", "docker-labels-mode", valueRequired: false),
            EnvFiles = ParseEnvFiles(reader),
            LogDriver = ParseLogDriver(reader),
            LogOptions = KeyValueEdits.Parse(reader, "log-configuration-options", replace: false, valueRequired: false),
            Command = RenderActionInputs.ParseCommand(reader),
            TaskRoleArn = ParseRole(reader, "task-role-arn"),
            ExecutionRoleArn = ParseRole(reader, "execution-role-arn"),
            Cpu = ParseSize(reader, "cpu", Patterns.TaskCpu(), "CPU units such as 256, or vCPUs such as 1 vCPU"),
            Memory = ParseSize(reader, "memory", Patterns.TaskMemory(), "MiB such as 512, or GB such as 2 GB"),
            PinImageDigest = reader.GetBoolean("pin-image-digest", true),
            SkipIfUnchanged = reader.GetBoolean("skip-if-unchanged", true),
        };
    }

    // Comma- or newline-separated names, trimmed.
    private static string[] ParseList(InputReader reader, string input) =>
        reader.GetLines(input).SelectMany(line => line.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToArray();

    private static List<ContainerImage> ParseContainers(InputReader reader)
    {
        var result = new List<ContainerImage>();
        foreach (var line in reader.GetLines("containers"))
        {
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? "" : line[..equals].Trim();
            var image = equals < 0 ? "" : line[(equals + 1)..].Trim();
            if (name.Length == 0 || !Patterns.Image().IsMatch(image))
            {
                reader.AddError("containers", line, "is not a line name=image, for example web=123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.2");
            }
            else if (result.Any(c => c.ContainerName == name))
            {
                reader.AddError("containers", line, $"sets container '{name}' a second time; give one line per container");
            }
            else
            {
                result.Add(new ContainerImage(name, image));
            }
        }

        return result;
    }

    private static KeyValueEdits ParseEdits(InputReader reader, string input, string modeInput, bool valueRequired)
    {
        var replace = reader.GetChoice(modeInput, "merge", "merge", "replace") == "replace";
        return KeyValueEdits.Parse(reader, input, replace, valueRequired);
    }

    private static string[] ParseEnvFiles(InputReader reader)
    {
        var files = reader.GetLines("env-files");
        foreach (var file in files.Where(f => !Patterns.S3ObjectArn().IsMatch(f)))
        {
            reader.AddError("env-files", file, "is not an S3 object ARN; use arn:aws:s3:::bucket/path/file.env");
        }

        return files.Where(f => Patterns.S3ObjectArn().IsMatch(f)).Distinct(StringComparer.Ordinal).ToArray();
    }

    private static string? ParseLogDriver(InputReader reader)
    {
        var driver = reader.GetString("log-configuration-log-driver");
        if (driver is null || LogDrivers.Contains(driver, StringComparer.Ordinal))
        {
            return driver;
        }

        reader.AddError("log-configuration-log-driver", driver, "is not a log driver ECS supports; use one of " + string.Join(", ", LogDrivers));
        return null;
    }

    private static string? ParseRole(InputReader reader, string input)
    {
        var arn = reader.GetString(input);
        if (arn is not null && !Patterns.RoleArn().IsMatch(arn))
        {
            reader.AddError(input, arn, "is not an IAM role ARN; use arn:aws:iam::123456789012:role/name (arn:aws-cn or arn:aws-us-gov in those partitions)");
            return null;
        }

        return arn;
    }

    private static string? ParseSize(InputReader reader, string input, System.Text.RegularExpressions.Regex pattern, string hint)
    {
        var value = reader.GetString(input);
        if (value is not null && !pattern.IsMatch(value))
        {
            reader.AddError(input, value, "is not a task size; use " + hint);
            return null;
        }

        return value;
    }
}
