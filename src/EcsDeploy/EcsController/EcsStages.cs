namespace EcsDeploy.EcsController;

/// <summary>The lifecycle stages of an ECS service deployment, in the order ECS runs them, and which stages each strategy has.</summary>
public static class EcsStages
{
    /// <summary>Every stage the ECS model names (ServiceDeploymentLifecycleStage), in running order.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        "RECONCILE_SERVICE", "PRE_SCALE_UP", "SCALE_UP", "POST_SCALE_UP", "TEST_TRAFFIC_SHIFT", "POST_TEST_TRAFFIC_SHIFT",
        "PRODUCTION_TRAFFIC_SHIFT", "POST_PRODUCTION_TRAFFIC_SHIFT", "BAKE_TIME", "CLEAN_UP",
    ];

    /// <summary>The strategy of a deployment configuration; ROLLING when none is set.</summary>
    public static string StrategyOf(Aws.Ecs.EcsDeploymentConfiguration? configuration) =>
        configuration?.Strategy is { Length: > 0 } strategy ? strategy : "ROLLING";

    /// <summary>True for a stage name the ECS model lists.</summary>
    public static bool IsKnown(string stage) => All.Contains(stage, StringComparer.Ordinal);

    /// <summary>The stages a strategy goes through: ROLLING has none; BLUE_GREEN, LINEAR and CANARY have all of them.</summary>
    public static IReadOnlyList<string> Of(string strategy) => strategy == "ROLLING" ? [] : All;

    /// <summary>The position of a stage in running order, or -1 for a name this code does not know.</summary>
    public static int IndexOf(string? stage) => stage is null ? -1 : All.ToList().IndexOf(stage);

    /// <summary>True when <paramref name="current"/> is <paramref name="wanted"/> or a later stage.</summary>
    public static bool Reached(string? current, string wanted)
    {
        var at = IndexOf(current);
        return current == wanted || (at >= 0 && at >= IndexOf(wanted) && IndexOf(wanted) >= 0);
    }
}
