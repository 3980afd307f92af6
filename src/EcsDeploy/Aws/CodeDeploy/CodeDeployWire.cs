namespace EcsDeploy.Aws.CodeDeploy;

// Request and response envelopes of the CodeDeploy operations; the payload records live in CodeDeployModels.cs.

/// <summary>GetDeploymentGroup request.</summary>
public sealed record GetDeploymentGroupRequest(string ApplicationName, string DeploymentGroupName);

/// <summary>GetDeploymentGroup response.</summary>
public sealed record GetDeploymentGroupResponse(DeploymentGroupInfo? DeploymentGroupInfo);

/// <summary>CreateDeployment response.</summary>
public sealed record CreateDeploymentResponse(string? DeploymentId);

/// <summary>A request naming one deployment (GetDeployment).</summary>
public sealed record DeploymentIdRequest(string DeploymentId);

/// <summary>GetDeployment response.</summary>
public sealed record GetDeploymentResponse(DeploymentInfo? DeploymentInfo);

/// <summary>ListDeploymentTargets request.</summary>
public sealed record ListDeploymentTargetsRequest(string DeploymentId, string? NextToken);

/// <summary>ListDeploymentTargets response.</summary>
public sealed record ListDeploymentTargetsResponse(IReadOnlyList<string>? TargetIds, string? NextToken);

/// <summary>GetDeploymentTarget request.</summary>
public sealed record GetDeploymentTargetRequest(string DeploymentId, string TargetId);

/// <summary>GetDeploymentTarget response.</summary>
public sealed record GetDeploymentTargetResponse(DeploymentTarget? DeploymentTarget);

/// <summary>A deployment target; only ECS targets are read.</summary>
public sealed record DeploymentTarget(string? DeploymentTargetType, EcsTarget? EcsTarget);

/// <summary>ListDeployments request.</summary>
public sealed record ListDeploymentsRequest(string ApplicationName, string DeploymentGroupName, IReadOnlyList<string>? IncludeOnlyStatuses, string? NextToken);

/// <summary>ListDeployments response.</summary>
public sealed record ListDeploymentsResponse(IReadOnlyList<string>? Deployments, string? NextToken);

/// <summary>StopDeployment request.</summary>
public sealed record StopDeploymentRequest(string DeploymentId, bool? AutoRollbackEnabled);

/// <summary>StopDeployment response.</summary>
public sealed record StopDeploymentResponse(string? Status, string? StatusMessage);

/// <summary>ContinueDeployment request.</summary>
public sealed record ContinueDeploymentRequest(string DeploymentId, string? DeploymentWaitType);

/// <summary>An operation without output members.</summary>
public sealed record EmptyResponse;
