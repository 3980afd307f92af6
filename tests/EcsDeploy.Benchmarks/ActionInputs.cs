namespace EcsDeploy.Benchmarks;

/// <summary>The environment a workflow step gives the action, pointed at a sandbox endpoint (as examples/run-local.sh does).</summary>
internal static class ActionInputs
{
    /// <summary>The inputs of examples/run-local.sh; poll-interval is left at its default unless the caller sets it.</summary>
    public static Dictionary<string, string> For(string endpoint, string repoRoot, string workDirectory) => new(StringComparer.Ordinal)
    {
        ["AWS_ENDPOINT_URL"] = endpoint,
        ["AWS_REGION"] = "us-east-1",
        ["AWS_ACCESS_KEY_ID"] = "AKIDSANDBOXEXAMPLE",
        ["AWS_SECRET_ACCESS_KEY"] = "sandbox/secret/EXAMPLEKEY0000000000000",
        ["GITHUB_ACTIONS"] = "true",
        ["GITHUB_WORKSPACE"] = Path.Combine(repoRoot, "examples"),
        ["RUNNER_TEMP"] = workDirectory,
        ["GITHUB_REPOSITORY"] = "example/web",
        ["GITHUB_SHA"] = "0123456789abcdef0123456789abcdef01234567",
        ["GITHUB_REF_NAME"] = "main",
        ["GITHUB_SERVER_URL"] = "https://github.com",
        ["GITHUB_RUN_ID"] = "1",
        ["GITHUB_STEP_SUMMARY"] = Path.Combine(workDirectory, "summary.md"),
        ["GITHUB_OUTPUT"] = Path.Combine(workDirectory, "outputs.txt"),
        ["INPUT_TASK-DEFINITION"] = "taskdef.json",
        ["INPUT_CODEDEPLOY-APPSPEC"] = "appspec.yaml",
        ["INPUT_CLUSTER"] = "prod",
        ["INPUT_SERVICE"] = "web",
        // Room for the 30-minute canary (the limit counts the group's waits, not the canary interval).
        ["INPUT_WAIT-FOR-MINUTES"] = "60",
    };
}
