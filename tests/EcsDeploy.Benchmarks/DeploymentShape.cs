using System.Text.RegularExpressions;

namespace EcsDeploy.Benchmarks;

/// <summary>
/// A deployment to measure: for CODE_DEPLOY the group's configuration and termination wait and the hook's length; for
/// the ECS controller an example scenario with its deployment configuration changed; and the sandbox's time scale.
/// </summary>
internal sealed partial record DeploymentShape(string Label, string ConfigName, int TerminationWaitMinutes, int HookSeconds, double TimeScale)
{
    /// <summary>A custom time-based configuration the scenario defines (type, percent, minutes); null for a built-in one.</summary>
    public (string Type, int Percent, int Minutes)? CustomConfig { get; init; }

    /// <summary>The ECS-controller example scenario (examples/sandbox/ecs-*.yaml) this shape starts from; null for CODE_DEPLOY.</summary>
    public string? EcsExample { get; init; }

    /// <summary>Lines of <see cref="EcsExample"/>'s deployment configuration replaced (whole lines, leading spaces kept).</summary>
    public IReadOnlyList<(string Line, string With)> EcsEdits { get; init; } = [];

    /// <summary>A CODE_DEPLOY example scenario (examples/sandbox/*.yaml) used as it is, instead of canary-success with this shape's group.</summary>
    public string? CodeDeployExample { get; init; }

    /// <summary>The deployment fails and is rolled back; the action follows the rollback and exits 1. What is timed is the rollback.</summary>
    public bool RollsBack { get; init; }

    /// <summary>The exit code the action ends with when all goes as the scenario says.</summary>
    public int ExpectedExitCode => RollsBack ? 1 : 0;

    /// <summary>True for an ECS-controller service (service deployments watched) rather than CODE_DEPLOY.</summary>
    public bool IsEcs => EcsExample is not null;

    /// <summary>A 30-minute canary (custom TimeBasedCanary 10% / 30 min), no termination wait.</summary>
    public static DeploymentShape LongCanary(double scale) =>
        new("30-minute canary", "Canary10Percent30Minutes", 0, 20, scale) { CustomConfig = ("TimeBasedCanary", 10, 30) };

    /// <summary>All at once, then a 10-minute termination wait.</summary>
    public static DeploymentShape TerminationWait(double scale) =>
        new("blue/green, 10-minute termination wait", "CodeDeployDefault.ECSAllAtOnce", 10, 20, scale);

    /// <summary>A 2.5-minute canary (custom TimeBasedCanary 10% / 1 min, a 10 s hook), for the CPU target.</summary>
    public static DeploymentShape ShortCanary(double scale) =>
        new("2.5-minute canary", "Canary10Percent1Minute", 0, 10, scale) { CustomConfig = ("TimeBasedCanary", 10, 1) };

    /// <summary>CODE_DEPLOY: a hook fails, CodeDeploy rolls back, and the action follows the rollback deployment to its end.</summary>
    public static DeploymentShape FollowedRollback(double scale) =>
        new("hook failure, followed rollback", "", 0, 0, scale) { CodeDeployExample = "hook-failure-rollback.yaml", RollsBack = true };

    /// <summary>ECS CANARY: a hook fails in the canary step and ECS rolls the service deployment back.</summary>
    public static DeploymentShape EcsRollback(double scale) =>
        new("ECS canary hook failure, rollback", "", 0, 0, scale) { EcsExample = "ecs-canary-hook-failure.yaml", RollsBack = true };

    /// <summary>ECS CANARY: 10 % for a 30-minute canary bake (a Lambda hook after each shift, IN_PROGRESS once), then all, then a 10-minute bake time.</summary>
    public static DeploymentShape EcsCanary(double scale) =>
        new("ECS canary 10 % / 30 min, 10-minute bake", "", 0, 0, scale)
        {
            EcsExample = "ecs-canary.yaml",
            EcsEdits = [("bakeTimeInMinutes: 1", "bakeTimeInMinutes: 10"), ("canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: 2 }", "canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: 30 }")],
        };

    /// <summary>ECS BLUE_GREEN: all at once after a test-traffic hook, then a 10-minute bake time.</summary>
    public static DeploymentShape EcsBlueGreen(double scale) =>
        new("ECS blue/green, 10-minute bake", "", 0, 0, scale)
        {
            EcsExample = "ecs-blue-green.yaml",
            EcsEdits = [("bakeTimeInMinutes: 2", "bakeTimeInMinutes: 10")],
        };

    /// <summary>ECS LINEAR: 25 % steps 4 minutes apart (a hook before each), then a 5-minute bake time.</summary>
    public static DeploymentShape EcsLinear(double scale) =>
        new("ECS linear 25 % / 4 min, 5-minute bake", "", 0, 0, scale)
        {
            EcsExample = "ecs-linear.yaml",
            EcsEdits = [("bakeTimeInMinutes: 1", "bakeTimeInMinutes: 5"), ("linearConfiguration: { stepPercent: 25, stepBakeTimeInMinutes: 1 }", "linearConfiguration: { stepPercent: 25, stepBakeTimeInMinutes: 4 }")],
        };

    /// <summary>Writes the scenario (examples/sandbox/canary-success.yaml with this shape's group, or the ECS example with its edits) and its task definition to <paramref name="directory"/>; returns the scenario's path.</summary>
    public string WriteScenario(string repoRoot, string directory)
    {
        var examples = Path.Combine(repoRoot, "examples", "sandbox");
        if (EcsExample is not null)
        {
            return WriteEcsScenario(examples, directory);
        }

        if (CodeDeployExample is not null)
        {
            File.Copy(Path.Combine(examples, "taskdef-v1.json"), Path.Combine(directory, "taskdef-v1.json"), overwrite: true);
            var example = Path.Combine(directory, "scenario.yaml");
            File.Copy(Path.Combine(examples, CodeDeployExample), example, overwrite: true);
            return example;
        }

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

    private string WriteEcsScenario(string examples, string directory)
    {
        var lines = File.ReadAllLines(Path.Combine(examples, EcsExample!)).ToList();
        foreach (var (line, with) in EcsEdits)
        {
            var index = lines.FindIndex(l => l.Trim() == line);
            if (index < 0)
            {
                throw new BenchmarkException($"{EcsExample} has no line '{line}' to change for {Label}");
            }

            lines[index] = lines[index][..lines[index].IndexOf(line, StringComparison.Ordinal)] + with;
        }

        File.Copy(Path.Combine(examples, "taskdef-v1.json"), Path.Combine(directory, "taskdef-v1.json"), overwrite: true);
        var path = Path.Combine(directory, "scenario.yaml");
        File.WriteAllLines(path, lines);
        return path;
    }

    [GeneratedRegex(@"deploymentConfigName: \S+")]
    private static partial Regex ConfigLine();

    [GeneratedRegex(@"terminationWaitMinutes: \d+")]
    private static partial Regex TerminationLine();
}
