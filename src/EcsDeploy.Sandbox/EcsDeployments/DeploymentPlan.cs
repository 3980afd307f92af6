using System.Globalization;
using System.Text.Json.Nodes;
using EcsDeploy.Sandbox.State;
using static EcsDeploy.Sandbox.EcsDeployments.DeploymentTimings;

namespace EcsDeploy.Sandbox.EcsDeployments;

/// <summary>What a phase of a service deployment does.</summary>
internal enum PhaseKind
{
    Wait, Hook, ScaleUp, TestShift, ProductionShift, CleanUp, RollingBatch,
    RollbackRequested, RollbackScaleUp, RollbackShift, RollbackCleanUp,
}

/// <summary>One phase: its kind, the lifecycle stage it reports, how long it lasts (hooks decide at their start) and its traffic weight.</summary>
internal sealed record Phase(PhaseKind Kind, string? Stage, TimeSpan Duration, double Weight = 0, JsonObject? Hook = null, string? HookStage = null);

/// <summary>Where a deployment is in its phases; owned by <see cref="ServiceDeploymentEngine"/>.</summary>
internal sealed class DeploymentRunState
{
    public List<Phase> Phases { get; } = [];
    public int Index { get; set; } = -1;
    public DateTimeOffset PhaseStart { get; set; }
    /// <summary>When the current phase ends, or null while it waits for an action (PAUSE hooks).</summary>
    public DateTimeOffset? PhaseEnd { get; set; }
    /// <summary>Why the deployment fails when the current phase ends (a hook answered FAILED), or null.</summary>
    public string? FailureAtEnd { get; set; }
    public bool RollingBack { get; set; }
    /// <summary>The deployment that created the service: one rolling batch, no hooks.</summary>
    public bool Initial { get; set; }
    /// <summary>The hook run of the current phase, when it is a hook.</summary>
    public HookRunState? ActiveHook { get; set; }
    /// <summary>What the current AWS_LAMBDA hook ends with: SUCCEEDED, FAILED or TIMED_OUT.</summary>
    public string? HookOutcome { get; set; }
    /// <summary>How the deployment's new tasks fail, from its behaviour.</summary>
    public TaskFailurePlan? Failures { get; set; }
    public Phase? Current => Index >= 0 && Index < Phases.Count ? Phases[Index] : null;
    /// <summary>Every phase started, in order: its index, when, and the hook run it started (read by the benchmarks to time each transition).</summary>
    public List<PhaseStart> Started { get; } = [];
}

/// <summary>A phase as it started: its index in <see cref="DeploymentRunState.Phases"/>, when, and the hook run it started.</summary>
internal sealed record PhaseStart(int Index, DateTimeOffset At, HookRunState? Hook);

/// <summary>Builds the phases of a deployment from its strategy (see <see cref="DeploymentTimings"/>).</summary>
internal static class DeploymentPlan
{
    public const double DefaultStepPercent = 10;
    public const int DefaultStepBakeMinutes = 6;
    public const double DefaultCanaryPercent = 5;
    public const int DefaultCanaryBakeMinutes = 10;

    public static string Strategy(JsonObject configuration) => (string?)configuration["strategy"] ?? "ROLLING";

    public static List<Phase> Build(JsonObject configuration, bool reconcile)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var strategy = Strategy(configuration);
        if (strategy == "ROLLING")
        {
            return [new Phase(PhaseKind.RollingBatch, null, RollingBatch)];
        }

        var hooks = configuration["lifecycleHooks"] as JsonArray ?? [];
        var phases = new List<Phase>();
        void Hooks(string hookStage, string stage) => phases.AddRange(hooks.OfType<JsonObject>()
            .Where(h => (h["lifecycleStages"] as JsonArray ?? []).Any(s => (string?)s == hookStage))
            .Select(h => new Phase(PhaseKind.Hook, stage, TimeSpan.Zero, Hook: h, HookStage: hookStage)));
        void HooksOrWait(string stage)
        {
            var before = phases.Count;
            Hooks(stage, stage);
            if (phases.Count == before)
            {
                phases.Add(new Phase(PhaseKind.Wait, stage, StageMinimum));
            }
        }

        if (reconcile)
        {
            Hooks("RECONCILE_SERVICE", "RECONCILE_SERVICE");
            phases.Add(new Phase(PhaseKind.Wait, "RECONCILE_SERVICE", Reconcile));
        }

        HooksOrWait("PRE_SCALE_UP");
        phases.Add(new Phase(PhaseKind.ScaleUp, "SCALE_UP", ScaleUp));
        HooksOrWait("POST_SCALE_UP");
        Hooks("TEST_TRAFFIC_SHIFT", "TEST_TRAFFIC_SHIFT");
        phases.Add(new Phase(PhaseKind.TestShift, "TEST_TRAFFIC_SHIFT", TrafficShift, 100));
        HooksOrWait("POST_TEST_TRAFFIC_SHIFT");
        var (weights, stepBake) = Steps(configuration, strategy);
        for (var i = 0; i < weights.Count; i++)
        {
            Hooks("PRE_PRODUCTION_TRAFFIC_SHIFT", "PRODUCTION_TRAFFIC_SHIFT");
            phases.Add(new Phase(PhaseKind.ProductionShift, "PRODUCTION_TRAFFIC_SHIFT", TrafficShift, weights[i]));
            Hooks("PRODUCTION_TRAFFIC_SHIFT", "PRODUCTION_TRAFFIC_SHIFT");
            if (i < weights.Count - 1 && stepBake > TimeSpan.Zero)
            {
                phases.Add(new Phase(PhaseKind.Wait, "PRODUCTION_TRAFFIC_SHIFT", stepBake));
            }
        }

        HooksOrWait("POST_PRODUCTION_TRAFFIC_SHIFT");
        phases.Add(new Phase(PhaseKind.Wait, "BAKE_TIME", TimeSpan.FromMinutes(Int(configuration["bakeTimeInMinutes"]) ?? 0)));
        phases.Add(new Phase(PhaseKind.CleanUp, "CLEAN_UP", CleanUp));
        return phases;
    }

    /// <summary>The production traffic weights of the target revision, step by step, and the bake time between steps.</summary>
    public static (IReadOnlyList<double> Weights, TimeSpan StepBake) Steps(JsonObject configuration, string strategy)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        switch (strategy)
        {
            case "LINEAR":
                var linear = configuration["linearConfiguration"] as JsonObject;
                var step = Number(linear?["stepPercent"]) ?? DefaultStepPercent;
                var weights = new List<double>();
                for (var w = step; w < 100 - 1e-9; w += step)
                {
                    weights.Add(Math.Round(w, 1));
                }

                weights.Add(100);
                return (weights, TimeSpan.FromMinutes(Int(linear?["stepBakeTimeInMinutes"]) ?? DefaultStepBakeMinutes));
            case "CANARY":
                var canary = configuration["canaryConfiguration"] as JsonObject;
                var percent = Number(canary?["canaryPercent"]) ?? DefaultCanaryPercent;
                return (percent >= 100 ? [100] : [percent, 100], TimeSpan.FromMinutes(Int(canary?["canaryBakeTimeInMinutes"]) ?? DefaultCanaryBakeMinutes));
            default:
                return ([100], TimeSpan.Zero);
        }
    }

    /// <summary>The phases of a rollback to the source revision; the lifecycle stage stays the one the deployment failed in.</summary>
    public static List<Phase> Rollback(bool sourceNeedsTasks, bool withTraffic) =>
    [
        new Phase(PhaseKind.RollbackRequested, null, RollbackRequested),
        new Phase(PhaseKind.RollbackScaleUp, null, sourceNeedsTasks ? RollbackScaleUp : TimeSpan.Zero),
        new Phase(PhaseKind.RollbackShift, null, withTraffic ? TrafficShift : TimeSpan.Zero),
        new Phase(PhaseKind.RollbackCleanUp, null, CleanUp),
    ];

    internal static int? Int(JsonNode? node) => Number(node) is { } d ? (int)d : null;

    // Scenario values arrive as longs, request values as JSON elements: read both through their text.
    internal static double? Number(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() is System.Text.Json.JsonValueKind.Number or System.Text.Json.JsonValueKind.String
        && double.TryParse(v.ToJsonString().Trim('"'), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;
}
