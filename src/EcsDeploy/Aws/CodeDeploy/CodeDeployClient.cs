namespace EcsDeploy.Aws.CodeDeploy;

/// <summary><see cref="ICodeDeployApi"/> over the JSON 1.1 wire client.</summary>
public sealed class CodeDeployClient(AwsJsonClient client) : ICodeDeployApi
{
    private static readonly AwsJsonContext Json = AwsJsonContext.Default;
    private static readonly AwsService Service = AwsService.CodeDeploy;

    public async Task<DeploymentGroupInfo> GetDeploymentGroupAsync(string application, string deploymentGroup, CancellationToken cancellationToken)
    {
        var response = await client.CallAsync(Service, "GetDeploymentGroup", new GetDeploymentGroupRequest(application, deploymentGroup),
            Json.GetDeploymentGroupRequest, Json.GetDeploymentGroupResponse, cancellationToken).ConfigureAwait(false);
        return response.DeploymentGroupInfo ?? throw Missing("GetDeploymentGroup", "deploymentGroupInfo");
    }

    public async Task<string> CreateDeploymentAsync(CreateDeploymentRequest request, CancellationToken cancellationToken)
    {
        var response = await client.CallAsync(Service, "CreateDeployment", request,
            Json.CreateDeploymentRequest, Json.CreateDeploymentResponse, cancellationToken).ConfigureAwait(false);
        return response.DeploymentId ?? throw Missing("CreateDeployment", "deploymentId");
    }

    public async Task<DeploymentInfo> GetDeploymentAsync(string deploymentId, CancellationToken cancellationToken)
    {
        var response = await client.CallAsync(Service, "GetDeployment", new DeploymentIdRequest(deploymentId),
            Json.DeploymentIdRequest, Json.GetDeploymentResponse, cancellationToken).ConfigureAwait(false);
        return response.DeploymentInfo ?? throw Missing("GetDeployment", "deploymentInfo");
    }

    public async Task<IReadOnlyList<string>> ListDeploymentTargetsAsync(string deploymentId, CancellationToken cancellationToken)
    {
        var targets = new List<string>();
        string? token = null;
        do
        {
            var page = await client.CallAsync(Service, "ListDeploymentTargets", new ListDeploymentTargetsRequest(deploymentId, token),
                Json.ListDeploymentTargetsRequest, Json.ListDeploymentTargetsResponse, cancellationToken).ConfigureAwait(false);
            targets.AddRange(page.TargetIds ?? []);
            token = NextToken(page.NextToken, token);
        }
        while (token is not null);

        return targets;
    }

    public async Task<DeploymentConfigInfo?> GetDeploymentConfigAsync(string deploymentConfigName, CancellationToken cancellationToken)
    {
        var response = await client.CallAsync(Service, "GetDeploymentConfig", new GetDeploymentConfigRequest(deploymentConfigName),
            Json.GetDeploymentConfigRequest, Json.GetDeploymentConfigResponse, cancellationToken).ConfigureAwait(false);
        return response.DeploymentConfigInfo;
    }

    public async Task<EcsTarget?> GetDeploymentTargetAsync(string deploymentId, string targetId, CancellationToken cancellationToken)
    {
        var response = await client.CallAsync(Service, "GetDeploymentTarget", new GetDeploymentTargetRequest(deploymentId, targetId),
            Json.GetDeploymentTargetRequest, Json.GetDeploymentTargetResponse, cancellationToken).ConfigureAwait(false);
        return response.DeploymentTarget?.EcsTarget;
    }

    public async Task<IReadOnlyList<string>> ListDeploymentsAsync(string application, string deploymentGroup, IReadOnlyList<string>? includeOnlyStatuses, CancellationToken cancellationToken)
    {
        var deployments = new List<string>();
        string? token = null;
        do
        {
            var request = new ListDeploymentsRequest(application, deploymentGroup, includeOnlyStatuses is { Count: > 0 } ? includeOnlyStatuses : null, token);
            var page = await client.CallAsync(Service, "ListDeployments", request,
                Json.ListDeploymentsRequest, Json.ListDeploymentsResponse, cancellationToken).ConfigureAwait(false);
            deployments.AddRange(page.Deployments ?? []);
            token = NextToken(page.NextToken, token);
        }
        while (token is not null);

        return deployments;
    }

    public async Task<(string Status, string? Message)> StopDeploymentAsync(string deploymentId, bool autoRollbackEnabled, CancellationToken cancellationToken)
    {
        var response = await client.CallAsync(Service, "StopDeployment", new StopDeploymentRequest(deploymentId, autoRollbackEnabled),
            Json.StopDeploymentRequest, Json.StopDeploymentResponse, cancellationToken).ConfigureAwait(false);
        return (response.Status ?? "", response.StatusMessage);
    }

    public Task ContinueDeploymentAsync(string deploymentId, string waitType, CancellationToken cancellationToken) =>
        client.CallAsync(Service, "ContinueDeployment", new ContinueDeploymentRequest(deploymentId, waitType),
            Json.ContinueDeploymentRequest, Json.EmptyResponse, cancellationToken);

    // A service that hands back the token it was given would page forever; stop instead.
    private static string? NextToken(string? next, string? previous) =>
        string.IsNullOrEmpty(next) || next == previous ? null : next;

    private static AwsServiceException Missing(string operation, string member) =>
        new(Service.Name, operation, "InvalidResponse", $"the response has no {member}", null, 200);
}
