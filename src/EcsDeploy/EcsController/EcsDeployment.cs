using EcsDeploy.Aws;
using EcsDeploy.Aws.Ecs;
using EcsDeploy.Deploy;
using EcsDeploy.Runtime;

namespace EcsDeploy.EcsController;

/// <summary>The deploy of an ECS-controller service: checks before anything is registered, then one UpdateService, the deployment it started followed and judged.</summary>
public sealed class EcsDeployment(DeployContext context, DeployInputs inputs, EcsService service)
{
    private readonly IJobLog _log = context.Log;
    private readonly ServiceDeploymentWatcher _watcher = new(context.Aws.Ecs, context.Aws.EcsDeployments, context.Log, context.Time);

    /// <summary>The service's deployment strategy (ROLLING when none is set).</summary>
    public string Strategy => EcsStages.StrategyOf(service.DeploymentConfiguration);

    /// <summary>
    /// Checks that need the service but nothing registered: wait-until against the strategy, then if-deployment-in-progress,
    /// with the new revision's reads (<paramref name="prepare"/>) running meanwhile. Returns the preparation to take, or the
    /// exit code after one error line (the preparation is then dropped unread and unprinted).
    /// </summary>
    internal async Task<(int? Refused, HeldPreparation? Revision)> CheckAsync(Func<HeldPreparation> prepare, ConcurrentReads reads)
    {
        ArgumentNullException.ThrowIfNull(prepare);
        ArgumentNullException.ThrowIfNull(reads);
        if (WaitUntilProblem() is { } problem)
        {
            _log.Error(problem, new AnnotationProperties("Deployment not started"));
            return (ExitCodes.SetupFailed, null);
        }

        var waited = false;
        var inProgress = reads.Start(ct => new EcsInProgress(context, inputs, _watcher).BeforeDeployAsync(ct, () => waited = true));
        var held = prepare();
        if (await inProgress.ConfigureAwait(false) is { } refused)
        {
            return (refused, null);
        }

        // After following a deployment to its end, what was read before may be stale (a tag pushed meanwhile): read
        // again, as the deploy did when it prepared only after the wait. The first preparation is dropped.
        return (null, waited ? prepare() : held);
    }

    /// <summary>Why wait-until does not fit this service, or null.</summary>
    public string? WaitUntilProblem()
    {
        var given = inputs.WaitUntilInput;
        if (given is "traffic-shifted" or "ready")
        {
            return $"Input 'wait-until' value '{given}' applies to CODE_DEPLOY services, but service '{inputs.Service}' uses the ECS deployment controller; use deployed, paused or a lifecycle stage such as POST_TEST_TRAFFIC_SHIFT.";
        }

        if (inputs.EcsWaitUntil is { Kind: EcsWaitKind.Stage, Stage: { } stage } && !EcsStages.Of(Strategy).Contains(stage))
        {
            return $"Input 'wait-until' value '{stage}' is a lifecycle stage, but service '{inputs.Service}' deploys with strategy {Strategy}, which has no lifecycle stages; use deployed, or give the service a BLUE_GREEN, LINEAR or CANARY strategy.";
        }

        if (inputs.EcsWaitUntil.Kind == EcsWaitKind.Paused && service.DeploymentConfiguration?.LifecycleHooks?.Any(h => h.TargetType == "PAUSE") != true)
        {
            return $"Input 'wait-until' value 'paused' needs a PAUSE lifecycle hook, but service '{inputs.Service}' has none; add one to its deploymentConfiguration.lifecycleHooks or use deployed.";
        }

        return null;
    }

    /// <summary>The watch limit: wait-for-minutes plus the bake time and each traffic step's bake time, at most 360 minutes.</summary>
    public static TimeSpan WatchTimeout(DeployInputs inputs, EcsDeploymentConfiguration? configuration)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var minutes = inputs.WaitForMinutes + (configuration?.BakeTimeInMinutes ?? 0);
        if (configuration?.Strategy == "LINEAR" && configuration.LinearConfiguration is { StepPercent: > 0 and var step } linear)
        {
            minutes += (int)Math.Ceiling(100 / step) * (linear.StepBakeTimeInMinutes ?? 0);
        }
        else if (configuration?.Strategy == "CANARY")
        {
            minutes += configuration.CanaryConfiguration?.CanaryBakeTimeInMinutes ?? 0;
        }

        return TimeSpan.FromMinutes(Math.Min(minutes, 360));
    }

    /// <summary>"Deploying … with the ECS deployment controller (strategy); waiting until …, up to N min".</summary>
    public string Header(string what)
    {
        var configuration = service.DeploymentConfiguration;
        var bake = configuration?.BakeTimeInMinutes is > 0 and var b ? $", bake time {b} min" : "";
        var waiting = !inputs.WaitForServiceStability
            ? "not waiting for the deployment (wait-for-service-stability is false)"
            : $"waiting until {inputs.EcsWaitUntil}, up to {(int)WatchTimeout(inputs, configuration).TotalMinutes} min";
        return $"Deploying {what} to service {inputs.Service} in cluster {inputs.Cluster} with the ECS deployment controller ({Strategy}{bake}); {waiting}";
    }

    /// <summary>UpdateService with the new revision, then follow and judge the deployment it started.</summary>
    public async Task<int> DeployAsync(string taskDefinitionArn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(taskDefinitionArn);
        var endings = new EcsEndings(context, inputs, _watcher, taskDefinitionArn);
        var start = new EcsDeploymentStart(context.Aws.Ecs, context.Aws.EcsDeployments, _log, context.Time);
        var doing = $"Updating service '{inputs.Service}' (UpdateService)";
        var (updateSent, updated) = (false, false);
        var since = context.Time.GetUtcNow();
        StartedDeployment? started = null;
        EcsWatchState? state = null;
        try
        {
            var request = UpdateServiceRequest.Build(inputs, taskDefinitionArn);
            cancellationToken.ThrowIfCancellationRequested();
            updateSent = true;
            (var afterUpdate, since) = await start.UpdateServiceAsync(request, taskDefinitionArn, inputs.Cluster, inputs.Service, cancellationToken).ConfigureAwait(false);
            updated = true;
            _log.Info($"Updated service {inputs.Service} to {taskDefinitionArn}");
            if (!inputs.WaitForServiceStability)
            {
                endings.SetOutputs(EcsStatus.Pending, null, null);
                _log.Info("Not waiting for the deployment (wait-for-service-stability is false).");
                return ExitCodes.Succeeded;
            }

            doing = $"Finding the deployment of service '{inputs.Service}' (ListServiceDeployments)";
            started = await start.FindAsync(afterUpdate, since, taskDefinitionArn, inputs.Cluster, inputs.Service, cancellationToken).ConfigureAwait(false);
            if (started is null)
            {
                return endings.NotFound(service.TaskDefinition == taskDefinitionArn && !inputs.ServiceUpdate.ForceNewDeployment);
            }

            state = started.Classic
                ? EcsWatchState.StartClassic(started.Id, taskDefinitionArn) with { EventsSince = since }
                : EcsWatchState.Start(started.Id, inputs.EcsWaitUntil, taskDefinitionArn) with { EventsSince = since };
            endings.Started(started);
            doing = $"Watching service deployment {state.ShortId}";
            var settings = endings.Settings(WatchTimeout(inputs, service.DeploymentConfiguration));
            var watched = await _watcher.WatchAsync(state, settings, cancellationToken).ConfigureAwait(false);
            state = watched.State;
            return watched.Outcome switch
            {
                null => await endings.TimedOutAsync(state, settings.Timeout ?? TimeSpan.Zero, cancellationToken).ConfigureAwait(false),
                { IsFailure: true } outcome => endings.Failed(state, outcome),
                { } outcome => endings.Succeeded(state, outcome),
            };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return await endings.CancelledAsync(updateSent, started, state, since).ConfigureAwait(false);
        }
        catch (AwsServiceException e)
        {
            return endings.AwsCallFailed(doing, e, updated, started, state);
        }
    }
}
