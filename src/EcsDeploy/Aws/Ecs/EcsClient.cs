using System.Text.Json.Nodes;

namespace EcsDeploy.Aws.Ecs;

/// <summary><see cref="IEcsApi"/> over the JSON 1.1 wire client.</summary>
public sealed class EcsClient(AwsJsonClient client) : IEcsApi
{
    private static readonly AwsJsonContext Json = AwsJsonContext.Default;

    public async Task<EcsService?> DescribeServiceAsync(string cluster, string service, CancellationToken cancellationToken)
    {
        var response = await client.CallAsync(AwsService.Ecs, "DescribeServices", new DescribeServicesRequest(cluster, [service]),
            Json.DescribeServicesRequest, Json.DescribeServicesResponse, cancellationToken).ConfigureAwait(false);
        if (response.Services is [var found, ..])
        {
            return found;
        }

        var failure = response.Failures is [var first, ..] ? first : null;
        if (failure is null || failure.Reason == "MISSING")
        {
            return null;
        }

        throw new AwsServiceException(AwsService.Ecs.Name, "DescribeServices", failure.Reason ?? "Failure",
            $"service '{service}' in cluster '{cluster}': {failure.Detail ?? failure.Reason}", null, 200);
    }

    public Task<RegisteredTaskDefinition> RegisterTaskDefinitionAsync(JsonObject request, CancellationToken cancellationToken) =>
        CallTaskDefinitionAsync("RegisterTaskDefinition", request, cancellationToken);

    public Task<RegisteredTaskDefinition> DescribeTaskDefinitionAsync(string taskDefinition, CancellationToken cancellationToken) =>
        CallTaskDefinitionAsync("DescribeTaskDefinition", new JsonObject
        {
            ["taskDefinition"] = taskDefinition,
            ["include"] = new JsonArray("TAGS"),
        }, cancellationToken);

    public async Task<EcsTaskResult> RunTaskAsync(JsonObject request, CancellationToken cancellationToken)
    {
        var response = await client.CallAsync(AwsService.Ecs, "RunTask", request, Json.JsonObject, Json.TasksResponse, cancellationToken).ConfigureAwait(false);
        return new EcsTaskResult(response.Tasks ?? [], response.Failures ?? []);
    }

    public async Task<EcsTaskResult> DescribeTasksAsync(string cluster, IReadOnlyList<string> tasks, CancellationToken cancellationToken)
    {
        var response = await client.CallAsync(AwsService.Ecs, "DescribeTasks", new DescribeTasksRequest(cluster, tasks),
            Json.DescribeTasksRequest, Json.TasksResponse, cancellationToken).ConfigureAwait(false);
        return new EcsTaskResult(response.Tasks ?? [], response.Failures ?? []);
    }

    public async Task<EcsTask> StopTaskAsync(string cluster, string task, string reason, CancellationToken cancellationToken)
    {
        var response = await client.CallAsync(AwsService.Ecs, "StopTask", new StopTaskRequest(cluster, task, reason),
            Json.StopTaskRequest, Json.StopTaskResponse, cancellationToken).ConfigureAwait(false);
        return response.Task ?? throw new AwsServiceException(AwsService.Ecs.Name, "StopTask", "InvalidResponse", "the response has no task", null, 200);
    }

    private async Task<RegisteredTaskDefinition> CallTaskDefinitionAsync(string operation, JsonObject request, CancellationToken cancellationToken)
    {
        var response = await client.CallAsync(AwsService.Ecs, operation, request, Json.JsonObject, Json.TaskDefinitionResponse, cancellationToken).ConfigureAwait(false);
        var taskDefinition = response.TaskDefinition
            ?? throw new AwsServiceException(AwsService.Ecs.Name, operation, "InvalidResponse", "the response has no taskDefinition", null, 200);
        return new RegisteredTaskDefinition(taskDefinition, response.Tags ?? []);
    }
}
