using EcsDeploy.Operations;
using EcsDeploy.Runtime;

namespace EcsDeploy.Tests.Operations;

public sealed class CommandInputsTests
{
    private static InputReader Reader(params (string Name, string Value)[] inputs) =>
        new(inputs.ToDictionary(i => InputReader.VariableName(i.Name), i => i.Value));

    [Theory]
    [InlineData(null, OperationCommand.Deploy)]
    [InlineData("rollback", OperationCommand.Rollback)]
    [InlineData("STOP", OperationCommand.Stop)]
    [InlineData("continue", OperationCommand.Continue)]
    [InlineData("Status", OperationCommand.Status)]
    public void ReadCommand_KnownWord_ParsesCaseInsensitively(string? value, OperationCommand expected)
    {
        var reader = value is null ? Reader() : Reader(("operation", value));

        Assert.Equal(expected, CommandInputs.ReadCommand(reader));
        Assert.Empty(reader.Errors);
    }

    [Fact]
    public void ReadCommand_UnknownWord_NamesInputAndChoices()
    {
        var reader = Reader(("operation", "redeploy"));

        CommandInputs.ReadCommand(reader);

        Assert.Equal("Input 'operation' value 'redeploy' is not one of deploy, rollback, stop, continue, status.", Assert.Single(reader.Errors));
    }

    [Fact]
    public void Read_ServiceOnly_DerivesDefaultClusterApplicationAndGroup()
    {
        var reader = Reader(("operation", "stop"), ("service", "web"));

        var inputs = CommandInputs.Read(reader);

        Assert.Empty(reader.Errors);
        Assert.Equal(new OperationTarget("default", "web", "AppECS-default-web", "DgpECS-default-web"), inputs.Target);
        Assert.True(inputs.RollbackOnStop);
    }

    [Fact]
    public void Read_ImageWithStop_OneLineNamingInputAndCommand()
    {
        var reader = Reader(("operation", "stop"), ("service", "web"), ("image", "web:2"));

        CommandInputs.Read(reader);

        Assert.Equal(
            "Input 'image' value 'web:2' does not apply to operation 'stop'; remove it from this step (it is only used by operation 'deploy').",
            Assert.Single(reader.Errors));
    }

    [Fact]
    public void Read_InputsAtTheirActionDefaults_AreNotCountedAsGiven()
    {
        // The runner passes every input that has a default, so these arrive even when the workflow omits them.
        var reader = Reader(("operation", "status"), ("service", "web"), ("codedeploy-appspec", "appspec.yaml"),
            ("if-deployment-in-progress", "wait"), ("rollback-on-stop", "true"), ("wait-until", "deployed"));

        CommandInputs.Read(reader);

        Assert.Empty(reader.Errors);
    }

    [Theory]
    [InlineData("rollback", "rollback-on-stop", "false", "Input 'rollback-on-stop' value 'false' does not apply to operation 'rollback'; remove it from this step (a rollback always returns to the previous revision).")]
    [InlineData("stop", "task-definition-arn", "web:3", "Input 'task-definition-arn' value 'web:3' does not apply to operation 'stop'; remove it from this step (only operations 'deploy' and 'rollback' take a revision).")]
    [InlineData("continue", "if-deployment-in-progress", "fail", "Input 'if-deployment-in-progress' value 'fail' does not apply to operation 'continue'; remove it from this step (it is only used by operation 'deploy').")]
    [InlineData("status", "codedeploy-deployment-description", "x", "Input 'codedeploy-deployment-description' value 'x' does not apply to operation 'status'; remove it from this step.")]
    public void Read_InputOfAnotherCommand_IsAnError(string command, string input, string value, string expected)
    {
        var reader = Reader(("operation", command), ("service", "web"), (input, value));

        CommandInputs.Read(reader);

        Assert.Equal(expected, Assert.Single(reader.Errors));
    }

    [Fact]
    public void CheckApplicable_DeployWithStopInput_ReportsIt()
    {
        var reader = Reader(("task-definition-arn", "arn:aws:ecs:us-east-1:111122223333:task-definition/web:3"), ("rollback-on-stop", "false"), ("image", "web:2"));

        CommandInputs.CheckApplicable(reader, OperationCommand.Deploy);

        Assert.Equal("Input 'rollback-on-stop' value 'false' does not apply to operation 'deploy'; remove it from this step.", Assert.Single(reader.Errors));
    }

    [Theory]
    [InlineData("wait-until", "ready")]
    [InlineData("secrets", "DB=arn:aws:ssm:us-east-1:111122223333:parameter/db")]
    [InlineData("skip-if-unchanged", "false")]
    public void Read_DeployOnlyInputWithRollback_IsAnError(string input, string value)
    {
        var reader = Reader(("operation", "rollback"), ("service", "web"), (input, value));

        CommandInputs.Read(reader);

        Assert.Equal($"Input '{input}' value '{value}' does not apply to operation 'rollback'; remove it from this step (it is only used by operation 'deploy').", Assert.Single(reader.Errors));
    }

    [Theory]
    [InlineData("rollback")]
    [InlineData("continue")]
    public void Read_RollbackOnTimeoutAndCancelWithCommandsThatStartADeployment_AreRead(string command)
    {
        var reader = Reader(("operation", command), ("service", "web"), ("rollback-on-timeout", "false"), ("rollback-on-cancel", "false"), ("wait-for-minutes", "5"));

        var inputs = CommandInputs.Read(reader);

        Assert.Empty(reader.Errors);
        Assert.False(inputs.RollbackOnTimeout);
        Assert.False(inputs.RollbackOnCancel);
        Assert.Equal(TimeSpan.FromMinutes(5), inputs.Watch.Timeout);
    }

    [Fact]
    public void Read_RollbackOnCancelWithStop_IsAnErrorSayingWhy()
    {
        var reader = Reader(("operation", "stop"), ("service", "web"), ("rollback-on-cancel", "false"));

        CommandInputs.Read(reader);

        Assert.Equal("Input 'rollback-on-cancel' value 'false' does not apply to operation 'stop'; remove it from this step (a stop never stops the rollback it follows: that would leave traffic between task sets).", Assert.Single(reader.Errors));
    }

    [Theory]
    [InlineData("arn:aws:ecs:us-east-1:111122223333:task-definition/web:41")]
    [InlineData("arn:aws-cn:ecs:cn-north-1:111122223333:task-definition/web_api-2:7")]
    [InlineData("web:41")]
    public void Read_RollbackRevision_AcceptsArnOrFamilyRevision(string value)
    {
        var reader = Reader(("operation", "rollback"), ("service", "web"), ("task-definition-arn", value));

        var inputs = CommandInputs.Read(reader);

        Assert.Empty(reader.Errors);
        Assert.Equal(value, inputs.TaskDefinitionArn);
    }

    [Theory]
    [InlineData("web")]
    [InlineData("arn:aws:ecs:us-east-1:111122223333:service/prod/web")]
    [InlineData("web:latest")]
    public void Read_RollbackRevisionNotARevision_NamesInputAndValue(string value)
    {
        var reader = Reader(("operation", "rollback"), ("service", "web"), ("task-definition-arn", value));

        CommandInputs.Read(reader);

        Assert.StartsWith($"Input 'task-definition-arn' value '{value}' is not a task definition revision;", Assert.Single(reader.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RollbackWithoutService_IsAnError()
    {
        var reader = Reader(("operation", "rollback"), ("codedeploy-application", "app"), ("codedeploy-deployment-group", "group"));

        CommandInputs.Read(reader);

        Assert.Equal("Input 'service' is required for operation 'rollback'; name the ECS service to roll back.", Assert.Single(reader.Errors));
    }

    [Fact]
    public void Read_StopWithApplicationAndGroup_NeedsNoService()
    {
        var reader = Reader(("operation", "stop"), ("codedeploy-application", "app"), ("codedeploy-deployment-group", "group"), ("rollback-on-stop", "false"));

        var inputs = CommandInputs.Read(reader);

        Assert.Empty(reader.Errors);
        Assert.Equal("app/group", inputs.Target.GroupName);
        Assert.False(inputs.RollbackOnStop);
    }

    [Theory]
    [InlineData("wait", InProgressPolicy.Wait)]
    [InlineData("stop", InProgressPolicy.Stop)]
    [InlineData("FAIL", InProgressPolicy.Fail)]
    public void ReadInProgressPolicy_Choice_Parses(string value, InProgressPolicy expected)
    {
        var reader = Reader(("if-deployment-in-progress", value));

        Assert.Equal(expected, CommandInputs.ReadInProgressPolicy(reader));
        Assert.Empty(reader.Errors);
    }

    [Fact]
    public void Read_WaitInputs_BecomeWatchSettings()
    {
        var reader = Reader(("operation", "continue"), ("service", "web"), ("wait-for-minutes", "90"), ("poll-interval", "15"), ("wait-max-delay-seconds", "60"));

        var inputs = CommandInputs.Read(reader);

        Assert.Equal(TimeSpan.FromMinutes(90), inputs.Watch.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(15), inputs.Watch.PollInterval);
        Assert.Equal(TimeSpan.FromSeconds(60), inputs.Watch.MaxDelay);
    }
}
