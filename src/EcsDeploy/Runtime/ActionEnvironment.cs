namespace EcsDeploy.Runtime;

/// <summary>The runner's environment variables the action uses, read once from the environment dictionary.</summary>
public sealed record ActionEnvironment
{
    /// <summary>Where a container action's workspace is mounted when GITHUB_WORKSPACE is missing.</summary>
    public const string DefaultWorkspace = "/github/workspace";

    public required string Workspace { get; init; }
    public string? RunnerTemp { get; init; }
    public string? Repository { get; init; }
    public string? Sha { get; init; }
    public string? RefName { get; init; }
    public string ServerUrl { get; init; } = "https://github.com";
    public string? RunId { get; init; }
    public string? RunAttempt { get; init; }
    public string? OutputPath { get; init; }
    public string? StepSummaryPath { get; init; }
    public bool IsDebug { get; init; }
    public bool IsGitHubActions { get; init; }

    /// <summary>Link to this workflow run, or null when the repository or run id is unknown (local runs).</summary>
    public string? RunUrl =>
        Repository is null || RunId is null ? null : $"{ServerUrl.TrimEnd('/')}/{Repository}/actions/runs/{RunId}";

    /// <summary>Reads the environment; <paramref name="currentDirectory"/> is the workspace when GITHUB_WORKSPACE is unset.</summary>
    public static ActionEnvironment From(IReadOnlyDictionary<string, string> environment, string? currentDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        string? Get(string name) =>
            environment.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

        return new ActionEnvironment
        {
            Workspace = Get("GITHUB_WORKSPACE") ?? currentDirectory ?? DefaultWorkspace,
            RunnerTemp = Get("RUNNER_TEMP"),
            Repository = Get("GITHUB_REPOSITORY"),
            Sha = Get("GITHUB_SHA"),
            RefName = Get("GITHUB_REF_NAME"),
            ServerUrl = Get("GITHUB_SERVER_URL") ?? "https://github.com",
            RunId = Get("GITHUB_RUN_ID"),
            RunAttempt = Get("GITHUB_RUN_ATTEMPT"),
            OutputPath = Get("GITHUB_OUTPUT"),
            StepSummaryPath = Get("GITHUB_STEP_SUMMARY"),
            IsDebug = Get("RUNNER_DEBUG") == "1" ||
                      string.Equals(Get("ACTIONS_STEP_DEBUG"), "true", StringComparison.OrdinalIgnoreCase),
            IsGitHubActions = string.Equals(Get("GITHUB_ACTIONS"), "true", StringComparison.OrdinalIgnoreCase),
        };
    }

    /// <summary>An absolute, normalised path: rooted paths are kept, relative ones are taken from the workspace.</summary>
    public string ResolvePath(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(Workspace, path));
    }
}
