using System.Text.Json.Nodes;
using EcsDeploy.Aws;
using EcsDeploy.Operations;

namespace EcsDeploy.EcsController.Operations;

/// <summary>
/// command: rollback on an ECS-controller service. A PAUSE hook awaiting action is answered with ROLLBACK; a
/// running service deployment is stopped with rollback; otherwise the revision that served before the last
/// successful deployment (or the one in task-definition-arn) is deployed again with one UpdateService, followed
/// and judged like a deploy.
/// </summary>
public static class EcsRollback
{
    public static async Task<int> RunAsync(EcsOperationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (target, log) = (context.Target, context.Log);
        var active = await ServiceDeploymentHistory.FindActiveAsync(context.Deployments, target.Cluster, target.Service, cancellationToken).ConfigureAwait(false);
        if (active is not null)
        {
            var id = EcsOperationContext.ShortId(active.ServiceDeploymentArn);
            if (context.Inputs.TaskDefinitionArn is { } ignored)
            {
                log.Warning($"Input '{CommandInputs.TaskDefinitionArnInput}' ('{ignored}') is not used: rolling back service deployment {id} restores the revision that served before it.");
            }

            FollowedDeployment ended;
            if (ServiceDeploymentHistory.PausedHook(active) is { } hook)
            {
                log.Info($"Service deployment {id} is paused at hook {hook.HookId}, so rolling back means answering it with ROLLBACK (ContinueServiceDeployment ROLLBACK)");
                await EcsContinue.SendAsync(context, active, hook.HookId!, "ROLLBACK", cancellationToken).ConfigureAwait(false);
                ended = await EcsFollowing.FollowToEndAsync(context, active.ServiceDeploymentArn, EcsFollowing.RollbackPrefix, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                log.Info($"Service deployment {id} is in progress ({active.Status}), so rolling back means stopping it with rollback.");
                ended = await EcsStop.StopAndFollowAsync(context, active.ServiceDeploymentArn, cancellationToken, active.Status).ConfigureAwait(false);
            }

            return EcsStop.Judge(context, ended);
        }

        var current = context.Service.TaskDefinition ?? "";
        var revision = await ChooseRevisionAsync(context, current, cancellationToken).ConfigureAwait(false);
        log.Info($"Rolling back {context.ServiceName} from {PreviousRevision.FamilyRevision(current)} to {PreviousRevision.FamilyRevision(revision.TaskDefinitionArn)}" +
                 (revision.ReplacedBy is { } by ? $" (the revision that served before service deployment {EcsOperationContext.ShortId(by)})" : ""));
        context.Outputs.Set(EcsOutputs.TaskDefinitionArn, revision.TaskDefinitionArn);
        var arn = await StartAsync(context, revision.TaskDefinitionArn, cancellationToken).ConfigureAwait(false);
        log.Info($"Started service deployment {EcsOperationContext.ShortId(arn)}");
        return await EcsFollowing.FollowOwnedAsync(context, arn, FollowUntil.End,
            $"Service '{target.Service}' rolled back to {PreviousRevision.FamilyRevision(revision.TaskDefinitionArn)}: service deployment {EcsOperationContext.ShortId(arn)} succeeded",
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The revision given in task-definition-arn (resolved to an ARN), else the one that served before the current one.</summary>
    private static async Task<EcsRollbackRevision> ChooseRevisionAsync(EcsOperationContext context, string current, CancellationToken cancellationToken)
    {
        var target = context.Target;
        if (context.Inputs.TaskDefinitionArn is { } given)
        {
            string arn;
            try
            {
                arn = (await context.Ecs.DescribeTaskDefinitionAsync(given, cancellationToken).ConfigureAwait(false)).Arn;
            }
            catch (AwsServiceException e) when (e.ErrorCode is "ClientException" or "InvalidParameterException")
            {
                throw new OperationFailedException($"Input '{CommandInputs.TaskDefinitionArnInput}' value '{given}' names no registered task definition ({e.ErrorCode}); give a revision that exists.");
            }

            return PreviousRevision.SameRevision(arn, current)
                ? throw new OperationFailedException($"Input '{CommandInputs.TaskDefinitionArnInput}' value '{given}' is the revision {context.ServiceName} already runs; give an earlier one, or leave it empty to go back one deployment.")
                : new EcsRollbackRevision(arn, null);
        }

        return await EcsPreviousRevision.FindAsync(context.Deployments, target.Cluster, target.Service, current, cancellationToken).ConfigureAwait(false)
               ?? throw new OperationFailedException(
                   $"No earlier revision of {context.ServiceName} was found: no successful service deployment in its history installed the current {PreviousRevision.FamilyRevision(current)} over another revision; give the revision in '{CommandInputs.TaskDefinitionArnInput}'.");
    }

    /// <summary>
    /// One UpdateService with the task definition (never sent twice, even when its answer is lost), then the service
    /// deployment it started, found in ListServiceDeployments by creation time and target revision.
    /// </summary>
    private static async Task<string> StartAsync(EcsOperationContext context, string taskDefinitionArn, CancellationToken cancellationToken)
    {
        var target = context.Target;
        var start = new EcsDeploymentStart(context.Ecs, context.Deployments, context.Log, context.Time);
        var request = new JsonObject { ["cluster"] = target.Cluster, ["service"] = target.Service, ["taskDefinition"] = taskDefinitionArn };
        var (updated, since) = await start.UpdateServiceAsync(request, taskDefinitionArn, target.Cluster, target.Service, cancellationToken).ConfigureAwait(false);
        var started = await start.FindAsync(updated, since, taskDefinitionArn, target.Cluster, target.Service, cancellationToken).ConfigureAwait(false);
        return started switch
        {
            null => throw new OperationFailedException(
                $"UpdateService of {context.ServiceName} to {PreviousRevision.FamilyRevision(taskDefinitionArn)} was accepted, but no service deployment targeting it appeared; check the service with command 'status'."),
            { Classic: true } => throw new OperationFailedException(
                $"UpdateService started deployment {started.Id} of {context.ServiceName} to {PreviousRevision.FamilyRevision(taskDefinitionArn)}, but service deployments are unavailable to this role, so it cannot be followed; grant ecs:ListServiceDeployments and ecs:DescribeServiceDeployments, and check the service in the console."),
            _ => started.Id,
        };
    }
}
