using System.Text.Json.Nodes;

namespace EcsDeploy.Aws.Ecs;

/// <summary>The Amazon ECS operations the action uses. Failures throw <see cref="AwsServiceException"/>.</summary>
public interface IEcsApi
{
    /// <summary>DescribeServices for one service; null when ECS reports it MISSING.</summary>
    Task<EcsService?> DescribeServiceAsync(string cluster, string service, CancellationToken cancellationToken);

    /// <summary>RegisterTaskDefinition. <paramref name="request"/> is the whole request body, tags included.</summary>
    Task<RegisteredTaskDefinition> RegisterTaskDefinitionAsync(JsonObject request, CancellationToken cancellationToken);

    /// <summary>DescribeTaskDefinition (family, family:revision or ARN) including tags.</summary>
    Task<RegisteredTaskDefinition> DescribeTaskDefinitionAsync(string taskDefinition, CancellationToken cancellationToken);

    /// <summary>RunTask. <paramref name="request"/> is the whole request body; failures come back in the result, not as exceptions.</summary>
    Task<EcsTaskResult> RunTaskAsync(JsonObject request, CancellationToken cancellationToken);

    /// <summary>DescribeTasks for up to 100 task ARNs of one cluster.</summary>
    Task<EcsTaskResult> DescribeTasksAsync(string cluster, IReadOnlyList<string> tasks, CancellationToken cancellationToken);

    /// <summary>StopTask with a reason ECS records as the task's stoppedReason.</summary>
    Task<EcsTask> StopTaskAsync(string cluster, string task, string reason, CancellationToken cancellationToken);
}
