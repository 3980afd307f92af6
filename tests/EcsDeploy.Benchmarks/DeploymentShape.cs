using System.Text.RegularExpressions;

namespace EcsDeploy.Benchmarks;

/// <summary>A deployment to measure: the group's configuration and termination wait, the hook's length and the sandbox's time scale.</summary>
internal sealed partial record DeploymentShape(string Label, string ConfigName, int TerminationWaitMinutes, int HookSeconds, double TimeScale)
{
    /// <summary>A custom time-based configuration the scenario defines (type, percent, minutes); null for a built-in one.</summary>
    public (string Type, int Percent, int Minutes)? CustomConfig { get; init; }

    /// <summary>A 30-minute canary (custom TimeBasedCanary 10% / 30 min), no termination wait.</summary>
    public static DeploymentShape LongCanary(double scale) =>
        new("30-minute canary", "Canary10Percent30Minutes", 0, 20, scale) { CustomConfig = ("TimeBasedCanary", 10, 30) };

    /// <summary>All at once, then a 10-minute termination wait.</summary>
    public static DeploymentShape TerminationWait(double scale) =>
        new("blue/green, 10-minute termination wait", "CodeDeployDefault.ECSAllAtOnce", 10, 20, scale);

    /// <summary>A 2.5-minute canary (custom TimeBasedCanary 10% / 1 min, a 10 s hook), for the CPU target.</summary>
    public static DeploymentShape ShortCanary(double scale) =>
        new("2.5-minute canary", "Canary10Percent1Minute", 0, 10, scale) { CustomConfig = ("TimeBasedCanary", 10, 1) };

    /// <summary>Writes the scenario (examples/sandbox/canary-success.yaml with this shape's group) and its task definition to <paramref name="directory"/>; returns the scenario's path.</summary>
    public string WriteScenario(string repoRoot, string directory)
    {
        var examples = Path.Combine(repoRoot, "examples", "sandbox");
        var text = File.ReadAllText(Path.Combine(examples, "canary-success.yaml"));
        text = ConfigLine().Replace(text, $"deploymentConfigName: {ConfigName}");
        text = TerminationLine().Replace(text, $"terminationWaitMinutes: {TerminationWaitMinutes}");
        text = text.Replace("  - {}", $"  - {{ hookSeconds: {HookSeconds} }}", StringComparison.Ordinal);
        if (CustomConfig is { } custom)
        {
            text += $"\ndeploymentConfigs:\n  - {{ name: {ConfigName}, type: {custom.Type}, percentage: {custom.Percent}, intervalMinutes: {custom.Minutes} }}\n";
        }

        File.Copy(Path.Combine(examples, "taskdef-v1.json"), Path.Combine(directory, "taskdef-v1.json"), overwrite: true);
        var path = Path.Combine(directory, "scenario.yaml");
        File.WriteAllText(path, text);
        return path;
    }

    [GeneratedRegex(@"deploymentConfigName: \S+")]
    private static partial Regex ConfigLine();

    [GeneratedRegex(@"terminationWaitMinutes: \d+")]
    private static partial Regex TerminationLine();
}
