using EcsDeploy.Aws;
using EcsDeploy.Aws.Ecs;
using EcsDeploy.Deploy;
using EcsDeploy.Operations;
using EcsDeploy.Runtime;

namespace EcsDeploy.EcsController;

/// <summary>if-deployment-in-progress for an ECS-controller service: wait for, stop, or refuse a service deployment that is still active.</summary>
public sealed class EcsInProgress(DeployContext context, DeployInputs inputs, ServiceDeploymentWatcher watcher)
{
    // A followed deployment may be replaced by another run's; a few rounds cover that, more means others keep deploying.
    private const int MaxRounds = 5;

    /// <summary>Null when the service runs no deployment (any more); else the exit code after one error line.</summary>
    /// <param name="cancellationToken">The run's token.</param>
    /// <param name="waited">Called before returning null when a deployment was followed or stopped, so what was read before it may be stale.</param>
    public async Task<int?> BeforeDeployAsync(CancellationToken cancellationToken, Action? waited = null)
    {
        var settings = EcsWatchSettings.From(inputs, TimeSpan.FromMinutes(inputs.WaitForMinutes));
        string? following = null;
        try
        {
            for (var round = 0; round < MaxRounds; round++)
            {
                var active = await FindActiveAsync(cancellationToken).ConfigureAwait(false);
                if (active is null)
                {
                    if (round > 0)
                    {
                        waited?.Invoke();
                    }

                    return null;
                }

                var id = active.ServiceDeploymentArn[(active.ServiceDeploymentArn.LastIndexOf('/') + 1)..];
                var described = $"{id} ({active.Status}{(active.CreatedAt is { } c ? ", created " + c.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) : "")})";
                switch (inputs.IfDeploymentInProgress)
                {
                    case InProgressPolicy.Fail:
                        context.Log.Error($"Service '{inputs.Service}' already runs service deployment {described}; wait for it to end, stop it with command 'stop', or set '{CommandInputs.InProgressInput}' to wait or stop.", new AnnotationProperties("Deployment not started"));
                        return ExitCodes.SetupFailed;
                    case InProgressPolicy.Stop when active.Status is EcsStatus.InProgress or EcsStatus.Pending:
                        context.Log.Info($"Service deployment {described} is in progress; stopping it with rollback before deploying ({CommandInputs.InProgressInput}: stop).");
                        await context.Aws.EcsDeployments.StopServiceDeploymentAsync(active.ServiceDeploymentArn, "ROLLBACK", cancellationToken).ConfigureAwait(false);
                        break;
                    default:
                        context.Log.Info($"Service deployment {described} is in progress; following it to its end before deploying ({CommandInputs.InProgressInput}: {(inputs.IfDeploymentInProgress == InProgressPolicy.Stop ? "stop" : "wait")}).");
                        break;
                }

                following = active.ServiceDeploymentArn;
                var start = EcsWatchState.Start(active.ServiceDeploymentArn) with { Prefix = $"[{id}] " };
                var watched = await watcher.WatchAsync(start, settings, cancellationToken).ConfigureAwait(false);
                if (watched.Outcome is null)
                {
                    context.Log.Error($"Service deployment {id} did not end within {inputs.WaitForMinutes} min; no deployment was started. Run again when the service is idle.", new AnnotationProperties("Deployment not started"));
                    return ExitCodes.TimedOut;
                }

                context.Log.Info($"Service deployment {id} ended {watched.Outcome.Status}.");
                following = null;
            }

            context.Log.Error($"Service '{inputs.Service}' kept starting new deployments while this step waited ({MaxRounds} in a row); run again when it is idle.", new AnnotationProperties("Deployment not started"));
            return ExitCodes.SetupFailed;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // What runs is another run's deployment (or the rollback this step asked for): it is not stopped.
            var what = following is null ? "" : $" Service deployment {following[(following.LastIndexOf('/') + 1)..]} keeps running: {AwsConsole.ServiceDeployment(inputs.Region, inputs.Cluster, inputs.Service, following)}.";
            context.Log.Error($"The run was cancelled while waiting for the service's deployment in progress.{what} No deployment was started.", new AnnotationProperties("Deployment cancelled"));
            return ExitCodes.Cancelled;
        }
        catch (AwsServiceException e) when (EcsDeploymentStart.IsUnavailable(e))
        {
            // Without service deployments there is nothing to check here; ECS itself replaces a running deployment.
            context.Log.Debug($"In-progress check skipped: {e.Message}");
            return null;
        }
        catch (AwsServiceException e)
        {
            context.Log.Error($"Checking for deployments in progress on service '{inputs.Service}' (ListServiceDeployments) failed ({e.ErrorCode}): {e.AwsMessage}", new AnnotationProperties("Deployment not started"));
            return ExitCodes.SetupFailed;
        }
    }

    private async Task<ServiceDeploymentBrief?> FindActiveAsync(CancellationToken cancellationToken)
    {
        var page = await context.Aws.EcsDeployments.ListServiceDeploymentsAsync(new ListServiceDeploymentsRequest
        {
            Cluster = inputs.Cluster,
            Service = inputs.Service,
            Status = [.. EcsStatus.Active],
        }, cancellationToken).ConfigureAwait(false);
        return page.ServiceDeployments.OrderByDescending(d => d.CreatedAt).FirstOrDefault();
    }
}
