using System.Globalization;
using System.Text;
using EcsDeploy.Aws;
using EcsDeploy.Aws.Ecs;
using EcsDeploy.Operations;
using EcsDeploy.Reporting;
using EcsDeploy.Runtime;

namespace EcsDeploy.EcsController.Operations;

/// <summary>The step summaries of the ECS operations: outcome first, then the service deployment's stage, revisions, hooks and links.</summary>
public static class EcsOperationSummary
{
    /// <summary>The deploy's ECS report of a followed service deployment, when the watch's state is known (and a region for the links).</summary>
    public static EcsDeploymentReport? DeploymentReport(EcsOperationContext context, FollowedDeployment followed, string headline, bool success, string? detail)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(followed);
        var (region, target) = (context.Inputs.Region, context.Target);
        if (followed.State is not { } state || region.Length == 0)
        {
            return null;
        }

        return new EcsDeploymentReport
        {
            Region = region,
            Cluster = target.Cluster,
            Service = target.Service,
            State = state,
            Headline = headline,
            Detail = detail,
            Success = success,
            At = context.Time.GetUtcNow(),
            Links =
            [
                new ConsoleLink($"service deployment {EcsOperationContext.ShortId(followed.Arn)}", AwsConsole.ServiceDeployment(region, target.Cluster, target.Service, followed.Arn)),
                new ConsoleLink($"service {target.Service}", AwsConsole.EcsService(region, target.Cluster, target.Service)),
            ],
        };
    }

    /// <summary>
    /// The summary of a followed service deployment: the deploy's ECS summary (stages with times, timeline chart,
    /// traffic steps, hooks, monitors, rollback) when the watch's state is known, else the operation's own table.
    /// </summary>
    public static string Render(EcsOperationContext context, FollowedDeployment followed, string headline, bool success, string? detail)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(followed);
        if (DeploymentReport(context, followed, headline, success, detail) is { } report)
        {
            return EcsDeploymentSummary.Render(report);
        }

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"### {(success ? "✅" : "❌")} {Markdown.Text(headline)}\n\n");
        if (detail is { Length: > 0 })
        {
            text.Append(Markdown.Text(detail)).Append("\n\n");
        }

        var table = new MarkdownTable("Service", "Command", "Service deployment", "Status");
        table.AddRow(Markdown.Code(context.Target.Service), Markdown.Code(CommandInputs.Name(context.Inputs.Command)),
            Markdown.Code(EcsOperationContext.ShortId(followed.Arn)), Markdown.Text(followed.Status ?? "UNKNOWN"));
        text.Append(table.ToString()).Append('\n');
        if (followed.Last is { } last)
        {
            AppendDeployment(text, last);
        }

        AppendLinks(text, context, followed.Arn);
        return text.ToString();
    }

    /// <summary>The summary of command status.</summary>
    public static string RenderStatus(EcsOperationContext context, ServiceDeployment? deployment, IReadOnlyList<string> lines, IReadOnlyDictionary<string, string> revisions)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(lines);
        var text = new StringBuilder();
        if (deployment is null)
        {
            text.Append(CultureInfo.InvariantCulture, $"### Service {Markdown.Code(context.Target.Service)}\n\nNo service deployments yet.\n\n");
            AppendLinks(text, context, null);
            return text.ToString();
        }

        text.Append(CultureInfo.InvariantCulture,
            $"### Service deployment {Markdown.Code(EcsOperationContext.ShortId(deployment.ServiceDeploymentArn))} of {Markdown.Code(context.Target.Service)}: {Markdown.Text(deployment.Status ?? "UNKNOWN")}\n\n");
        foreach (var line in lines)
        {
            text.Append("- ").Append(Markdown.Text(line)).Append('\n');
        }

        text.Append('\n');
        AppendLinks(text, context, deployment.ServiceDeploymentArn);
        return text.ToString();
    }

    private static void AppendDeployment(StringBuilder text, ServiceDeployment last)
    {
        if (last.LifecycleHookDetails is { Count: > 0 } hooks)
        {
            var table = new MarkdownTable("Hook", "Type", "Status");
            foreach (var hook in hooks)
            {
                table.AddRow(Markdown.Code(hook.HookId ?? "?"), Markdown.Text(hook.TargetType ?? ""), Markdown.Text(hook.Status ?? ""));
            }

            text.Append(table.ToString()).Append('\n');
        }

        if (last.Rollback?.Reason is { Length: > 0 } reason)
        {
            text.Append("Rollback reason: ").Append(Markdown.Text(reason)).Append("\n\n");
        }
    }

    private static void AppendLinks(StringBuilder text, EcsOperationContext context, string? arn)
    {
        if (context.Inputs.Region.Length == 0)
        {
            return;
        }

        var (region, target) = (context.Inputs.Region, context.Target);
        if (arn is not null)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"[Service deployment {Markdown.Text(EcsOperationContext.ShortId(arn))}]({AwsConsole.ServiceDeployment(region, target.Cluster, target.Service, arn)}) · ");
        }

        text.Append(CultureInfo.InvariantCulture, $"[Service {Markdown.Text(target.Service)}]({AwsConsole.EcsService(region, target.Cluster, target.Service)})\n");
    }
}
