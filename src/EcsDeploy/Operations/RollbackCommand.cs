using EcsDeploy.Aws;
using EcsDeploy.Aws.CodeDeploy;
using EcsDeploy.CodeDeploy;

namespace EcsDeploy.Operations;

/// <summary>
/// command: rollback — redeploys, through CodeDeploy, the task definition that served before the last deployment
/// (see <see cref="PreviousRevision"/>) or the one in task-definition-arn, followed and judged like a deploy.
/// While a deployment runs, it is stopped with rollback instead, which returns traffic to the task set that
/// served before it.
/// </summary>
public static class RollbackCommand
{
    public static async Task<int> RunAsync(OperationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (inputs, target, log) = (context.Inputs, context.Target, context.Log);
        var active = await ActiveDeployment.FindAsync(context.CodeDeploy, target, cancellationToken).ConfigureAwait(false);
        if (active is not null)
        {
            log.Info($"Deployment {active.DeploymentId} is in progress, so rolling back means stopping it: CodeDeploy returns traffic to the original task set.");
            if (inputs.TaskDefinitionArn is { } ignored)
            {
                log.Warning($"Input '{CommandInputs.TaskDefinitionArnInput}' ('{ignored}') is not used: stopping deployment {active.DeploymentId} restores the revision that served before it.");
            }

            var stopped = await StopCommand.StopAndFollowAsync(context, active, rollback: true, cancellationToken).ConfigureAwait(false);
            return StopCommand.Judge(context, stopped, rollbackRequested: true);
        }

        var service = await context.Ecs.DescribeServiceAsync(target.Cluster, target.Service, cancellationToken).ConfigureAwait(false);
        if (service is null || !string.Equals(service.Status, "ACTIVE", StringComparison.OrdinalIgnoreCase))
        {
            throw new OperationFailedException($"Service '{target.Service}' was not found in cluster '{target.Cluster}'; check the 'cluster' and 'service' inputs.");
        }

        if (service.DeploymentController?.Type is not "CODE_DEPLOY")
        {
            throw new OperationFailedException($"Service '{target.Service}' uses the {service.DeploymentController?.Type ?? "ECS"} deployment controller, not CODE_DEPLOY, so it cannot be rolled back through CodeDeploy.");
        }

        var current = service.TaskDefinition ?? "";
        var revision = await ChooseRevisionAsync(context, current, cancellationToken).ConfigureAwait(false);
        var appSpec = revision.AppSpec
                      ?? await PreviousRevision.LatestAppSpecAsync(context.CodeDeploy, target, cancellationToken).ConfigureAwait(false)
                      ?? GenerateAppSpec(service, revision.TaskDefinitionArn);
        AppSpec.SetTaskDefinition(appSpec, revision.TaskDefinitionArn);

        log.Info($"Rolling back service '{target.Service}' from {PreviousRevision.FamilyRevision(current)} to {PreviousRevision.FamilyRevision(revision.TaskDefinitionArn)}" +
                 (revision.DeploymentId is { } source ? $" (the revision deployment {source} installed)" : ""));
        var request = new CreateDeploymentRequest
        {
            ApplicationName = target.Application,
            DeploymentGroupName = target.DeploymentGroup,
            Revision = new RevisionLocation { AppSpecContent = AppSpec.ToContent(appSpec) },
            DeploymentConfigName = inputs.DeploymentConfig,
            Description = inputs.Description ?? $"Rollback of {target.Service} to {PreviousRevision.FamilyRevision(revision.TaskDefinitionArn)}",
        };
        var deploymentId = await InProgressGuard.CreateDeploymentAsync(context.CodeDeploy, request, target, cancellationToken).ConfigureAwait(false);
        context.Outputs.Set("codedeploy-deployment-id", deploymentId);
        context.Outputs.Set("task-definition-arn", revision.TaskDefinitionArn);
        log.Info(inputs.Region.Length == 0 ? $"Created deployment {deploymentId}" : $"Created deployment {deploymentId}: {AwsConsole.Deployment(inputs.Region, deploymentId)}");

        var headline = $"Service '{target.Service}' rolled back to {PreviousRevision.FamilyRevision(revision.TaskDefinitionArn)}: deployment {deploymentId} succeeded";
        return await OwnedDeployment.FollowAndJudgeAsync(context, deploymentId, revision.TaskDefinitionArn, headline, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The revision given in task-definition-arn (resolved to an ARN), else the one that served before the current one.</summary>
    private static async Task<RollbackRevision> ChooseRevisionAsync(OperationContext context, string current, CancellationToken cancellationToken)
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

            if (PreviousRevision.SameRevision(arn, current))
            {
                throw new OperationFailedException($"Input '{CommandInputs.TaskDefinitionArnInput}' value '{given}' is the revision service '{target.Service}' already runs; give an earlier one, or leave it empty to go back one deployment.");
            }

            return new RollbackRevision(arn, null, null);
        }

        return await PreviousRevision.FindAsync(context.CodeDeploy, target, current, cancellationToken).ConfigureAwait(false)
               ?? throw new OperationFailedException(
                   $"No earlier revision of service '{target.Service}' was found: no successful deployment of group '{target.GroupName}' installed a task definition other than the current {PreviousRevision.FamilyRevision(current)}, and CodeDeploy records none before a group's first deployment; give the revision in '{CommandInputs.TaskDefinitionArnInput}'.");
    }

    private static System.Text.Json.Nodes.JsonObject GenerateAppSpec(Aws.Ecs.EcsService service, string taskDefinitionArn) =>
        AppSpec.GenerationProblem(service) is { } problem
            ? throw new OperationFailedException(problem)
            : AppSpec.Generate(service, taskDefinitionArn, []);
}
