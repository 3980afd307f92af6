using System.Text.Json.Nodes;

namespace EcsDeploy.Aws.Ecs;

/// <summary><see cref="IEcsDeploymentsApi"/> over the JSON 1.1 wire client.</summary>
public sealed class EcsDeploymentsClient(AwsJsonClient client) : IEcsDeploymentsApi
{
    private static readonly AwsJsonContext Json = AwsJsonContext.Default;

    public async Task<EcsService> UpdateServiceAsync(JsonObject request, CancellationToken cancellationToken)
    {
        // Sent once: a transport retry after a lost answer would start a second deployment; the deploy looks before retrying.
        var response = await client.CallAsync(AwsService.Ecs, "UpdateService", request, Json.JsonObject, Json.UpdateServiceResponse, cancellationToken).ConfigureAwait(false);
        return response.Service ?? throw new AwsServiceException(AwsService.Ecs.Name, "UpdateService", "InvalidResponse", "the response has no service", null, 200);
    }

    public async Task<ServiceDeploymentPage> ListServiceDeploymentsAsync(ListServiceDeploymentsRequest request, CancellationToken cancellationToken)
    {
        var response = await client.CallAsync(AwsService.Ecs, "ListServiceDeployments", request,
            Json.ListServiceDeploymentsRequest, Json.ListServiceDeploymentsResponse, cancellationToken).ConfigureAwait(false);
        return new ServiceDeploymentPage(response.ServiceDeployments ?? [], response.NextToken);
    }

    public async Task<ServiceDeploymentResult> DescribeServiceDeploymentsAsync(IReadOnlyList<string> serviceDeploymentArns, CancellationToken cancellationToken)
    {
        var response = await client.CallAsync(AwsService.Ecs, "DescribeServiceDeployments", new DescribeServiceDeploymentsRequest(serviceDeploymentArns),
            Json.DescribeServiceDeploymentsRequest, Json.DescribeServiceDeploymentsResponse, cancellationToken).ConfigureAwait(false);
        return new ServiceDeploymentResult(response.ServiceDeployments ?? [], response.Failures ?? []);
    }

    public async Task<IReadOnlyList<ServiceRevision>> DescribeServiceRevisionsAsync(IReadOnlyList<string> serviceRevisionArns, CancellationToken cancellationToken)
    {
        var response = await client.CallAsync(AwsService.Ecs, "DescribeServiceRevisions", new DescribeServiceRevisionsRequest(serviceRevisionArns),
            Json.DescribeServiceRevisionsRequest, Json.DescribeServiceRevisionsResponse, cancellationToken).ConfigureAwait(false);
        return response.ServiceRevisions ?? [];
    }

    public Task StopServiceDeploymentAsync(string serviceDeploymentArn, string stopType, CancellationToken cancellationToken) =>
        client.CallAsync(AwsService.Ecs, "StopServiceDeployment", new StopServiceDeploymentRequest(serviceDeploymentArn, stopType),
            Json.StopServiceDeploymentRequest, Json.ServiceDeploymentArnResponse, cancellationToken);

    public Task ContinueServiceDeploymentAsync(string serviceDeploymentArn, string hookId, string action, CancellationToken cancellationToken) =>
        client.CallAsync(AwsService.Ecs, "ContinueServiceDeployment", new ContinueServiceDeploymentRequest(serviceDeploymentArn, hookId, action),
            Json.ContinueServiceDeploymentRequest, Json.ServiceDeploymentArnResponse, cancellationToken);

    public async Task<IReadOnlyList<string>> ListTasksAsync(ListTasksRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var arns = new List<string>();
        var page = request;
        do
        {
            var response = await client.CallAsync(AwsService.Ecs, "ListTasks", page, Json.ListTasksRequest, Json.ListTasksResponse, cancellationToken).ConfigureAwait(false);
            arns.AddRange(response.TaskArns ?? []);
            page = response.NextToken is { Length: > 0 } next ? page with { NextToken = next } : null;
        }
        while (page is not null);
        return arns;
    }
}
