using EcsDeploy.TaskDefinitions;

namespace EcsDeploy.Tests.TaskDefinitions;

public sealed class TaskDefinitionInputsTests
{
    [Fact]
    public void Parse_NoInputs_DefaultsToServiceSourceWithPinningAndSkipping()
    {
        var inputs = TestInputs.Parse();

        Assert.Null(inputs.File);
        Assert.Null(inputs.Family);
        Assert.Null(inputs.Arn);
        Assert.True(inputs.PinImageDigest);
        Assert.True(inputs.SkipIfUnchanged);
        Assert.False(inputs.HasEdits);
    }

    [Fact]
    public void Parse_RelativeAndAbsoluteFile_ResolvedAgainstWorkspace()
    {
        var workspace = Path.GetFullPath("/work/space");

        Assert.Equal(Path.Combine(workspace, "deploy", "td.json"), TestInputs.Parse(workspace, ("task-definition", "deploy/td.json")).File);
        Assert.Equal(Path.GetFullPath("/elsewhere/td.yaml"), TestInputs.Parse(workspace, ("task-definition", "/elsewhere/td.yaml")).File);
    }

    [Theory]
    [InlineData("web", "7", "web:7")]
    [InlineData("web", "07", "web:7")]
    public void Parse_FamilyAndRevision_StartFromThatRevision(string family, string revision, string expected)
    {
        Assert.Equal(expected, TestInputs.Parse(("task-definition-family", family), ("task-definition-revision", revision)).Family);
    }

    [Theory]
    [InlineData("web", "0", "is not a revision number")]
    [InlineData("web", "latest", "is not a revision number")]
    [InlineData("web:3", "4", "Inputs 'task-definition-family' value 'web:3' and 'task-definition-revision' value '4' both give a revision")]
    public void Parse_RevisionThatCannotApply_IsAnError(string family, string revision, string expected)
    {
        Assert.Contains(expected, TestInputs.Error(("task-definition-family", family), ("task-definition-revision", revision)), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_CommandAndContainerCommand_BothGiven_IsAnError()
    {
        Assert.StartsWith("Inputs 'command' and 'container-command' both set the container command", TestInputs.Error(("command", "a"), ("container-command", "b")), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_OperationWordAsCommand_AcceptedWhenOperationIsGivenOrAsJson()
    {
        Assert.Equal(["status"], TestInputs.Parse(("command", "status"), ("operation", "deploy")).Command);
        Assert.Equal(["rollback"], TestInputs.Parse(("command", "[\"rollback\"]")).Command);
    }

    [Fact]
    public void Parse_KeyValueLines_ValueIsEverythingAfterTheFirstEquals()
    {
        var inputs = TestInputs.Parse(("environment-variables", "A=x=y==\nB=\n-C"), ("container-name", "web"));

        Assert.Equal([new KeyValueEdit("A", "x=y=="), new KeyValueEdit("B", ""), new KeyValueEdit("C", null)], inputs.Environment.Items);
        Assert.False(inputs.Environment.Replace);
    }

    [Theory]
    [InlineData("task-definition-family", "web app", "Input 'task-definition-family' value 'web app' is not a family or family:revision")]
    [InlineData("task-definition-arn", "arn:aws:ecs:us-east-1:123456789012:task-definition/web", "Input 'task-definition-arn' value 'arn:aws:ecs:us-east-1:123456789012:task-definition/web' is not a task definition ARN")]
    [InlineData("image", "repo/web: 1", "Input 'image' value 'repo/web: 1' is not an image reference")]
    [InlineData("containers", "web", "Input 'containers' value 'web' is not a line name=image")]
    [InlineData("containers", "=img:1", "Input 'containers' value '=img:1' is not a line name=image")]
    [InlineData("containers", "web=a:1\nweb=b:2", "Input 'containers' value 'web=b:2' sets container 'web' a second time")]
    [InlineData("environment-variables", "NOEQUALS", "Input 'environment-variables' value 'NOEQUALS' is neither KEY=value nor -KEY")]
    [InlineData("environment-variables", "=value", "Input 'environment-variables' value '=value' has no key before '='")]
    [InlineData("environment-variables", "-", "Input 'environment-variables' value '-' does not name a key to remove")]
    [InlineData("environment-mode", "append", "Input 'environment-mode' value 'append' is not one of merge, replace")]
    [InlineData("secrets", "DB=", "Input 'secrets' value 'DB=' has no value after '='")]
    [InlineData("docker-labels", "a b=c", "Input 'docker-labels' value 'a b=c' has no key before '='")]
    [InlineData("env-files", "s3://bucket/app.env", "Input 'env-files' value 's3://bucket/app.env' is not an S3 object ARN")]
    [InlineData("env-files", "arn:aws:s3:::bucket", "Input 'env-files' value 'arn:aws:s3:::bucket' is not an S3 object ARN")]
    [InlineData("log-configuration-log-driver", "AWSLOGS", "Input 'log-configuration-log-driver' value 'AWSLOGS' is not a log driver ECS supports")]
    [InlineData("log-configuration-options", "novalue", "Input 'log-configuration-options' value 'novalue' is neither KEY=value nor -KEY")]
    [InlineData("command", "sh -c 'echo", "Input 'command' value 'sh -c 'echo' has a ' that is never closed")]
    [InlineData("command", "Stop", "Input 'command' value 'Stop' is the container command (as in the render action), no longer the operation; write 'operation: stop' instead")]
    [InlineData("task-definition-revision", "2", "Input 'task-definition-revision' value '2' is given without 'task-definition-family'")]
    [InlineData("container-command", "sh -c 'echo", "Input 'container-command' value 'sh -c 'echo' has a ' that is never closed")]
    [InlineData("container-command", "echo \"hi", "Input 'container-command' value 'echo \"hi' has a \" that is never closed")]
    [InlineData("container-command", "[\"a\", 1]", "Input 'container-command' value '[\"a\", 1]' must be a JSON array of strings")]
    [InlineData("container-command", "[\"a\"", "Input 'container-command' value '[\"a\"' starts with '[' but is not a JSON array")]
    [InlineData("task-role-arn", "arn:aws:iam::123456789012:user/bob", "Input 'task-role-arn' value 'arn:aws:iam::123456789012:user/bob' is not an IAM role ARN")]
    [InlineData("execution-role-arn", "arn:aws-iso:iam::123456789012:role/x", "Input 'execution-role-arn' value 'arn:aws-iso:iam::123456789012:role/x' is not an IAM role ARN")]
    [InlineData("task-role-arn", "my-role", "Input 'task-role-arn' value 'my-role' is not an IAM role ARN")]
    [InlineData("cpu", "lots", "Input 'cpu' value 'lots' is not a task size")]
    [InlineData("memory", "2 TB", "Input 'memory' value '2 TB' is not a task size")]
    [InlineData("memory", "0", "Input 'memory' value '0' is not a task size")]
    [InlineData("memory", "0 GB", "Input 'memory' value '0 GB' is not a task size")]
    [InlineData("cpu", "0", "Input 'cpu' value '0' is not a task size")]
    [InlineData("cpu", "0.0 vCPU", "Input 'cpu' value '0.0 vCPU' is not a task size")]
    [InlineData("pin-image-digest", "yes", "Input 'pin-image-digest' value 'yes' is not a boolean")]
    [InlineData("skip-if-unchanged", "maybe", "Input 'skip-if-unchanged' value 'maybe' is not a boolean")]
    public void Parse_BadValue_ErrorNamesInputAndValue(string input, string value, string expectedStart)
    {
        var error = TestInputs.Error((input, value));

        Assert.StartsWith(expectedStart, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cpu", "0.25 vCPU")]
    [InlineData("cpu", ".5 vcpu")]
    [InlineData("cpu", "16384")]
    [InlineData("memory", "0.5 GB")]
    [InlineData("memory", "30 GB")]
    public void Parse_PositiveSize_IsAccepted(string input, string value)
    {
        var parsed = TestInputs.Parse((input, value));

        Assert.Equal(value, input == "cpu" ? parsed.Cpu : parsed.Memory);
    }

    [Fact]
    public void Parse_RemoveLineInReplaceMode_IsAnError()
    {
        var error = TestInputs.Error(("secrets", "-A"), ("secrets-mode", "replace"));

        Assert.Equal("Input 'secrets' value '-A' removes a key, which means nothing when the list is replaced; leave the line out.", error);
    }

    [Fact]
    public void Parse_TwoSources_IsOneErrorNamingBoth()
    {
        var error = TestInputs.Error(("task-definition", "td.json"), ("task-definition-family", "web"));

        Assert.Equal("Inputs 'task-definition' and 'task-definition-family' both name a task definition; give only one of them (or none to start from the service's current one).", error);
    }

    [Fact]
    public void Parse_ImageAndContainers_IsAnError()
    {
        var error = TestInputs.Error(("image", "a:1"), ("containers", "web=b:2"));

        Assert.StartsWith("Inputs 'image' and 'containers' both set images", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("arn:aws:iam::123456789012:role/a")]
    [InlineData("arn:aws-cn:iam::123456789012:role/service-role/a.b@c")]
    [InlineData("arn:aws-us-gov:iam::123456789012:role/a+b=c,d")]
    public void Parse_RoleArnInEveryPartition_IsAccepted(string arn)
    {
        Assert.Equal(arn, TestInputs.Parse(("task-role-arn", arn)).TaskRoleArn);
    }

    [Fact]
    public void Parse_FamilyWithRevisionAndArn_AreAccepted()
    {
        Assert.Equal("web:12", TestInputs.Parse(("task-definition-family", "web:12")).Family);
        Assert.Equal(
            "arn:aws-cn:ecs:cn-north-1:123456789012:task-definition/web:3",
            TestInputs.Parse(("task-definition-arn", "arn:aws-cn:ecs:cn-north-1:123456789012:task-definition/web:3")).Arn);
    }
}
