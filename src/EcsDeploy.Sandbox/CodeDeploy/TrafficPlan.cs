using EcsDeploy.Sandbox.State;

namespace EcsDeploy.Sandbox.CodeDeploy;

/// <summary>One traffic shift: at Offset after AllowTraffic starts, the green task set gets GreenWeight percent.</summary>
public sealed record TrafficStep(TimeSpan Offset, double GreenWeight);

/// <summary>How a deployment configuration moves production traffic to the green task set.</summary>
public sealed record TrafficPlan(string ConfigName, IReadOnlyList<TrafficStep> Steps)
{
    /// <summary>Rollbacks move all traffic back to blue at once.</summary>
    public static TrafficPlan Rollback { get; } = new("CodeDeployDefault.ECSAllAtOnce", [new TrafficStep(TimeSpan.Zero, 0)]);

    /// <summary>The plan of a built-in ECS configuration or a custom one in the world; null when the name is unknown.</summary>
    public static TrafficPlan? Resolve(World world, string configName)
    {
        ArgumentNullException.ThrowIfNull(world);
        return configName switch
        {
            "CodeDeployDefault.ECSAllAtOnce" => AllAtOnce(configName),
            "CodeDeployDefault.ECSCanary10Percent5Minutes" => Canary(configName, 10, 5),
            "CodeDeployDefault.ECSCanary10Percent15Minutes" => Canary(configName, 10, 15),
            "CodeDeployDefault.ECSLinear10PercentEvery1Minutes" => Linear(configName, 10, 1),
            "CodeDeployDefault.ECSLinear10PercentEvery3Minutes" => Linear(configName, 10, 3),
            _ when world.DeploymentConfigs.TryGetValue(configName, out var custom) => Custom(custom),
            _ => null,
        };
    }

    /// <summary>Whether the name is a built-in configuration of another compute platform (EC2, Lambda).</summary>
    public static bool IsOtherPlatformBuiltIn(string configName) =>
        configName.StartsWith("CodeDeployDefault.", StringComparison.Ordinal)
        && !configName.StartsWith("CodeDeployDefault.ECS", StringComparison.Ordinal);

    private static TrafficPlan? Custom(DeploymentConfigState config) => config.Type switch
    {
        "AllAtOnce" => AllAtOnce(config.Name),
        "TimeBasedCanary" => Canary(config.Name, config.Percentage, config.IntervalMinutes),
        "TimeBasedLinear" => Linear(config.Name, config.Percentage, config.IntervalMinutes),
        _ => null,
    };

    private static TrafficPlan AllAtOnce(string name) => new(name, [new TrafficStep(TimeSpan.Zero, 100)]);

    private static TrafficPlan Canary(string name, int percent, int minutes) => new(name,
    [
        new TrafficStep(TimeSpan.Zero, Math.Clamp(percent, 0, 100)),
        new TrafficStep(TimeSpan.FromMinutes(minutes), 100),
    ]);

    private static TrafficPlan Linear(string name, int percent, int minutes)
    {
        var step = Math.Clamp(percent, 1, 100);
        var steps = new List<TrafficStep>();
        for (var i = 0; ; i++)
        {
            var weight = Math.Min(100, step * (i + 1));
            steps.Add(new TrafficStep(TimeSpan.FromMinutes((double)minutes * i), weight));
            if (weight >= 100)
            {
                return new TrafficPlan(name, steps);
            }
        }
    }
}
