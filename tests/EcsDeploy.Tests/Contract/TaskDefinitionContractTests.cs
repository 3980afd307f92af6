using System.Text.Json.Nodes;
using EcsDeploy.Sandbox.Validation;
using EcsDeploy.TaskDefinitions;
using EcsDeploy.Tests.Support;
using EcsDeploy.Tests.TaskDefinitions;

namespace EcsDeploy.Tests.Contract;

/// <summary>The task definition preparer with the real ECS and ECR clients against the sandbox.</summary>
public sealed class TaskDefinitionContractTests : IAsyncLifetime, IDisposable
{
    private const string ImageV1 = ContractSandbox.Registry + "/web:v1";
    private const string ImageV2 = ContractSandbox.Registry + "/web:v2";

    private readonly TempDirectory _workspace = new();
    private readonly TempDirectory _runnerTemp = new();
    private ContractSandbox _sandbox = null!;

    private RecordingJobLog Log { get; } = new();

    public async Task InitializeAsync() => _sandbox = await ContractSandbox.StartAsync();

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    public void Dispose()
    {
        _workspace.Dispose();
        _runnerTemp.Dispose();
    }

    private TaskDefinitionPreparer Preparer() =>
        new(_sandbox.Apis.Ecs, _sandbox.Apis.Ecr, Log, new FakeStepSummary(), new TaskDefinitionContext(_workspace.Path, _runnerTemp.Path));

    // Describes the service through the client, as the action does, then validates and prepares.
    private async Task<PreparedTaskDefinition> PrepareAsync(params (string Name, string Value)[] inputs)
    {
        var parsed = TestInputs.Parse(_workspace.Path, inputs);
        var preparer = Preparer();
        Assert.Empty(preparer.ValidateLocal(parsed));
        var service = await _sandbox.Apis.Ecs.DescribeServiceAsync(ContractSandbox.Cluster, ContractSandbox.Service, CancellationToken.None);
        return preparer.WriteRendered(await preparer.PrepareAsync(parsed, service!, CancellationToken.None));
    }

    private string Digest(string tag) => _sandbox.Read(w => w.Repositories["web"].Images.Single(i => i.Tags.Contains(tag)).Digest);

    private string CurrentArn => _sandbox.Read(w => w.Clusters["prod"].Services["web"].TaskDefinitionArn);

    private static string ImageOf(JsonObject definition) => definition["containerDefinitions"]![0]!["image"]!.GetValue<string>();

    // Every request the preparation made is accepted by the official model.
    private async Task<IReadOnlyList<string>> ValidOperationsAsync()
    {
        var log = await _sandbox.RequestsAsync(clear: true);
        Assert.All(log, r => Assert.Empty(ModelValidator.ValidateInput(r.Service, r.Operation, r.Body)));
        return [.. log.Select(r => $"{r.Operation} {r.Status}")];
    }

    [Fact]
    public async Task PrepareAsync_NewImageFromService_PinsSandboxDigestAndRegisters()
    {
        var prepared = await PrepareAsync(("container-name", "web"), ("image", ImageV2));

        var pinned = ContractSandbox.Registry + "/web@" + Digest("v2");
        Assert.Null(prepared.ExistingArn);
        Assert.Equal(pinned, ImageOf(prepared.RegisterRequest!));
        Assert.Contains($"Container 'web': {ImageV2} → {pinned}", Log.Messages("info"));
        Assert.Contains($"Task definition {CurrentArn} read from the service's current task definition.", Log.Messages("info"));
        Assert.Equal(["DescribeServices 200", "DescribeTaskDefinition 200", "DescribeImages 200"], await ValidOperationsAsync());

        var registered = await _sandbox.Apis.Ecs.RegisterTaskDefinitionAsync(prepared.RegisterRequest!, CancellationToken.None);

        Assert.EndsWith("task-definition/web:2", registered.Arn, StringComparison.Ordinal);
        Assert.Equal(pinned, ImageOf(_sandbox.Read(w => w.TaskDefinitions["web"][1].Definition)));
        Assert.Equal(["RegisterTaskDefinition 200"], await ValidOperationsAsync());
    }

    [Fact]
    public async Task PrepareAsync_Family_StartsFromLatestRevisionOfFamily()
    {
        var bigger = EcsContractTests.TaskDefinitionRequest("v1");
        bigger["cpu"] = "1024";
        bigger["memory"] = "2048";
        var latest = await _sandbox.Apis.Ecs.RegisterTaskDefinitionAsync(bigger, CancellationToken.None);
        await _sandbox.RequestsAsync(clear: true);

        var prepared = await PrepareAsync(("task-definition-family", "web"), ("pin-image-digest", "false"));

        Assert.Equal(("1024", "2048"), (prepared.RegisterRequest!["cpu"]!.GetValue<string>(), prepared.RegisterRequest["memory"]!.GetValue<string>()));
        Assert.Equal(ImageV1, ImageOf(prepared.RegisterRequest));
        Assert.Null(prepared.RegisterRequest["revision"]);
        Assert.Contains($"Task definition {latest.Arn} read from input 'task-definition-family'.", Log.Messages("info"));
        // Without pinning the image is still checked to exist.
        Assert.Equal(["DescribeServices 200", "DescribeTaskDefinition 200", "DescribeTaskDefinition 200", "DescribeImages 200"], await ValidOperationsAsync());
    }

    [Fact]
    public async Task PrepareAsync_ArnWithoutEdits_ReturnsExistingArnWithoutEcrCall()
    {
        var other = await _sandbox.Apis.Ecs.RegisterTaskDefinitionAsync(EcsContractTests.TaskDefinitionRequest(), CancellationToken.None);
        await _sandbox.RequestsAsync(clear: true);

        var prepared = await PrepareAsync(("task-definition-arn", other.Arn));

        Assert.Null(prepared.RegisterRequest);
        Assert.Equal(other.Arn, prepared.ExistingArn);
        Assert.Contains($"Deploying task definition {other.Arn} as it is (no edits asked).", Log.Messages("info"));
        Assert.Equal(["DescribeServices 200", "DescribeTaskDefinition 200", "DescribeTaskDefinition 200"], await ValidOperationsAsync());
    }

    [Fact]
    public async Task PrepareAsync_MissingEcrTag_ThrowsOneErrorNamingImage()
    {
        const string Missing = ContractSandbox.Registry + "/web:v9";

        var error = await Assert.ThrowsAsync<TaskDefinitionException>(() => PrepareAsync(("container-name", "web"), ("image", Missing)));

        var problem = Assert.Single(error.Problems);
        Assert.Equal($"Image '{Missing}' of container 'web' does not exist: ECR repository 'web' in account {ContractSandbox.Account} (us-east-1) has no tag 'v9'; push the image first or fix the image input.", problem);
        Assert.DoesNotContain('\n', problem);
        Assert.Equal(["DescribeServices 200", "DescribeTaskDefinition 200", "DescribeImages 400"], await ValidOperationsAsync());
    }

    [Fact]
    public async Task PrepareAsync_MissingRepository_ThrowsErrorNamingRepository()
    {
        const string Missing = ContractSandbox.Registry + "/api:v1";

        var error = await Assert.ThrowsAsync<TaskDefinitionException>(() => PrepareAsync(("container-name", "web"), ("image", Missing)));

        Assert.Equal($"Image '{Missing}' of container 'web' cannot exist: there is no ECR repository 'api' in account {ContractSandbox.Account} (us-east-1); check the repository name and region.", Assert.Single(error.Problems));
    }

    [Fact]
    public async Task PrepareAsync_RenderedEqualsCurrent_SkipIfUnchangedReusesCurrentArn()
    {
        var prepared = await PrepareAsync(("container-name", "web"), ("image", ImageV1), ("pin-image-digest", "false"));

        Assert.Null(prepared.RegisterRequest);
        Assert.Equal(CurrentArn, prepared.ExistingArn);
        Assert.Contains(Log.Messages("info"), m => m.Contains($"deploying {CurrentArn} again without registering a new revision (skip-if-unchanged)", StringComparison.Ordinal));
        Assert.Equal(1, _sandbox.Read(w => w.TaskDefinitions["web"].Count));
    }

    [Fact]
    public async Task PrepareAsync_SameImagePinnedToDigest_RegistersBecauseImageChanged()
    {
        var prepared = await PrepareAsync(("container-name", "web"), ("image", ImageV1));

        Assert.Null(prepared.ExistingArn);
        Assert.Equal(ContractSandbox.Registry + "/web@" + Digest("v1"), ImageOf(prepared.RegisterRequest!));
    }

    [Fact]
    public async Task RegisterTaskDefinitionAsync_FieldUnknownToCode_ReachesSandboxAndComesBackUnchanged()
    {
        var file = EcsContractTests.TaskDefinitionRequest("v1");
        file["containerDefinitions"]![0]!["someFutureField"] = new JsonObject { ["x"] = 1 };
        await File.WriteAllTextAsync(Path.Combine(_workspace.Path, "task-definition.json"), file.ToJsonString());

        var prepared = await PrepareAsync(("task-definition", "task-definition.json"), ("container-name", "web"), ("image", ImageV2));
        await _sandbox.RequestsAsync(clear: true);
        var registered = await _sandbox.Apis.Ecs.RegisterTaskDefinitionAsync(prepared.RegisterRequest!, CancellationToken.None);
        var body = Assert.Single(await _sandbox.RequestsAsync(clear: true)).Body!;
        var described = await _sandbox.Apis.Ecs.DescribeTaskDefinitionAsync(registered.Arn, CancellationToken.None);

        var expected = new JsonObject { ["x"] = 1 };
        Assert.True(JsonNode.DeepEquals(expected, body["containerDefinitions"]![0]!["someFutureField"]), body.ToJsonString());
        Assert.Equal(["containerDefinitions[0].someFutureField"], ModelMembers.UnknownInInput("ecs", "RegisterTaskDefinition", body));
        Assert.Empty(ModelValidator.ValidateInput("ecs", "RegisterTaskDefinition", body));
        Assert.True(JsonNode.DeepEquals(expected, described.TaskDefinition["containerDefinitions"]![0]!["someFutureField"]), described.TaskDefinition.ToJsonString());
        Assert.Equal(ContractSandbox.Registry + "/web@" + Digest("v2"), ImageOf(described.TaskDefinition));
    }
}
