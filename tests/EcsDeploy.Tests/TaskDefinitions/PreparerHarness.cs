using EcsDeploy.Aws.Ecs;
using EcsDeploy.TaskDefinitions;
using EcsDeploy.Tests.Support;

namespace EcsDeploy.Tests.TaskDefinitions;

/// <summary>A <see cref="TaskDefinitionPreparer"/> wired to fakes, with a temp directory for the rendered file.</summary>
internal sealed class PreparerHarness : IDisposable
{
    public const string WebRepository = "123456789012.dkr.ecr.us-east-1.amazonaws.com/web";
    public const string Digest10 = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    public const string Digest20 = "sha256:2222222222222222222222222222222222222222222222222222222222222222";

    private readonly TempDirectory _temp = new();

    public PreparerHarness()
    {
        Ecr.Push("web", "1.0", Digest10).Push("web", "2.0", Digest20);
        Preparer = new TaskDefinitionPreparer(Ecs, Ecr, Log, Summary, new TaskDefinitionContext(Golden.Directory, _temp.Path));
    }

    public FakeEcsApi Ecs { get; } = new();
    public FakeEcrApi Ecr { get; } = new();
    public RecordingJobLog Log { get; } = new();
    public FakeStepSummary Summary { get; } = new();
    public TaskDefinitionPreparer Preparer { get; }

    public static EcsService Service(string? taskDefinitionArn) =>
        new() { ServiceName = "app-service", ServiceArn = "arn:aws:ecs:us-east-1:123456789012:service/main/app-service", TaskDefinition = taskDefinitionArn };

    /// <summary>ValidateLocal (which must pass), PrepareAsync, then WriteRendered.</summary>
    public async Task<PreparedTaskDefinition> PrepareAsync(TaskDefinitionInputs inputs, EcsService service)
    {
        Assert.Empty(Preparer.ValidateLocal(inputs));
        return Preparer.WriteRendered(await Preparer.PrepareAsync(inputs, service, CancellationToken.None));
    }

    /// <summary>The rendered file's text; also checks that it is what the request holds.</summary>
    public static string Rendered(PreparedTaskDefinition prepared)
    {
        Assert.NotNull(prepared.RenderedPath);
        var text = File.ReadAllText(prepared.RenderedPath);
        if (prepared.RegisterRequest is not null)
        {
            Assert.Equal(TaskDefinitionJson.Format(prepared.RegisterRequest), text);
        }

        return text;
    }

    /// <summary>The log as one text: kind and message per line, for golden files.</summary>
    public string LogText() => string.Concat(Log.Entries.Select(e => $"{e.Kind}: {e.Message}\n"));

    public void Dispose() => _temp.Dispose();
}
