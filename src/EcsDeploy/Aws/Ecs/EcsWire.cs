using System.Text.Json.Nodes;

namespace EcsDeploy.Aws.Ecs;

// Request and response envelopes of the ECS operations; the payload records live in EcsModels.cs.

/// <summary>DescribeServices request.</summary>
public sealed record DescribeServicesRequest(string Cluster, IReadOnlyList<string> Services);

/// <summary>DescribeServices response.</summary>
public sealed record DescribeServicesResponse(IReadOnlyList<EcsService>? Services, IReadOnlyList<EcsFailure>? Failures);

/// <summary>A per-resource failure of an ECS describe call (reason MISSING when it does not exist).</summary>
public sealed record EcsFailure(string? Arn, string? Reason, string? Detail);

/// <summary>DescribeTaskDefinition request.</summary>
public sealed record DescribeTaskDefinitionRequest(string TaskDefinition, IReadOnlyList<string>? Include);

/// <summary>RegisterTaskDefinition and DescribeTaskDefinition response.</summary>
public sealed record TaskDefinitionResponse(JsonObject? TaskDefinition, IReadOnlyList<EcsTag>? Tags);

/// <summary>RunTask and DescribeTasks response.</summary>
public sealed record TasksResponse(IReadOnlyList<EcsTask>? Tasks, IReadOnlyList<EcsFailure>? Failures);

/// <summary>DescribeTasks request.</summary>
public sealed record DescribeTasksRequest(string Cluster, IReadOnlyList<string> Tasks);

/// <summary>StopTask request.</summary>
public sealed record StopTaskRequest(string Cluster, string Task, string? Reason);

/// <summary>StopTask response.</summary>
public sealed record StopTaskResponse(EcsTask? Task);
