namespace EcsDeploy.Reporting;

/// <summary>What a run deployed or worked on, shown under every ending's headline; unknown facts are null and left out.</summary>
public sealed record RunFacts
{
    /// <summary>No facts known.</summary>
    public static readonly RunFacts None = new();

    public string? Region { get; init; }
    public string? Cluster { get; init; }
    public string? Service { get; init; }
    public string? TaskDefinitionArn { get; init; }

    /// <summary>The images per container, tag and pinned digest.</summary>
    public IReadOnlyList<DeployedImage> Images { get; init; } = [];

    /// <summary>The commit the run is for (GITHUB_SHA).</summary>
    public string? Commit { get; init; }

    /// <summary>The commit's page, when the repository is known.</summary>
    public Uri? CommitUrl { get; init; }

    /// <summary>The branch or tag (GITHUB_REF_NAME).</summary>
    public string? Ref { get; init; }

    /// <summary>These facts, with the gaps filled from <paramref name="other"/>.</summary>
    public RunFacts Or(RunFacts other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new RunFacts
        {
            Region = Region ?? other.Region,
            Cluster = Cluster ?? other.Cluster,
            Service = Service ?? other.Service,
            TaskDefinitionArn = TaskDefinitionArn ?? other.TaskDefinitionArn,
            Images = Images.Count > 0 ? Images : other.Images,
            Commit = Commit ?? other.Commit,
            CommitUrl = CommitUrl ?? other.CommitUrl,
            Ref = Ref ?? other.Ref,
        };
    }
}
