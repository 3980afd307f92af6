using System.Globalization;
using EcsDeploy.Aws.Ecs;
using EcsDeploy.Operations;

namespace EcsDeploy.EcsController.Operations;

/// <summary>
/// command: status on an ECS-controller service — prints its running service deployment, or its last one: status,
/// stage, revisions with task counts and traffic weights, hooks, circuit breaker, alarms and the last service events.
/// Always exits 0.
/// </summary>
public static class EcsStatusCommand
{
    /// <summary>How many of the newest service events are shown.</summary>
    public const int EventCount = 5;

    public static async Task<int> RunAsync(EcsOperationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (api, target, log) = (context.Deployments, context.Target, context.Log);
        var deployment = await ServiceDeploymentHistory.FindActiveAsync(api, target.Cluster, target.Service, cancellationToken).ConfigureAwait(false);
        var running = deployment is not null;
        deployment ??= await ServiceDeploymentHistory.FindLastAsync(api, target.Cluster, target.Service, cancellationToken).ConfigureAwait(false);
        var strategy = EcsStages.StrategyOf(context.Service.DeploymentConfiguration);
        log.Info($"Service '{target.Service}' in cluster '{target.Cluster}': ECS deployment controller, strategy {strategy}, running {PreviousRevision.FamilyRevision(context.Service.TaskDefinition ?? "?")} ({context.Service.RunningCount}/{context.Service.DesiredCount} tasks)");
        if (deployment is null)
        {
            log.Info("  No service deployments yet.");
            context.Summary.Append(EcsOperationSummary.RenderStatus(context, null, [], new Dictionary<string, string>()));
            WriteEvents(context);
            return 0;
        }

        var revisions = await ServiceDeploymentHistory.TaskDefinitionsAsync(api,
            (deployment.SourceServiceRevisions ?? []).Select(s => s.Arn).Append(deployment.TargetServiceRevision?.Arn), cancellationToken).ConfigureAwait(false);
        context.Outputs.Set(EcsOutputs.ServiceDeploymentArn, deployment.ServiceDeploymentArn);
        context.Outputs.Set(EcsOutputs.DeploymentStatus, deployment.Status ?? "UNKNOWN");
        if (ServiceDeploymentHistory.PausedHook(deployment) is { } paused)
        {
            context.Outputs.Set(EcsOutputs.LifecycleHookId, paused.HookId!);
        }

        log.Info($"  {(running ? "Service deployment in progress" : "No service deployment in progress; the last one")}: {EcsOperationContext.ShortId(deployment.ServiceDeploymentArn)}");
        var lines = Describe(deployment, revisions, context.Time.GetUtcNow());
        foreach (var line in lines)
        {
            log.Info("    " + line);
        }

        if (deployment.StatusReason is { Length: > 0 } reason)
        {
            log.Untrusted($"    Reason: {reason.ReplaceLineEndings(" ")}");
        }

        WriteEvents(context);
        context.Summary.Append(EcsOperationSummary.RenderStatus(context, deployment, lines, revisions));
        return 0;
    }

    /// <summary>The lines that describe a service deployment, composed only from status values, names, times and numbers.</summary>
    public static IReadOnlyList<string> Describe(ServiceDeployment deployment, IReadOnlyDictionary<string, string> revisionTaskDefinitions, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        ArgumentNullException.ThrowIfNull(revisionTaskDefinitions);
        var lines = new List<string> { $"Status: {deployment.Status ?? "UNKNOWN"}" };
        lines.Add($"Strategy: {EcsStages.StrategyOf(deployment.DeploymentConfiguration)}{Bake(deployment.DeploymentConfiguration)}");
        if (deployment.LifecycleStage is { Length: > 0 } stage)
        {
            lines.Add($"Stage: {stage}");
        }

        if (deployment.CreatedAt is { } created)
        {
            lines.Add($"Created: {Time(created)}");
        }

        if ((deployment.FinishedAt ?? deployment.StoppedAt) is { } finished)
        {
            lines.Add($"Finished: {Time(finished)}");
        }

        if (deployment.TargetServiceRevision is { } targetRevision)
        {
            lines.Add("Target: " + Revision(targetRevision, revisionTaskDefinitions));
        }

        foreach (var source in deployment.SourceServiceRevisions ?? [])
        {
            lines.Add("Source: " + Revision(source, revisionTaskDefinitions));
        }

        foreach (var hook in deployment.LifecycleHookDetails ?? [])
        {
            var expires = hook.ExpiresAt is { } at ? $", expires {Time(at)} (in {CodeDeploy.DeploymentWatch.FormatDuration(at > now ? at - now : TimeSpan.Zero)})" : "";
            lines.Add($"Hook {hook.HookId} ({hook.TargetType}): {hook.Status}{expires}");
        }

        if (deployment.DeploymentCircuitBreaker is { } breaker)
        {
            lines.Add($"Circuit breaker: {breaker.Status}, {breaker.FailureCount ?? 0} of {breaker.Threshold?.ToString(CultureInfo.InvariantCulture) ?? "?"} failed tasks");
        }

        if (deployment.Alarms is { } alarms)
        {
            var triggered = alarms.TriggeredAlarmNames is { Count: > 0 } names ? $", triggered: {string.Join(", ", names)}" : "";
            lines.Add($"Alarms: {alarms.Status}{(alarms.AlarmNames is { Count: > 0 } all ? $" ({string.Join(", ", all)})" : "")}{triggered}");
        }

        if (deployment.Rollback is { } rollback)
        {
            var to = rollback.ServiceRevisionArn is { } r && revisionTaskDefinitions.TryGetValue(r, out var td) ? $" to {PreviousRevision.FamilyRevision(td)}" : "";
            lines.Add($"Rollback{to}{(rollback.StartedAt is { } s ? $" started {Time(s)}" : "")}");
        }

        if (ServiceDeploymentHistory.PausedHook(deployment) is { } paused)
        {
            lines.Add($"Paused at hook {paused.HookId}: go on with command 'continue', or go back with command 'rollback'.");
        }

        return lines;
    }

    /// <summary>"web:3: 2 requested, 2 running, 0 pending, production 100%, test 100%".</summary>
    public static string Revision(ServiceRevisionSummary revision, IReadOnlyDictionary<string, string> revisionTaskDefinitions)
    {
        ArgumentNullException.ThrowIfNull(revision);
        ArgumentNullException.ThrowIfNull(revisionTaskDefinitions);
        var name = revision.Arn is { } arn && revisionTaskDefinitions.TryGetValue(arn, out var taskDefinition)
            ? PreviousRevision.FamilyRevision(taskDefinition)
            : revision.Arn is { } unknown ? EcsOperationContext.ShortId(unknown) : "?";
        var text = $"{name}: {revision.RequestedTaskCount} requested, {revision.RunningTaskCount} running, {revision.PendingTaskCount} pending";
        if (revision.RequestedProductionTrafficWeight is { } production)
        {
            text += $", production {Percent(production)}";
        }

        if (revision.RequestedTestTrafficWeight is { } test)
        {
            text += $", test {Percent(test)}";
        }

        return text;
    }

    private static void WriteEvents(EcsOperationContext context)
    {
        var events = (context.Service.Events ?? []).Take(EventCount).ToList();
        if (events.Count == 0)
        {
            return;
        }

        context.Log.Info($"  Last {events.Count} service events:");
        foreach (var e in events)
        {
            context.Log.Untrusted($"    {(e.CreatedAt is { } at ? Time(at) : "")} {e.Message?.ReplaceLineEndings(" ")}");
        }
    }

    private static string Bake(EcsDeploymentConfiguration? configuration)
    {
        var parts = new List<string>();
        if (configuration?.BakeTimeInMinutes is { } bake)
        {
            parts.Add($"bake time {bake} min");
        }

        if (configuration?.LinearConfiguration is { StepPercent: { } step } linear)
        {
            parts.Add($"steps of {Percent(step)}{(linear.StepBakeTimeInMinutes is { } m ? $", {m} min each" : "")}");
        }

        if (configuration?.CanaryConfiguration is { CanaryPercent: { } canary } canaryConfig)
        {
            parts.Add($"canary {Percent(canary)}{(canaryConfig.CanaryBakeTimeInMinutes is { } m ? $" for {m} min" : "")}");
        }

        return parts.Count == 0 ? "" : $" ({string.Join(", ", parts)})";
    }

    internal static string Percent(double value) => value.ToString("0.##", CultureInfo.InvariantCulture) + "%";

    internal static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
