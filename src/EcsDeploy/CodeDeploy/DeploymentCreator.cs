using System.Text.RegularExpressions;
using EcsDeploy.Aws;
using EcsDeploy.Aws.CodeDeploy;
using EcsDeploy.Runtime;

namespace EcsDeploy.CodeDeploy;

/// <summary>
/// Creates a deployment exactly once. When CreateDeployment's answer is lost (timeout, connection closed after
/// sending, 5xx), CodeDeploy may have created it anyway: the creator looks for a deployment of the group created
/// since the call whose AppSpec has this run's SHA-256, and follows it instead of creating another. A refusal
/// naming a deployment that carries this run's AppSpec is that same deployment, found the other way round.
/// </summary>
public sealed partial class DeploymentCreator(ICodeDeployApi codeDeploy, IJobLog log, TimeProvider time)
{
    /// <summary>Attempts at CreateDeployment when each earlier answer was lost and no deployment of ours turned up.</summary>
    public const int MaxCreateAttempts = 3;

    /// <summary>How far the runner's clock may be ahead of CodeDeploy's when comparing creation times.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(1);

    /// <summary>How long one CreateDeployment, or one search for its effect, may take, whatever happens to the run meanwhile.</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(30);

    /// <summary>How many of the group's newest deployments are checked for ours.</summary>
    private const int NewestToCheck = 20;

    /// <summary>
    /// Creates the deployment (or finds the one a lost answer created); returns its id. A cancelled run does not abort
    /// the call or the search: with the id the run can stop the deployment, without it the deployment would run unseen.
    /// Failures throw <see cref="AwsServiceException"/>; a cancelled run with no deployment found throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public async Task<string> CreateAsync(CreateDeploymentRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var sha256 = request.Revision.AppSpecContent?.Sha256 ?? throw new ArgumentException("The request carries no AppSpec SHA-256.", nameof(request));
        var since = time.GetUtcNow() - ClockSkew;
        for (var attempt = 1; ; attempt++)
        {
            using var budget = new CancellationTokenSource(Budget);
            try
            {
                return await codeDeploy.CreateDeploymentAsync(request, budget.Token).ConfigureAwait(false);
            }
            catch (AwsServiceException e) when (e.ErrorCode == "DeploymentLimitExceededException" && NamedDeployment(e) is { } named)
            {
                using var look = new CancellationTokenSource(Budget);
                if (await IsOursAsync(named, request, sha256, since, look.Token).ConfigureAwait(false))
                {
                    log.Info($"CodeDeploy refused a second deployment because {named} is in progress; it carries this run's AppSpec (sha256 {sha256[..12]}), so an earlier attempt whose answer was lost created it. Following it.");
                    return named;
                }

                throw;
            }
            catch (Exception e) when (LostAnswer.MayHaveReachedAws(e))
            {
                log.Info($"CreateDeployment's answer was lost ({Why(e)}); looking for a deployment this run may have created.");
                using var look = new CancellationTokenSource(Budget);
                if (await FindOursAsync(request, sha256, since, look.Token).ConfigureAwait(false) is { } found)
                {
                    log.Info($"Found deployment {found}, created by this run (same AppSpec, sha256 {sha256[..12]}); following it instead of creating another.");
                    return found;
                }

                cancellationToken.ThrowIfCancellationRequested();
                if (attempt >= MaxCreateAttempts)
                {
                    throw e is AwsServiceException ? e : new AwsServiceException(AwsService.CodeDeploy.Name, "CreateDeployment", AwsRetry.TimeoutErrorCode, $"no answer within {Budget.TotalSeconds:0} seconds, and no deployment of this run was found.", null, 0, e);
                }

                log.Info($"No deployment of this run exists; creating it again (attempt {attempt + 1} of {MaxCreateAttempts}).");
            }
        }
    }

    /// <summary>The newest deployment of the request's group created since <paramref name="since"/> with AppSpec <paramref name="sha256"/>, or null.</summary>
    public async Task<string?> FindOursAsync(CreateDeploymentRequest request, string sha256, DateTimeOffset since, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var ids = await codeDeploy.ListDeploymentsAsync(request.ApplicationName, request.DeploymentGroupName, null, cancellationToken).ConfigureAwait(false);
        foreach (var id in ids.Take(NewestToCheck))
        {
            var deployment = await codeDeploy.GetDeploymentAsync(id, cancellationToken).ConfigureAwait(false);
            if (deployment.CreateTime is { } created && created < since)
            {
                // Newest first: every later one is older still, so none of them can be this run's.
                return null;
            }

            if (Matches(deployment, request, sha256, since))
            {
                return id;
            }
        }

        return null;
    }

    private async Task<bool> IsOursAsync(string deploymentId, CreateDeploymentRequest request, string sha256, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var deployment = await codeDeploy.GetDeploymentAsync(deploymentId, cancellationToken).ConfigureAwait(false);
        return Matches(deployment, request, sha256, since);
    }

    // Same group, created since the first attempt, same description (it names the run) and same AppSpec bytes.
    private static bool Matches(DeploymentInfo deployment, CreateDeploymentRequest request, string sha256, DateTimeOffset since) =>
        deployment.CreateTime is { } created && created >= since
        && (deployment.DeploymentGroupName is null || deployment.DeploymentGroupName == request.DeploymentGroupName)
        && (deployment.ApplicationName is null || deployment.ApplicationName == request.ApplicationName)
        && (deployment.Description is null || request.Description is null || deployment.Description == request.Description)
        && string.Equals(ShaOf(deployment.Revision?.AppSpecContent), sha256, StringComparison.OrdinalIgnoreCase);

    private static string? ShaOf(AppSpecContent? content) =>
        content?.Sha256 is { Length: > 0 } sha ? sha
        : content?.Content is { } text ? Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))
        : null;

    private static string? NamedDeployment(AwsServiceException e) =>
        DeploymentId().Match(e.AwsMessage) is { Success: true } match ? match.Value : null;

    private static string Why(Exception e) => e switch
    {
        AwsServiceException aws => aws.StatusCode == 0 ? aws.ErrorCode : $"{aws.ErrorCode}, HTTP {aws.StatusCode}",
        OperationCanceledException => "no answer in time",
        _ => e.GetType().Name,
    };

    [GeneratedRegex(@"\bd-[A-Z0-9]{6,}\b")]
    private static partial Regex DeploymentId();
}
