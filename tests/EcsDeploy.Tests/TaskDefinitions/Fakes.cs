using System.Text.Json.Nodes;
using EcsDeploy.Aws;
using EcsDeploy.Aws.Ecr;
using EcsDeploy.Aws.Ecs;
using EcsDeploy.Runtime;

namespace EcsDeploy.Tests.TaskDefinitions;

/// <summary>Task definitions kept in memory and described the way ECS does: read-only fields and defaults filled in.</summary>
internal sealed class FakeEcsApi : IEcsApi
{
    // This fake runs no one-off tasks; the run-task tests use their own fake.
    public Task<EcsTaskResult> RunTaskAsync(JsonObject request, CancellationToken cancellationToken) => throw new InvalidOperationException("RunTask was not expected in this test.");
    public Task<EcsTaskResult> DescribeTasksAsync(string cluster, IReadOnlyList<string> tasks, CancellationToken cancellationToken) => throw new InvalidOperationException("DescribeTasks was not expected in this test.");
    public Task<EcsTask> StopTaskAsync(string cluster, string task, string reason, CancellationToken cancellationToken) => throw new InvalidOperationException("StopTask was not expected in this test.");

    public const string Account = "123456789012";
    private readonly List<RegisteredTaskDefinition> _definitions = [];

    public List<string> Described { get; } = [];

    /// <summary>Stores a revision of <paramref name="json"/>'s family, as DescribeTaskDefinition would return it.</summary>
    public RegisteredTaskDefinition Add(string json, params EcsTag[] tags)
    {
        var definition = JsonNode.Parse(json)!.AsObject();
        var family = definition["family"]!.GetValue<string>();
        var revision = _definitions.Count(d => d.TaskDefinition["family"]!.GetValue<string>() == family) + 1;
        definition["taskDefinitionArn"] = $"arn:aws:ecs:us-east-1:{Account}:task-definition/{family}:{revision}";
        definition["revision"] = revision;
        definition["status"] = "ACTIVE";
        definition["compatibilities"] = new JsonArray("EC2", "FARGATE");
        definition["requiresAttributes"] = new JsonArray(new JsonObject { ["name"] = "com.amazonaws.ecs.capability.ecr-auth" });
        definition["registeredAt"] = "2026-01-01T00:00:00Z";
        definition["registeredBy"] = $"arn:aws:iam::{Account}:role/deployer";
        foreach (var container in definition["containerDefinitions"]!.AsArray().OfType<JsonObject>())
        {
            // ECS fills these in on every container it describes.
            container["essential"] ??= true;
            container["cpu"] ??= 0;
            container["mountPoints"] ??= new JsonArray();
            container["volumesFrom"] ??= new JsonArray();
            container["environment"] ??= new JsonArray();
        }

        var registered = new RegisteredTaskDefinition(definition, tags);
        _definitions.Add(registered);
        return registered;
    }

    public Task<RegisteredTaskDefinition> DescribeTaskDefinitionAsync(string taskDefinition, CancellationToken cancellationToken)
    {
        Described.Add(taskDefinition);
        var match = _definitions.LastOrDefault(d => d.Arn == taskDefinition
            || d.Arn.EndsWith("/" + taskDefinition, StringComparison.Ordinal)
            || d.TaskDefinition["family"]!.GetValue<string>() == taskDefinition);
        return match is null
            ? throw new AwsServiceException("ecs", "DescribeTaskDefinition", "ClientException", "Unable to describe task definition.", "req-1", 400)
            : Task.FromResult(new RegisteredTaskDefinition(match.TaskDefinition.DeepClone().AsObject(), match.Tags));
    }

    public Task<EcsService?> DescribeServiceAsync(string cluster, string service, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<RegisteredTaskDefinition> RegisterTaskDefinitionAsync(JsonObject request, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The preparer never registers; the deploy flow does.");
}

/// <summary>ECR repositories with tag → digest maps; unknown ones fail with the codes ECR uses.</summary>
internal sealed class FakeEcrApi : IEcrApi
{
    private readonly Dictionary<string, Dictionary<string, string>> _repositories = new(StringComparer.Ordinal);

    public List<string> Calls { get; } = [];

    /// <summary>When set, every call fails with this error code.</summary>
    public string? FailWith { get; set; }

    public FakeEcrApi Push(string repository, string tag, string digest)
    {
        if (!_repositories.TryGetValue(repository, out var tags))
        {
            tags = new Dictionary<string, string>(StringComparer.Ordinal);
            _repositories[repository] = tags;
        }

        tags[tag] = digest;
        return this;
    }

    public Task<EcrImageDetail> DescribeImageAsync(string region, string registryId, string repositoryName, string? imageTag, string? imageDigest, CancellationToken cancellationToken)
    {
        Calls.Add($"{region} {registryId} {repositoryName} tag={imageTag ?? "-"} digest={imageDigest ?? "-"}");
        if (FailWith is not null)
        {
            throw new AwsServiceException("ecr", "DescribeImages", FailWith, "User is not authorized to perform: ecr:DescribeImages", "req-2", 400);
        }

        if (!_repositories.TryGetValue(repositoryName, out var tags))
        {
            throw new AwsServiceException("ecr", "DescribeImages", "RepositoryNotFoundException", $"The repository with name '{repositoryName}' does not exist", "req-3", 400);
        }

        var digest = imageDigest is not null ? tags.Values.FirstOrDefault(d => d == imageDigest) : tags.GetValueOrDefault(imageTag ?? "latest");
        if (digest is null)
        {
            throw new AwsServiceException("ecr", "DescribeImages", "ImageNotFoundException", "The image requested does not exist in the specified repository.", "req-4", 400);
        }

        return Task.FromResult(new EcrImageDetail { RegistryId = registryId, RepositoryName = repositoryName, ImageDigest = digest });
    }
}

/// <summary>Collects the Markdown appended to the step summary.</summary>
internal sealed class FakeStepSummary : IStepSummary
{
    public List<string> Parts { get; } = [];

    public string Text => string.Concat(Parts);

    public void Append(string markdown) => Parts.Add(markdown);
}
