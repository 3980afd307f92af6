using System.Text.RegularExpressions;
using EcsDeploy.Aws;
using EcsDeploy.Aws.CodeDeploy;

namespace EcsDeploy.Operations;

/// <summary>Finds the deployment a group is running, and turns CodeDeploy's "one at a time" refusal into words.</summary>
public static partial class ActiveDeployment
{
    /// <summary>The statuses of a deployment that has not ended; CodeDeploy allows one of these per group.</summary>
    public static readonly IReadOnlyList<string> ActiveStatuses =
    [
        DeploymentStatus.Created, DeploymentStatus.Queued, DeploymentStatus.InProgress, DeploymentStatus.Baking, DeploymentStatus.Ready,
    ];

    /// <summary>The group's running deployment (the newest, should there be several), or null.</summary>
    public static async Task<DeploymentInfo?> FindAsync(ICodeDeployApi codeDeploy, OperationTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(codeDeploy);
        ArgumentNullException.ThrowIfNull(target);
        var ids = await codeDeploy.ListDeploymentsAsync(target.Application, target.DeploymentGroup, ActiveStatuses, cancellationToken).ConfigureAwait(false);
        foreach (var id in ids)
        {
            // The list is a moment old: skip one that ended since.
            var deployment = await codeDeploy.GetDeploymentAsync(id, cancellationToken).ConfigureAwait(false);
            if (!DeploymentStatus.IsTerminal(deployment.Status))
            {
                return deployment;
            }
        }

        return null;
    }

    /// <summary>The deployment whose rollback <paramref name="deployment"/> is, or null when it is not a rollback.</summary>
    public static string? RollbackOf(DeploymentInfo deployment)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        return deployment.RollbackInfo?.RollbackTriggeringDeploymentId is { Length: > 0 } id ? id : null;
    }

    /// <summary>How a deployment in progress is named in messages: id, status and, when known, its creator and start.</summary>
    public static string Describe(DeploymentInfo deployment)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        var details = new List<string> { deployment.Status };
        if (deployment.Description is { Length: > 0 } description)
        {
            details.Add($"'{OneLine(description)}'");
        }

        if (deployment.CreateTime is { } created)
        {
            details.Add("created " + created.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
        }

        return $"{deployment.DeploymentId} ({string.Join(", ", details)})";
    }

    /// <summary>True for CodeDeploy's refusal to start a second deployment in a group.</summary>
    public static bool IsLimitExceeded(Exception exception) =>
        exception is AwsServiceException { ErrorCode: "DeploymentLimitExceededException" };

    /// <summary>The one line shown instead of a raw DeploymentLimitExceededException from CreateDeployment.</summary>
    public static string LimitExceededMessage(AwsServiceException exception, OperationTarget target)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(target);
        var id = DeploymentIdPattern().Match(exception.AwsMessage) is { Success: true } match ? $" {match.Value}" : "";
        return $"Deployment group '{target.GroupName}' already has a deployment in progress{id}, started by someone else while this step ran; " +
               $"run again when it ends, or set '{CommandInputs.InProgressInput}' to wait or stop.";
    }

    private static string OneLine(string text)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= 80 ? line : string.Concat(line.AsSpan(0, 77), "...");
    }

    [GeneratedRegex(@"\bd-[A-Z0-9]{6,}\b")]
    private static partial Regex DeploymentIdPattern();
}
