using EcsDeploy.Runtime;

namespace EcsDeploy.TaskDefinitions;

/// <summary>Where the task definition comes from and how it is edited, parsed once from the workflow inputs.</summary>
public sealed record TaskDefinitionInputs
{
    /// <summary>`task-definition`: a JSON or YAML file, resolved against the workspace.</summary>
    public string? File { get; init; }

    /// <summary>Top-level keys whose empty values are kept (`keep-null-value-keys`).</summary>
    public IReadOnlyList<string> KeepNullValueKeys { get; init; } = [];

    /// <summary>`container-name`, trimmed names.</summary>
    public IReadOnlyList<string> ContainerNames { get; init; } = [];

    /// <summary>`image` for the named container.</summary>
    public string? Image { get; init; }

    /// <summary>Parses the task-definition inputs; problems are collected in <paramref name="reader"/>.</summary>
    public static TaskDefinitionInputs Parse(InputReader reader, string workspace)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var file = reader.GetString("task-definition");
        return new TaskDefinitionInputs
        {
            File = file is null ? null : Path.GetFullPath(file, workspace),
            KeepNullValueKeys = reader.GetLines("keep-null-value-keys"),
            ContainerNames = (reader.GetString("container-name") ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
            Image = reader.GetString("image"),
        };
    }
}
