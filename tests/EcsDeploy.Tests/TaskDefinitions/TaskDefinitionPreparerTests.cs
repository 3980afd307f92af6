using EcsDeploy.Aws.Ecs;
using EcsDeploy.TaskDefinitions;

namespace EcsDeploy.Tests.TaskDefinitions;

public sealed class TaskDefinitionPreparerTests
{
    private const string WebImage10 = PreparerHarness.WebRepository + ":1.0";
    private const string WebImage20 = PreparerHarness.WebRepository + ":2.0";

    private static RegisteredTaskDefinition AddApp(PreparerHarness harness, params EcsTag[] tags) =>
        harness.Ecs.Add(Golden.Read("Inputs/app.json"), tags);

    [Fact]
    public async Task PrepareAsync_NoSource_StartsFromServiceAndPinsNewImage()
    {
        using var harness = new PreparerHarness();
        var current = AddApp(harness, new EcsTag("team", "web"));
        var inputs = TestInputs.Parse(("image", WebImage20), ("container-name", "web"));

        var prepared = await harness.PrepareAsync(inputs, PreparerHarness.Service(current.Arn));

        Golden.AssertMatches("from-service.json", PreparerHarness.Rendered(prepared));
        Assert.Equal(PreparerHarness.WebRepository + "@" + PreparerHarness.Digest20, prepared.RegisterRequest!["containerDefinitions"]![0]!["image"]!.GetValue<string>());
        Assert.Equal("""[{"key":"team","value":"web"}]""", prepared.RegisterRequest["tags"]!.ToJsonString());
        Assert.Equal([current.Arn], harness.Ecs.Described);
        Assert.Equal(["us-east-1 123456789012 web tag=2.0 digest=-"], harness.Ecr.Calls);
        Assert.Contains($"Container 'web': {WebImage20} → {PreparerHarness.WebRepository}@{PreparerHarness.Digest20}", harness.Log.Messages("info"));
        Assert.StartsWith(Path.GetTempPath(), prepared.RenderedPath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrepareAsync_Family_UsesLatestRevisionOrTheOneNamed()
    {
        using var harness = new PreparerHarness();
        var first = AddApp(harness);
        harness.Ecs.Add(Golden.Read("Inputs/app.json").Replace("\"cpu\": \"512\"", "\"cpu\": \"2048\"", StringComparison.Ordinal), new EcsTag("rev", "2"));

        var latest = await harness.PrepareAsync(TestInputs.Parse(("task-definition-family", "app"), ("pin-image-digest", "false")), PreparerHarness.Service(first.Arn));
        // The rendered file is named after the family, so the next prepare of 'app' replaces it.
        Golden.AssertMatches("from-family.json", PreparerHarness.Rendered(latest));
        var named = await harness.PrepareAsync(TestInputs.Parse(("task-definition-family", "app:1"), ("pin-image-digest", "false"), ("skip-if-unchanged", "false")), PreparerHarness.Service(first.Arn));

        Assert.Equal("2048", latest.RegisterRequest!["cpu"]!.GetValue<string>());
        Assert.Equal("512", named.RegisterRequest!["cpu"]!.GetValue<string>());
        Assert.Equal(["app", first.Arn, "app:1"], harness.Ecs.Described);
    }

    [Fact]
    public async Task PrepareAsync_ArnWithoutEdits_DeploysThatRevisionAsIs()
    {
        using var harness = new PreparerHarness();
        var old = AddApp(harness);
        var running = harness.Ecs.Add(Golden.Read("Inputs/app.json").Replace(":1.0", ":2.0", StringComparison.Ordinal));

        var prepared = await harness.PrepareAsync(TestInputs.Parse(("task-definition-arn", old.Arn)), PreparerHarness.Service(running.Arn));

        Assert.Null(prepared.RegisterRequest);
        Assert.Equal(old.Arn, prepared.ExistingArn);
        Assert.Empty(harness.Ecr.Calls);
        Golden.AssertMatches("from-arn.json", PreparerHarness.Rendered(prepared));
        Assert.Contains($"Deploying task definition {old.Arn} as it is (no edits asked).", harness.Log.Messages("info"));
    }

    [Fact]
    public async Task PrepareAsync_ArnWithEdits_RegistersAnEditedCopy()
    {
        using var harness = new PreparerHarness();
        var old = AddApp(harness);

        var prepared = await harness.PrepareAsync(
            TestInputs.Parse(("task-definition-arn", old.Arn), ("container-name", "web"), ("environment-variables", "LOG_LEVEL=warn")),
            PreparerHarness.Service(old.Arn));

        Assert.Null(prepared.ExistingArn);
        Assert.Equal("warn", prepared.RegisterRequest!["containerDefinitions"]![0]!["environment"]![0]!["value"]!.GetValue<string>());
        Assert.Null(prepared.RegisterRequest["taskDefinitionArn"]);
        Assert.Null(prepared.RegisterRequest["revision"]);
    }

    [Fact]
    public async Task PrepareAsync_UnknownContainerInFetchedDefinition_ThrowsNamingIt()
    {
        using var harness = new PreparerHarness();
        var current = AddApp(harness);

        var error = await Assert.ThrowsAsync<TaskDefinitionException>(() =>
            harness.PrepareAsync(TestInputs.Parse(("containers", "api=x:1")), PreparerHarness.Service(current.Arn)));

        Assert.Equal("Input 'containers' value 'api=x:1' names container 'api', which the task definition does not have; it has web, worker.", error.Message);
    }

    [Fact]
    public async Task PrepareAsync_ServiceWithoutTaskDefinitionAndNoSource_Throws()
    {
        using var harness = new PreparerHarness();

        var error = await Assert.ThrowsAsync<TaskDefinitionException>(() => harness.PrepareAsync(TestInputs.Parse(), PreparerHarness.Service(null)));

        Assert.Equal("Service 'app-service' runs no task definition to start from; give input 'task-definition', 'task-definition-family' or 'task-definition-arn'.", error.Message);
    }

    [Fact]
    public async Task PrepareAsync_FamilyNotFound_ThrowsWithTheAwsCode()
    {
        using var harness = new PreparerHarness();

        var error = await Assert.ThrowsAsync<TaskDefinitionException>(() =>
            harness.PrepareAsync(TestInputs.Parse(("task-definition-family", "nope")), PreparerHarness.Service(null)));

        Assert.Equal("Reading task definition 'nope' (input 'task-definition-family') failed (ClientException): Unable to describe task definition.; check that it exists in this account and region.", error.Message);
    }

    [Fact]
    public async Task PrepareAsync_ImageAlreadyByDigestOrOutsideEcr_IsCheckedOrLeftAsWritten()
    {
        using var harness = new PreparerHarness();
        var byDigest = PreparerHarness.WebRepository + "@" + PreparerHarness.Digest10;

        var prepared = await harness.PrepareAsync(
            TestInputs.Parse(("task-definition", "Inputs/app.json"), ("containers", $"web={byDigest}\nworker=ghcr.io/org/worker:1")),
            PreparerHarness.Service(null));

        Assert.Equal(byDigest, prepared.RegisterRequest!["containerDefinitions"]![0]!["image"]!.GetValue<string>());
        Assert.Equal("ghcr.io/org/worker:1", prepared.RegisterRequest["containerDefinitions"]![1]!["image"]!.GetValue<string>());
        Assert.Equal([$"us-east-1 123456789012 web tag=- digest={PreparerHarness.Digest10}"], harness.Ecr.Calls);
    }

    [Fact]
    public async Task PrepareAsync_SameImageInTwoContainers_DescribesItOnceAndPinsBoth()
    {
        using var harness = new PreparerHarness();

        var prepared = await harness.PrepareAsync(
            TestInputs.Parse(("task-definition", "Inputs/app.json"), ("containers", $"web={WebImage20}\nworker={WebImage20}")),
            PreparerHarness.Service(null));

        var pinned = PreparerHarness.WebRepository + "@" + PreparerHarness.Digest20;
        Assert.Equal(pinned, prepared.RegisterRequest!["containerDefinitions"]![0]!["image"]!.GetValue<string>());
        Assert.Equal(pinned, prepared.RegisterRequest["containerDefinitions"]![1]!["image"]!.GetValue<string>());
        Assert.Equal(["us-east-1 123456789012 web tag=2.0 digest=-"], harness.Ecr.Calls);
    }

    [Fact]
    public async Task PrepareAsync_SameRepositoryOtherTags_DescribesEachTag()
    {
        using var harness = new PreparerHarness();

        await harness.PrepareAsync(
            TestInputs.Parse(("task-definition", "Inputs/app.json"), ("containers", $"web={WebImage20}\nworker={WebImage10}")),
            PreparerHarness.Service(null));

        Assert.Equal(["us-east-1 123456789012 web tag=2.0 digest=-", "us-east-1 123456789012 web tag=1.0 digest=-"], harness.Ecr.Calls);
    }

    [Fact]
    public async Task PrepareAsync_PinImageDigestFalse_ChecksTagButKeepsIt()
    {
        using var harness = new PreparerHarness();

        var prepared = await harness.PrepareAsync(TestInputs.Parse(("task-definition", "Inputs/single.json"), ("image", WebImage20), ("pin-image-digest", "false")), PreparerHarness.Service(null));

        Assert.Equal(WebImage20, prepared.RegisterRequest!["containerDefinitions"]![0]!["image"]!.GetValue<string>());
        Assert.Equal(["us-east-1 123456789012 web tag=2.0 digest=-"], harness.Ecr.Calls);
    }

    [Fact]
    public async Task PrepareAsync_ChinaRegionImage_UsesItsRegionAndKeepsTheCnDomain()
    {
        using var harness = new PreparerHarness();
        const string Image = "123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/web:1.0";

        var prepared = await harness.PrepareAsync(TestInputs.Parse(("task-definition", "Inputs/single.json"), ("image", Image)), PreparerHarness.Service(null));

        Assert.Equal("123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/web@" + PreparerHarness.Digest10, prepared.RegisterRequest!["containerDefinitions"]![0]!["image"]!.GetValue<string>());
        Assert.Equal(["cn-north-1 123456789012 web tag=1.0 digest=-"], harness.Ecr.Calls);
    }

    [Theory]
    [InlineData(PreparerHarness.WebRepository + ":3.0", null, "Image '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:3.0' of container 'app' does not exist: ECR repository 'web' in account 123456789012 (us-east-1) has no tag '3.0'; push the image first or fix the image input.")]
    [InlineData(PreparerHarness.WebRepository + "@sha256:3333333333333333333333333333333333333333333333333333333333333333", null, "Image '123456789012.dkr.ecr.us-east-1.amazonaws.com/web@sha256:3333333333333333333333333333333333333333333333333333333333333333' of container 'app' does not exist: ECR repository 'web' in account 123456789012 (us-east-1) has no digest sha256:3333333333333333333333333333333333333333333333333333333333333333; push the image first or fix the image input.")]
    [InlineData("123456789012.dkr.ecr.us-east-1.amazonaws.com/team/api:1", null, "Image '123456789012.dkr.ecr.us-east-1.amazonaws.com/team/api:1' of container 'app' cannot exist: there is no ECR repository 'team/api' in account 123456789012 (us-east-1); check the repository name and region.")]
    [InlineData(PreparerHarness.WebRepository + ":1.0", "AccessDeniedException", "Checking image '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.0' of container 'app' in ECR failed (AccessDeniedException): User is not authorized to perform: ecr:DescribeImages; the role needs ecr:DescribeImages on repository 'web'.")]
    public async Task PrepareAsync_EcrImageProblem_ThrowsOneClearError(string image, string? failWith, string expected)
    {
        using var harness = new PreparerHarness();
        harness.Ecr.FailWith = failWith;

        var error = await Assert.ThrowsAsync<TaskDefinitionException>(() =>
            harness.PrepareAsync(TestInputs.Parse(("task-definition", "Inputs/single.json"), ("image", image)), PreparerHarness.Service(null)));

        Assert.Equal(expected, error.Message);
        Assert.Null(harness.Ecs.Described.FirstOrDefault());
    }

    [Fact]
    public async Task PrepareAsync_SameDefinitionAsService_ReusesCurrentRevision()
    {
        using var harness = new PreparerHarness();
        var current = AddApp(harness);

        var prepared = await harness.PrepareAsync(TestInputs.Parse(("task-definition", "Inputs/app.json"), ("pin-image-digest", "false")), PreparerHarness.Service(current.Arn));

        Assert.Null(prepared.RegisterRequest);
        Assert.Equal(current.Arn, prepared.ExistingArn);
        Assert.NotNull(prepared.RenderedPath);
        Assert.Contains($"The rendered task definition equals the service's current one; deploying {current.Arn} again without registering a new revision (skip-if-unchanged).", harness.Log.Messages("info"));
    }

    [Fact]
    public async Task PrepareAsync_ServiceAlreadyOnPinnedDigest_ReusesCurrentRevision()
    {
        using var harness = new PreparerHarness();
        var current = harness.Ecs.Add(Golden.Read("Inputs/app.json").Replace(":1.0", "@" + PreparerHarness.Digest10, StringComparison.Ordinal));

        var prepared = await harness.PrepareAsync(TestInputs.Parse(("image", WebImage10), ("container-name", "web")), PreparerHarness.Service(current.Arn));

        Assert.Equal(current.Arn, prepared.ExistingArn);
        Assert.Null(prepared.RegisterRequest);
    }

    [Fact]
    public async Task PrepareAsync_SkipIfUnchangedFalse_RegistersAnyway()
    {
        using var harness = new PreparerHarness();
        var current = AddApp(harness);

        var prepared = await harness.PrepareAsync(
            TestInputs.Parse(("task-definition", "Inputs/app.json"), ("pin-image-digest", "false"), ("skip-if-unchanged", "false")),
            PreparerHarness.Service(current.Arn));

        Assert.NotNull(prepared.RegisterRequest);
        Assert.Null(prepared.ExistingArn);
    }

    [Fact]
    public async Task PrepareAsync_TagsDiffer_IsAChange()
    {
        using var harness = new PreparerHarness();
        var current = AddApp(harness, new EcsTag("team", "web"));

        var prepared = await harness.PrepareAsync(TestInputs.Parse(("task-definition", "Inputs/app.json"), ("pin-image-digest", "false")), PreparerHarness.Service(current.Arn));

        Assert.NotNull(prepared.RegisterRequest);
        Assert.Contains("- tags[0].key: \"team\"", harness.Log.Messages("untrusted"));
    }

    [Fact]
    public async Task PrepareAsync_Changes_PrintsDiffImagesFirstInGroupAndSummaryWithCredentialsMasked()
    {
        using var harness = new PreparerHarness();
        var current = AddApp(harness);

        await harness.PrepareAsync(
            TestInputs.Parse(
                ("task-definition", "Inputs/app.yaml"),
                ("image", WebImage20),
                ("container-name", "web"),
                ("environment-variables", "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\nSIGNING_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\nGIT_SHA=0123456789abcdef0123456789abcdef01234567\n-DATABASE_URL")),
            PreparerHarness.Service(current.Arn));

        Golden.AssertMatches("diff.txt", harness.LogText() + "--- summary ---\n" + harness.Summary.Text);
        Assert.Equal(["AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"], harness.Log.Masked);
        Assert.DoesNotContain("AKIAIOSFODNN7EXAMPLE", harness.Summary.Text, StringComparison.Ordinal);
    }
}
