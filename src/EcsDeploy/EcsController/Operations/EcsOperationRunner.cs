using EcsDeploy.Aws.Ecs;
using EcsDeploy.CodeDeploy;
using EcsDeploy.Operations;
using EcsDeploy.Runtime;

namespace EcsDeploy.EcsController.Operations;

/// <summary>Builds what an ECS operation needs once the service is known to use the ECS deployment controller, and runs it.</summary>
public static class EcsOperationRunner
{
    /// <summary>Makes the follower for a service, given the settings the operation waits with.</summary>
    public delegate IServiceDeploymentFollower FollowerFactory(EcsService service, WatchSettings settings);

    /// <summary>Refuses inputs that do not apply to ECS services, then runs the operation; returns the exit code.</summary>
    public static Task<int> RunAsync(OperationInputs inputs, EcsService service, ActionApis apis, FollowerFactory followers,
        IJobLog log, IActionOutputs outputs, IStepSummary summary, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(apis);
        ArgumentNullException.ThrowIfNull(followers);
        ArgumentNullException.ThrowIfNull(log);
        if (EcsOperations.InputProblems(inputs, inputs.Target.Service) is { Count: > 0 } problems)
        {
            foreach (var problem in problems)
            {
                log.Error(problem, new AnnotationProperties("Invalid input"));
            }

            return Task.FromResult(Deploy.ExitCodes.InvalidInput);
        }

        var settings = inputs.Watch with { Timeout = Timeout(inputs.Watch.Timeout ?? TimeSpan.FromMinutes(30), service.DeploymentConfiguration) };
        var context = new EcsOperationContext(inputs with { Watch = settings }, service, apis.EcsDeployments, apis.Ecs,
            followers(service, settings), log, outputs, summary, time);
        return EcsOperations.RunAsync(context, cancellationToken);
    }

    /// <summary>wait-for-minutes plus the service's bake time and its linear or canary step bake times, capped at 360 minutes.</summary>
    public static TimeSpan Timeout(TimeSpan wait, EcsDeploymentConfiguration? configuration)
    {
        var minutes = wait.TotalMinutes + (configuration?.BakeTimeInMinutes ?? 0);
        if (configuration?.LinearConfiguration is { StepPercent: { } step } linear && step > 0)
        {
            minutes += Math.Ceiling(100 / step) * (linear.StepBakeTimeInMinutes ?? 0);
        }

        if (configuration?.CanaryConfiguration?.CanaryBakeTimeInMinutes is { } canaryBake)
        {
            minutes += canaryBake;
        }

        return TimeSpan.FromMinutes(Math.Min(minutes, 360));
    }
}
