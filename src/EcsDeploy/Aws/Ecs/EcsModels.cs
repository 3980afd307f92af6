using System.Text.Json.Nodes;

namespace EcsDeploy.Aws.Ecs;

// Shapes follow the Amazon ECS API model (ecs/2014-11-13); members are serialized camelCase.
// Task definitions travel as JsonObject so that fields newer than this code pass through unchanged.

/// <summary>An ECS service as DescribeServices returns it (only the members the action uses).</summary>
public sealed record EcsService
{
    public string ServiceArn { get; init; } = "";
    public string ServiceName { get; init; } = "";
    public string ClusterArn { get; init; } = "";
    public string Status { get; init; } = "";
    public string? TaskDefinition { get; init; }
    public DeploymentController? DeploymentController { get; init; }
    public IReadOnlyList<EcsLoadBalancer>? LoadBalancers { get; init; }
    public NetworkConfiguration? NetworkConfiguration { get; init; }
    public string? PlatformVersion { get; init; }
    public string? LaunchType { get; init; }
    public IReadOnlyList<CapacityProviderStrategyItem>? CapacityProviderStrategy { get; init; }
    public IReadOnlyList<EcsTaskSet>? TaskSets { get; init; }
    public int DesiredCount { get; init; }
    public int RunningCount { get; init; }
    public int PendingCount { get; init; }

    /// <summary>ECS controller: strategy, bake time, hooks, circuit breaker and alarms.</summary>
    public EcsDeploymentConfiguration? DeploymentConfiguration { get; init; }

    /// <summary>ECS controller: the classic deployments (PRIMARY first) with their rollout state.</summary>
    public IReadOnlyList<EcsServiceDeploymentEntry>? Deployments { get; init; }

    /// <summary>The service's events, newest first (ECS returns at most 100).</summary>
    public IReadOnlyList<EcsServiceEvent>? Events { get; init; }

    /// <summary>ECS controller: the ARN of the service deployment ECS considers current; it can lag behind an UpdateService.</summary>
    public string? CurrentServiceDeployment { get; init; }
}

/// <summary>The service's deployment controller (ECS, CODE_DEPLOY or EXTERNAL).</summary>
public sealed record DeploymentController(string Type);

/// <summary>A load balancer attachment of a service.</summary>
public sealed record EcsLoadBalancer
{
    public string? TargetGroupArn { get; init; }
    public string? LoadBalancerName { get; init; }
    public string? ContainerName { get; init; }
    public int? ContainerPort { get; init; }
}

/// <summary>The awsvpc network configuration of a service.</summary>
public sealed record NetworkConfiguration(AwsVpcConfiguration? AwsvpcConfiguration);

/// <summary>Subnets, security groups and public IP setting of an awsvpc service.</summary>
public sealed record AwsVpcConfiguration
{
    public IReadOnlyList<string> Subnets { get; init; } = [];
    public IReadOnlyList<string>? SecurityGroups { get; init; }
    public string? AssignPublicIp { get; init; }
}

/// <summary>One entry of a capacity provider strategy.</summary>
public sealed record CapacityProviderStrategyItem
{
    public string CapacityProvider { get; init; } = "";
    public int? Weight { get; init; }
    public int? Base { get; init; }
}

/// <summary>A task set of a CODE_DEPLOY or EXTERNAL service.</summary>
public sealed record EcsTaskSet
{
    public string? Id { get; init; }
    public string? TaskSetArn { get; init; }
    public string? Status { get; init; }
    public string? TaskDefinition { get; init; }
    public int? RunningCount { get; init; }
    public int? PendingCount { get; init; }
    public ScaleInfo? Scale { get; init; }
}

/// <summary>A task set's scale, as a percentage of the service's desired count.</summary>
public sealed record ScaleInfo(double? Value, string? Unit);

/// <summary>A resource tag.</summary>
public sealed record EcsTag(string Key, string? Value);

/// <summary>A registered task definition (as JSON) with its tags.</summary>
public sealed record RegisteredTaskDefinition(JsonObject TaskDefinition, IReadOnlyList<EcsTag> Tags)
{
    public string Arn => TaskDefinition["taskDefinitionArn"]?.GetValue<string>() ?? "";
}

/// <summary>An ECS task as RunTask, DescribeTasks and StopTask return it (only the members the action uses).</summary>
public sealed record EcsTask
{
    public string TaskArn { get; init; } = "";
    public string? TaskDefinitionArn { get; init; }
    public string? LastStatus { get; init; }
    public string? DesiredStatus { get; init; }
    public string? StopCode { get; init; }
    public string? StoppedReason { get; init; }
    public DateTimeOffset? StoppedAt { get; init; }
    public IReadOnlyList<EcsContainer>? Containers { get; init; }
}

/// <summary>A container of an ECS task; ExitCode is set once it has stopped.</summary>
public sealed record EcsContainer
{
    public string? Name { get; init; }
    public string? LastStatus { get; init; }
    public int? ExitCode { get; init; }
    public string? Reason { get; init; }
}

/// <summary>The tasks RunTask started or DescribeTasks found, and the per-resource failures.</summary>
public sealed record EcsTaskResult(IReadOnlyList<EcsTask> Tasks, IReadOnlyList<EcsFailure> Failures);
