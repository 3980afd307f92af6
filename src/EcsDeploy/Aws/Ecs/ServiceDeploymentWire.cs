namespace EcsDeploy.Aws.Ecs;

// Request and response envelopes of the ECS deployment controller's operations; payloads are in ServiceDeploymentModels.cs.

/// <summary>UpdateService response.</summary>
public sealed record UpdateServiceResponse(EcsService? Service);

/// <summary>ListServiceDeployments request.</summary>
public sealed record ListServiceDeploymentsRequest
{
    public required string Service { get; init; }
    public string? Cluster { get; init; }
    public IReadOnlyList<string>? Status { get; init; }
    public CreatedAtRange? CreatedAt { get; init; }
    public string? NextToken { get; init; }
    public int? MaxResults { get; init; }
}

/// <summary>The createdAt filter of ListServiceDeployments.</summary>
public sealed record CreatedAtRange(DateTimeOffset? Before, DateTimeOffset? After);

/// <summary>ListServiceDeployments response.</summary>
public sealed record ListServiceDeploymentsResponse(IReadOnlyList<ServiceDeploymentBrief>? ServiceDeployments, string? NextToken);

/// <summary>DescribeServiceDeployments request.</summary>
public sealed record DescribeServiceDeploymentsRequest(IReadOnlyList<string> ServiceDeploymentArns);

/// <summary>DescribeServiceDeployments response.</summary>
public sealed record DescribeServiceDeploymentsResponse(IReadOnlyList<ServiceDeployment>? ServiceDeployments, IReadOnlyList<EcsFailure>? Failures);

/// <summary>DescribeServiceRevisions request.</summary>
public sealed record DescribeServiceRevisionsRequest(IReadOnlyList<string> ServiceRevisionArns);

/// <summary>DescribeServiceRevisions response.</summary>
public sealed record DescribeServiceRevisionsResponse(IReadOnlyList<ServiceRevision>? ServiceRevisions, IReadOnlyList<EcsFailure>? Failures);

/// <summary>StopServiceDeployment request; stopType ROLLBACK or ABORT.</summary>
public sealed record StopServiceDeploymentRequest(string ServiceDeploymentArn, string? StopType);

/// <summary>ContinueServiceDeployment request; action CONTINUE or ROLLBACK.</summary>
public sealed record ContinueServiceDeploymentRequest(string ServiceDeploymentArn, string HookId, string? Action);

/// <summary>StopServiceDeployment and ContinueServiceDeployment response.</summary>
public sealed record ServiceDeploymentArnResponse(string? ServiceDeploymentArn);

/// <summary>ListTasks request.</summary>
public sealed record ListTasksRequest
{
    public string? Cluster { get; init; }
    public string? ServiceName { get; init; }
    public string? StartedBy { get; init; }
    public string? DesiredStatus { get; init; }
    public string? NextToken { get; init; }
    public int? MaxResults { get; init; }
}

/// <summary>ListTasks response.</summary>
public sealed record ListTasksResponse(IReadOnlyList<string>? TaskArns, string? NextToken);
