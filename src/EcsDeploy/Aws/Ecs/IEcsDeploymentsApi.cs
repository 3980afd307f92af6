using System.Text.Json.Nodes;

namespace EcsDeploy.Aws.Ecs;

/// <summary>
/// The Amazon ECS operations of the ECS deployment controller: UpdateService starts a service deployment, the rest
/// observe and steer it. Failures throw <see cref="AwsServiceException"/>.
/// </summary>
public interface IEcsDeploymentsApi
{
    /// <summary>UpdateService. <paramref name="request"/> is the whole request body (cluster, service, taskDefinition, ...); returns the service as ECS answers.</summary>
    Task<EcsService> UpdateServiceAsync(JsonObject request, CancellationToken cancellationToken);

    /// <summary>One page of ListServiceDeployments (newest first, as ECS lists them).</summary>
    Task<ServiceDeploymentPage> ListServiceDeploymentsAsync(ListServiceDeploymentsRequest request, CancellationToken cancellationToken);

    /// <summary>DescribeServiceDeployments for up to 20 ARNs; unknown ARNs come back as failures.</summary>
    Task<ServiceDeploymentResult> DescribeServiceDeploymentsAsync(IReadOnlyList<string> serviceDeploymentArns, CancellationToken cancellationToken);

    /// <summary>DescribeServiceRevisions for up to 20 ARNs; unknown ARNs are left out.</summary>
    Task<IReadOnlyList<ServiceRevision>> DescribeServiceRevisionsAsync(IReadOnlyList<string> serviceRevisionArns, CancellationToken cancellationToken);

    /// <summary>StopServiceDeployment with stopType ROLLBACK or ABORT.</summary>
    Task StopServiceDeploymentAsync(string serviceDeploymentArn, string stopType, CancellationToken cancellationToken);

    /// <summary>ContinueServiceDeployment on a PAUSE hook awaiting action, with action CONTINUE or ROLLBACK.</summary>
    Task ContinueServiceDeploymentAsync(string serviceDeploymentArn, string hookId, string action, CancellationToken cancellationToken);

    /// <summary>ListTasks of a cluster, filtered by service, startedBy and desired status; all pages.</summary>
    Task<IReadOnlyList<string>> ListTasksAsync(ListTasksRequest request, CancellationToken cancellationToken);
}
