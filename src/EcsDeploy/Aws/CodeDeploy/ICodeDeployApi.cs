namespace EcsDeploy.Aws.CodeDeploy;

/// <summary>The AWS CodeDeploy operations the action uses. Failures throw <see cref="AwsServiceException"/>.</summary>
public interface ICodeDeployApi
{
    Task<DeploymentGroupInfo> GetDeploymentGroupAsync(string application, string deploymentGroup, CancellationToken cancellationToken);

    /// <summary>CreateDeployment; returns the deployment id.</summary>
    Task<string> CreateDeploymentAsync(CreateDeploymentRequest request, CancellationToken cancellationToken);

    Task<DeploymentInfo> GetDeploymentAsync(string deploymentId, CancellationToken cancellationToken);

    /// <summary>ListDeploymentTargets, all pages.</summary>
    Task<IReadOnlyList<string>> ListDeploymentTargetsAsync(string deploymentId, CancellationToken cancellationToken);

    /// <summary>GetDeploymentTarget; the ECS target, or null when the target is not an ECS one.</summary>
    Task<EcsTarget?> GetDeploymentTargetAsync(string deploymentId, string targetId, CancellationToken cancellationToken);

    /// <summary>ListDeployments of a group, newest first, all pages, optionally only some statuses.</summary>
    Task<IReadOnlyList<string>> ListDeploymentsAsync(string application, string deploymentGroup, IReadOnlyList<string>? includeOnlyStatuses, CancellationToken cancellationToken);

    /// <summary>StopDeployment; returns the stop status (Pending or Succeeded) and message.</summary>
    Task<(string Status, string? Message)> StopDeploymentAsync(string deploymentId, bool autoRollbackEnabled, CancellationToken cancellationToken);

    /// <summary>ContinueDeployment with READY_WAIT or TERMINATION_WAIT.</summary>
    Task ContinueDeploymentAsync(string deploymentId, string waitType, CancellationToken cancellationToken);

    /// <summary>
    /// GetDeploymentConfig: how a custom configuration shifts traffic, so the watch knows when shifts are due. Null when
    /// not known; the default says so, which keeps test fakes that have no configurations short.
    /// </summary>
    Task<DeploymentConfigInfo?> GetDeploymentConfigAsync(string deploymentConfigName, CancellationToken cancellationToken) =>
        Task.FromResult<DeploymentConfigInfo?>(null);
}
