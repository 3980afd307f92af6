using System.Globalization;
using System.Text;
using EcsDeploy.Aws.CodeDeploy;
using EcsDeploy.CodeDeploy;
using EcsDeploy.Runtime;

namespace EcsDeploy.Operations;

/// <summary>command: status — prints the group's running deployment, or its last one, with lifecycle and traffic; always exits 0.</summary>
public static class StatusCommand
{
    public static async Task<int> RunAsync(OperationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (codeDeploy, target, log) = (context.CodeDeploy, context.Target, context.Log);
        var deployment = await ActiveDeployment.FindAsync(codeDeploy, target, cancellationToken).ConfigureAwait(false);
        var running = deployment is not null;
        if (deployment is null && await LastDeploymentIdAsync(codeDeploy, target, cancellationToken).ConfigureAwait(false) is { } lastId)
        {
            deployment = await codeDeploy.GetDeploymentAsync(lastId, cancellationToken).ConfigureAwait(false);
        }

        if (deployment is null)
        {
            log.Info($"Deployment group '{target.GroupName}' has no deployments yet.");
            context.Summary.Append($"### Deployment group {Markdown.Code(target.GroupName)}\n\nNo deployments yet.\n");
            return 0;
        }

        var ecsTarget = await TargetAsync(codeDeploy, deployment.DeploymentId, cancellationToken).ConfigureAwait(false);
        context.Outputs.Set("codedeploy-deployment-id", deployment.DeploymentId);
        context.Outputs.Set("deployment-status", deployment.Status);

        log.Info($"Deployment group '{target.GroupName}': {(running ? "deployment in progress" : "no deployment in progress; the last one")} is {deployment.DeploymentId}");
        foreach (var line in Describe(deployment, ecsTarget))
        {
            log.Info("  " + line);
        }

        if (deployment.ErrorInformation is { } error)
        {
            log.Untrusted($"  Error: {error.Code}: {error.Message}");
        }

        context.Summary.Append(Summary(target, deployment, ecsTarget));
        return 0;
    }

    /// <summary>The lines that describe a deployment, composed only from status values, names, times and numbers.</summary>
    public static IReadOnlyList<string> Describe(DeploymentInfo deployment, EcsTarget? ecsTarget)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        var lines = new List<string> { $"Status: {deployment.Status}" };
        if (deployment.CreateTime is { } created)
        {
            lines.Add($"Created: {Time(created)}{(deployment.Creator is { } creator ? $" by {creator}" : "")}");
        }

        if (deployment.CompleteTime is { } completed)
        {
            lines.Add($"Completed: {Time(completed)}");
        }

        if (PreviousRevision.AppSpecOf(deployment) is { } appSpec && PreviousRevision.TaskDefinitionOf(appSpec) is { } taskDefinition)
        {
            lines.Add($"Task definition: {PreviousRevision.FamilyRevision(taskDefinition)}");
        }

        foreach (var lifecycleEvent in ecsTarget?.LifecycleEvents ?? [])
        {
            lines.Add($"{lifecycleEvent.LifecycleEventName}: {lifecycleEvent.Status ?? "Pending"}{Duration(lifecycleEvent)}");
        }

        if (Traffic(ecsTarget) is { } traffic)
        {
            lines.Add(traffic);
        }

        if (ContinueCommand.WaitTypeOf(deployment) is { } wait)
        {
            lines.Add(wait == ContinueCommand.ReadyWait
                ? "Waiting at the ready wait: promote it with operation 'continue', or stop it with operation 'stop'."
                : "In the termination wait: end it early with operation 'continue'.");
        }

        if (deployment.RollbackInfo is { } rollback)
        {
            if (rollback.RollbackDeploymentId is { } rollbackId)
            {
                lines.Add($"Rolled back by deployment {rollbackId}");
            }

            if (rollback.RollbackTriggeringDeploymentId is { } triggering)
            {
                lines.Add($"Rollback of deployment {triggering}");
            }
        }

        return lines;
    }

    /// <summary>The last deployment of the group: the one GetDeploymentGroup names as last attempted, else the newest listed.</summary>
    private static async Task<string?> LastDeploymentIdAsync(ICodeDeployApi codeDeploy, OperationTarget target, CancellationToken cancellationToken)
    {
        var group = await codeDeploy.GetDeploymentGroupAsync(target.Application, target.DeploymentGroup, cancellationToken).ConfigureAwait(false);
        if (group.LastAttemptedDeployment?.DeploymentId is { Length: > 0 } id)
        {
            return id;
        }

        var all = await codeDeploy.ListDeploymentsAsync(target.Application, target.DeploymentGroup, null, cancellationToken).ConfigureAwait(false);
        return all.Count == 0 ? null : all[0];
    }

    private static async Task<EcsTarget?> TargetAsync(ICodeDeployApi codeDeploy, string deploymentId, CancellationToken cancellationToken)
    {
        var targets = await codeDeploy.ListDeploymentTargetsAsync(deploymentId, cancellationToken).ConfigureAwait(false);
        return targets.Count == 0 ? null : await codeDeploy.GetDeploymentTargetAsync(deploymentId, targets[0], cancellationToken).ConfigureAwait(false);
    }

    private static string? Traffic(EcsTarget? ecsTarget)
    {
        var sets = ecsTarget?.TaskSetsInfo ?? [];
        var blue = sets.FirstOrDefault(s => string.Equals(s.TaskSetLabel, "Blue", StringComparison.OrdinalIgnoreCase));
        var green = sets.FirstOrDefault(s => string.Equals(s.TaskSetLabel, "Green", StringComparison.OrdinalIgnoreCase));
        return blue is null && green is null
            ? null
            : $"Traffic: blue {DeploymentWatch.Percent(blue?.TrafficWeight ?? 0)} / green {DeploymentWatch.Percent(green?.TrafficWeight ?? 0)}";
    }

    private static string Summary(OperationTarget target, DeploymentInfo deployment, EcsTarget? ecsTarget)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"### Deployment {Markdown.Code(deployment.DeploymentId)} of {Markdown.Code(target.GroupName)}: {Markdown.Text(deployment.Status)}\n\n");
        if (ecsTarget?.LifecycleEvents is { Count: > 0 } events)
        {
            text.Append("| Lifecycle event | Status | Duration |\n|---|---|---|\n");
            foreach (var e in events)
            {
                var duration = e is { StartTime: { } start, EndTime: { } end } ? DeploymentWatch.FormatDuration(end - start) : "";
                text.Append(CultureInfo.InvariantCulture, $"| {Markdown.Text(e.LifecycleEventName)} | {Markdown.Text(e.Status ?? "Pending")} | {duration} |\n");
            }

            text.Append('\n');
        }

        if (Traffic(ecsTarget) is { } traffic)
        {
            text.Append(Markdown.Text(traffic)).Append('\n');
        }

        return text.ToString();
    }

    private static string Duration(LifecycleEvent e) =>
        e is { StartTime: { } start, EndTime: { } end } ? $" ({DeploymentWatch.FormatDuration(end - start)})" : "";

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
