namespace EcsDeploy.Yaml;

/// <summary>The bounds every input file and JSON-valued input is held to, so that no content can exhaust the stack or memory.</summary>
public static class InputLimits
{
    /// <summary>ECS accepts task definitions of up to 64 KiB; no input of this action needs to be larger.</summary>
    public const int MaxBytes = 64 * 1024;

    /// <summary>How deep mappings and lists may nest; task definitions and AppSpecs need about ten levels.</summary>
    public const int MaxDepth = 64;

    /// <summary>How many values a file may expand to once YAML aliases are resolved.</summary>
    public const int MaxNodes = 100_000;

    /// <summary>The sentence that explains the size cap.</summary>
    public static string SizeRule => $"{MaxBytes / 1024} KiB, the largest task definition ECS accepts";
}

/// <summary>A problem in a YAML or JSON text, at a 1-based line and column.</summary>
public sealed class InputSyntaxException(string problem, long line, long column) : FormatException($"line {line}, column {column}: {problem}")
{
    /// <summary>What is wrong, without the position.</summary>
    public string Problem { get; } = problem;

    /// <summary>1-based line.</summary>
    public long Line { get; } = line;

    /// <summary>1-based column.</summary>
    public long Column { get; } = column;
}
