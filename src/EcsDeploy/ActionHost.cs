using EcsDeploy.Aws.CodeDeploy;
using EcsDeploy.Aws.Ecr;
using EcsDeploy.Aws.Ecs;

namespace EcsDeploy;

/// <summary>What the AWS client factory needs to know from the inputs.</summary>
/// <param name="Region">The region, already validated.</param>
/// <param name="MaxAttempts">Attempts per call, the first included (max-retries + 1); null when the input is not given, so AWS_MAX_ATTEMPTS or the SDKs' default applies.</param>
public sealed record AwsSettings(string Region, int? MaxAttempts)
{
    /// <summary>Where the clients' one-line notices go (AWS is throttling); null drops them.</summary>
    public Action<string>? OnNotice { get; init; }
}

/// <summary>The AWS APIs of one run; <paramref name="Owner"/> is disposed at the end.</summary>
public sealed record ActionApis(IEcsApi Ecs, ICodeDeployApi CodeDeploy, IEcrApi Ecr, IDisposable? Owner = null)
{
    /// <summary>The ECS deployment controller's operations; only services with the ECS controller use them.</summary>
    public IEcsDeploymentsApi EcsDeployments { get; init; } = NoEcsDeployments.Instance;
}

/// <summary>Stands in where a host gave no ECS deployment client; any call is a bug in that host.</summary>
internal sealed class NoEcsDeployments : IEcsDeploymentsApi
{
    public static readonly NoEcsDeployments Instance = new();

    public Task<EcsService> UpdateServiceAsync(System.Text.Json.Nodes.JsonObject request, CancellationToken cancellationToken) => throw Missing();
    public Task<ServiceDeploymentPage> ListServiceDeploymentsAsync(ListServiceDeploymentsRequest request, CancellationToken cancellationToken) => throw Missing();
    public Task<ServiceDeploymentResult> DescribeServiceDeploymentsAsync(IReadOnlyList<string> serviceDeploymentArns, CancellationToken cancellationToken) => throw Missing();
    public Task<IReadOnlyList<ServiceRevision>> DescribeServiceRevisionsAsync(IReadOnlyList<string> serviceRevisionArns, CancellationToken cancellationToken) => throw Missing();
    public Task StopServiceDeploymentAsync(string serviceDeploymentArn, string stopType, CancellationToken cancellationToken) => throw Missing();
    public Task ContinueServiceDeploymentAsync(string serviceDeploymentArn, string hookId, string action, CancellationToken cancellationToken) => throw Missing();
    public Task<IReadOnlyList<string>> ListTasksAsync(ListTasksRequest request, CancellationToken cancellationToken) => throw Missing();

    private static InvalidOperationException Missing() => new("This host has no client for the ECS deployment controller's operations.");
}

/// <summary>Everything the action takes from its process: environment, standard output, clock, and how to reach AWS.</summary>
/// <param name="Environment">The process environment as a dictionary (inputs arrive as INPUT_*).</param>
/// <param name="Output">Standard output: the job log.</param>
/// <param name="Time">The clock every wait uses.</param>
/// <param name="CreateAws">Builds the AWS clients once the inputs are valid; must not call AWS itself.</param>
public sealed record ActionHost(
    IReadOnlyDictionary<string, string> Environment,
    TextWriter Output,
    TimeProvider Time,
    Func<AwsSettings, ActionApis> CreateAws)
{
    /// <summary>Makes the tokens that fence untrusted text in the log; null for random ones. Tests pin it for stable logs.</summary>
    public Func<string>? StopTokens { get; init; }

    /// <summary>The AWS SDK's region chain (profile, instance metadata), asked only when neither the input nor AWS_REGION / AWS_DEFAULT_REGION names a region.</summary>
    public Func<string?>? FallbackRegion { get; init; }
}
