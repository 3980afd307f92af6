using EcsDeploy.Aws;
using EcsDeploy.Aws.Ecs;
using EcsDeploy.Operations;
using EcsDeploy.Runtime;

namespace EcsDeploy.EcsController.Operations;

/// <summary>Where a followed service deployment is watched to: its end, or also a PAUSE hook awaiting action.</summary>
public enum FollowUntil
{
    /// <summary>A terminal status (SUCCESSFUL, STOPPED, ROLLBACK_SUCCESSFUL, ROLLBACK_FAILED).</summary>
    End,

    /// <summary>A terminal status, or a PAUSE hook awaiting action.</summary>
    PauseOrEnd,
}

/// <summary>Where following a service deployment ended: its last status, or <see cref="TimedOut"/> when the wait ran out.</summary>
/// <param name="Arn">The service deployment followed.</param>
/// <param name="Status">The last status seen (ServiceDeploymentStatus).</param>
/// <param name="TimedOut">True when the wait ran out before the deployment ended.</param>
public sealed record FollowedDeployment(string Arn, string? Status, bool TimedOut)
{
    /// <summary>Why it failed, in one sentence (rollback reason, circuit breaker, alarms, stopped task), when known.</summary>
    public string? Cause { get; init; }

    /// <summary>The PAUSE hook awaiting action when the follow ended there.</summary>
    public string? PausedHookId { get; init; }

    /// <summary>The deployment that replaced this one, when another UpdateService superseded it.</summary>
    public string? ReplacedBy { get; init; }

    /// <summary>The last description seen, for the step summary.</summary>
    public ServiceDeployment? Last { get; init; }

    /// <summary>What the ECS watch saw (stages with times, traffic steps, hooks, monitors), for the deploy's step summary.</summary>
    public EcsWatchState? State { get; init; }
}

/// <summary>
/// Follows one service deployment and streams its transitions to the job log, as the ECS deploy does;
/// operations never poll themselves. Backed by the deploy's ECS watcher.
/// </summary>
public interface IServiceDeploymentFollower
{
    /// <summary>Follows <paramref name="serviceDeploymentArn"/>; <paramref name="prefix"/> sets apart a followed rollback ("[rollback] ").</summary>
    Task<FollowedDeployment> FollowAsync(string serviceDeploymentArn, string prefix, FollowUntil until, CancellationToken cancellationToken);
}

/// <summary>Everything an operation on an ECS-controller service works with; built once by <see cref="OperationRunner"/>.</summary>
public sealed record EcsOperationContext(
    OperationInputs Inputs,
    EcsService Service,
    IEcsDeploymentsApi Deployments,
    IEcsApi Ecs,
    IServiceDeploymentFollower Follower,
    IJobLog Log,
    IActionOutputs Outputs,
    IStepSummary Summary,
    TimeProvider Time)
{
    /// <summary>The cluster and service named by the inputs.</summary>
    public OperationTarget Target => Inputs.Target;

    /// <summary>The service deployment followed last: what still runs when the run is cancelled.</summary>
    public string? Following { get; private set; }

    /// <summary>Follows a service deployment, remembering it in <see cref="Following"/>.</summary>
    public Task<FollowedDeployment> FollowAsync(string arn, string prefix, FollowUntil until, CancellationToken cancellationToken)
    {
        Following = arn;
        return Follower.FollowAsync(arn, prefix, until, cancellationToken);
    }

    /// <summary>"service 'web' in cluster 'prod'", the way messages name it.</summary>
    public string ServiceName => $"service '{Target.Service}' in cluster '{Target.Cluster}'";

    /// <summary>Where to look at a service deployment left running: its console page, or command 'status'.</summary>
    public string WhereToWatch(string arn) => Inputs.Region.Length == 0
        ? "check it with command 'status'"
        : $"follow it at {AwsConsole.ServiceDeployment(Inputs.Region, Target.Cluster, Target.Service, arn)} or with command 'status'";

    /// <summary>The short name of a service deployment: the ARN's last segment.</summary>
    public static string ShortId(string arn) => arn[(arn.LastIndexOf('/') + 1)..];
}
