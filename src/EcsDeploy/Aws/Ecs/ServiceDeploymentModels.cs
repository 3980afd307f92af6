namespace EcsDeploy.Aws.Ecs;

// Shapes of the ECS deployment controller's own deployments (ecs/2014-11-13): service deployments, service revisions,
// the classic deployments[] of DescribeServices, service events and the deployment configuration. Only the members
// the action reads; names and enums as in the model.

/// <summary>A service's deployment configuration: strategy, bake time, hooks, circuit breaker and alarms.</summary>
public sealed record EcsDeploymentConfiguration
{
    public EcsCircuitBreaker? DeploymentCircuitBreaker { get; init; }
    public int? MaximumPercent { get; init; }
    public int? MinimumHealthyPercent { get; init; }
    public EcsDeploymentAlarms? Alarms { get; init; }

    /// <summary>ROLLING (the default when absent), BLUE_GREEN, LINEAR or CANARY.</summary>
    public string? Strategy { get; init; }
    public int? BakeTimeInMinutes { get; init; }
    public IReadOnlyList<EcsLifecycleHook>? LifecycleHooks { get; init; }
    public EcsLinearConfiguration? LinearConfiguration { get; init; }
    public EcsCanaryConfiguration? CanaryConfiguration { get; init; }
}

/// <summary>The deployment circuit breaker of a ROLLING service.</summary>
public sealed record EcsCircuitBreaker
{
    public bool Enable { get; init; }
    public bool Rollback { get; init; }
}

/// <summary>CloudWatch alarms that stop (and optionally roll back) a deployment.</summary>
public sealed record EcsDeploymentAlarms
{
    public IReadOnlyList<string> AlarmNames { get; init; } = [];
    public bool Rollback { get; init; }
    public bool Enable { get; init; }
}

/// <summary>A lifecycle hook of the deployment configuration (AWS_LAMBDA or PAUSE) and the stages it runs at.</summary>
public sealed record EcsLifecycleHook
{
    public string? TargetType { get; init; }
    public string? HookTargetArn { get; init; }
    public IReadOnlyList<string>? LifecycleStages { get; init; }
    public EcsHookTimeout? TimeoutConfiguration { get; init; }
}

/// <summary>How long a hook may take and what happens when it does not answer in time.</summary>
public sealed record EcsHookTimeout(int? TimeoutInMinutes, string? Action);

/// <summary>LINEAR: the production traffic added per step and the wait after each step.</summary>
public sealed record EcsLinearConfiguration(double? StepPercent, int? StepBakeTimeInMinutes);

/// <summary>CANARY: the production traffic of the canary step and the wait before the rest.</summary>
public sealed record EcsCanaryConfiguration(double? CanaryPercent, int? CanaryBakeTimeInMinutes);

/// <summary>An entry of DescribeServices' deployments[] (PRIMARY, ACTIVE, INACTIVE).</summary>
public sealed record EcsServiceDeploymentEntry
{
    public string Id { get; init; } = "";
    public string? Status { get; init; }
    public string? TaskDefinition { get; init; }
    public int DesiredCount { get; init; }
    public int PendingCount { get; init; }
    public int RunningCount { get; init; }
    public int FailedTasks { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>COMPLETED, FAILED or IN_PROGRESS.</summary>
    public string? RolloutState { get; init; }
    public string? RolloutStateReason { get; init; }
}

/// <summary>A service event ("(service web) has reached a steady state.").</summary>
public sealed record EcsServiceEvent(string? Id, DateTimeOffset? CreatedAt, string? Message);

/// <summary>A line of ListServiceDeployments.</summary>
public sealed record ServiceDeploymentBrief
{
    public string ServiceDeploymentArn { get; init; } = "";
    public string? ServiceArn { get; init; }
    public string? ClusterArn { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public string? TargetServiceRevisionArn { get; init; }
    public string? Status { get; init; }
    public string? StatusReason { get; init; }
}

/// <summary>A service deployment as DescribeServiceDeployments returns it.</summary>
public sealed record ServiceDeployment
{
    public string ServiceDeploymentArn { get; init; } = "";
    public string? ServiceArn { get; init; }
    public string? ClusterArn { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public DateTimeOffset? StoppedAt { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }
    public IReadOnlyList<ServiceRevisionSummary>? SourceServiceRevisions { get; init; }
    public ServiceRevisionSummary? TargetServiceRevision { get; init; }

    /// <summary>PENDING, IN_PROGRESS, SUCCESSFUL, STOP_REQUESTED, STOPPED, ROLLBACK_REQUESTED, ROLLBACK_IN_PROGRESS, ROLLBACK_SUCCESSFUL, ROLLBACK_FAILED.</summary>
    public string? Status { get; init; }
    public string? StatusReason { get; init; }

    /// <summary>RECONCILE_SERVICE … CLEAN_UP; absent for ROLLING deployments.</summary>
    public string? LifecycleStage { get; init; }
    public IReadOnlyList<LifecycleHookDetail>? LifecycleHookDetails { get; init; }
    public EcsDeploymentConfiguration? DeploymentConfiguration { get; init; }
    public ServiceDeploymentRollback? Rollback { get; init; }
    public ServiceDeploymentCircuitBreaker? DeploymentCircuitBreaker { get; init; }
    public ServiceDeploymentAlarms? Alarms { get; init; }
}

/// <summary>A revision's task counts and requested traffic weights within a service deployment.</summary>
public sealed record ServiceRevisionSummary
{
    public string? Arn { get; init; }
    public int RequestedTaskCount { get; init; }
    public int RunningTaskCount { get; init; }
    public int PendingTaskCount { get; init; }
    public double? RequestedTestTrafficWeight { get; init; }
    public double? RequestedProductionTrafficWeight { get; init; }
}

/// <summary>A lifecycle hook invocation of a service deployment.</summary>
public sealed record LifecycleHookDetail
{
    public string? HookId { get; init; }

    /// <summary>AWS_LAMBDA or PAUSE.</summary>
    public string? TargetType { get; init; }
    public string? TargetArn { get; init; }

    /// <summary>AWAITING_ACTION, IN_PROGRESS, SUCCEEDED, FAILED or TIMED_OUT.</summary>
    public string? Status { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
    public string? TimeoutAction { get; init; }
}

/// <summary>Why and when a service deployment rolled back, and to which revision.</summary>
public sealed record ServiceDeploymentRollback(string? Reason, DateTimeOffset? StartedAt, string? ServiceRevisionArn);

/// <summary>The circuit breaker's state in a service deployment.</summary>
public sealed record ServiceDeploymentCircuitBreaker(string? Status, int? FailureCount, int? Threshold);

/// <summary>The alarm monitor's state in a service deployment.</summary>
public sealed record ServiceDeploymentAlarms(string? Status, IReadOnlyList<string>? AlarmNames, IReadOnlyList<string>? TriggeredAlarmNames);

/// <summary>A service revision (DescribeServiceRevisions): the task definition and images a deployment ran.</summary>
public sealed record ServiceRevision
{
    public string ServiceRevisionArn { get; init; } = "";
    public string? ServiceArn { get; init; }
    public string? ClusterArn { get; init; }
    public string? TaskDefinition { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public IReadOnlyList<ServiceRevisionImage>? ContainerImages { get; init; }
}

/// <summary>An image of a service revision, with the digest ECS resolved.</summary>
public sealed record ServiceRevisionImage(string? ContainerName, string? ImageDigest, string? Image);

/// <summary>A page of ListServiceDeployments.</summary>
public sealed record ServiceDeploymentPage(IReadOnlyList<ServiceDeploymentBrief> ServiceDeployments, string? NextToken);

/// <summary>The service deployments DescribeServiceDeployments found, and the ARNs it did not.</summary>
public sealed record ServiceDeploymentResult(IReadOnlyList<ServiceDeployment> ServiceDeployments, IReadOnlyList<EcsFailure> Failures);
