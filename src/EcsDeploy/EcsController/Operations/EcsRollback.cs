using System.Text.Json.Nodes;
using EcsDeploy.Aws;
using EcsDeploy.Aws.Ecs;
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
    /// One UpdateService with the task definition, then the service deployment it started, found in
    /// ListServiceDeployments (created since the call, targeting that task definition). When the answer is lost the
    /// deployment is still looked for, so it is followed rather than started twice.
    /// </summary>
    private static async Task<string> StartAsync(EcsOperationContext context, string taskDefinitionArn, CancellationToken cancellationToken)
    {
        var target = context.Target;
        var since = context.Time.GetUtcNow().AddSeconds(-1);
        var request = new JsonObject { ["cluster"] = target.Cluster, ["service"] = target.Service, ["taskDefinition"] = taskDefinitionArn };
        Exception? lost = null;
        try
        {
            await context.Deployments.UpdateServiceAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            lost = e;
            context.Log.Warning($"UpdateService got no answer ({e.GetType().Name}); looking for the service deployment it may have started.");
        }

        for (var attempt = 0; attempt < 4; attempt++)
        {
            if (attempt > 0)
            {
                await Task.Delay(context.Inputs.Watch.PollInterval, context.Time, cancellationToken).ConfigureAwait(false);
            }

            if (await FindStartedAsync(context, since, taskDefinitionArn, cancellationToken).ConfigureAwait(false) is { } arn)
            {
                return arn;
            }
        }

        throw new OperationFailedException(lost is null
            ? $"UpdateService of {context.ServiceName} to {PreviousRevision.FamilyRevision(taskDefinitionArn)} was accepted, but no service deployment targeting it appeared; check the service with command 'status'."
            : $"UpdateService of {context.ServiceName} got no answer and no service deployment to {PreviousRevision.FamilyRevision(taskDefinitionArn)} appeared; check the service with command 'status' before running again.");
    }

    private static async Task<string?> FindStartedAsync(EcsOperationContext context, DateTimeOffset since, string taskDefinitionArn, CancellationToken cancellationToken)
    {
        var target = context.Target;
        var page = await context.Deployments.ListServiceDeploymentsAsync(
            new ListServiceDeploymentsRequest { Service = target.Service, Cluster = target.Cluster, CreatedAt = new CreatedAtRange(null, since) },
            cancellationToken).ConfigureAwait(false);
        var revisions = await ServiceDeploymentHistory.TaskDefinitionsAsync(context.Deployments, page.ServiceDeployments.Select(d => d.TargetServiceRevisionArn), cancellationToken).ConfigureAwait(false);
        return StartedBy(page.ServiceDeployments, revisions, since, taskDefinitionArn)?.ServiceDeploymentArn;
    }

    /// <summary>The newest deployment (of <paramref name="listed"/>, newest first) created since <paramref name="since"/> that targets <paramref name="taskDefinitionArn"/>.</summary>
    public static ServiceDeploymentBrief? StartedBy(IReadOnlyList<ServiceDeploymentBrief> listed, IReadOnlyDictionary<string, string> revisionTaskDefinitions, DateTimeOffset since, string taskDefinitionArn)
    {
        ArgumentNullException.ThrowIfNull(listed);
        ArgumentNullException.ThrowIfNull(revisionTaskDefinitions);
        return listed.FirstOrDefault(d => (d.CreatedAt ?? d.StartedAt) is { } created && created >= since
                                          && d.TargetServiceRevisionArn is { } revision
                                          && revisionTaskDefinitions.TryGetValue(revision, out var taskDefinition)
                                          && PreviousRevision.SameRevision(taskDefinition, taskDefinitionArn));
    }
}
