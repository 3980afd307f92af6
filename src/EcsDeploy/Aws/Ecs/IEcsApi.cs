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
}
