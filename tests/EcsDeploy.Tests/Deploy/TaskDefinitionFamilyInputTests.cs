using EcsDeploy.Runtime;
using EcsDeploy.TaskDefinitions;
using EcsDeploy.Tests.Support;

namespace EcsDeploy.Tests.Deploy;

/// <summary>`task-definition` may name a family, as in aws-actions/amazon-ecs-deploy-task-definition.</summary>
public sealed class TaskDefinitionFamilyInputTests : IDisposable
{
    private readonly TempDirectory _workspace = new();

    public void Dispose() => _workspace.Dispose();

    private TaskDefinitionInputs Parse(string value, InputReader? reader = null)
    {
        reader ??= new InputReader(new Dictionary<string, string>(StringComparer.Ordinal) { ["INPUT_TASK-DEFINITION"] = value });
        return TaskDefinitionInputs.Parse(reader, _workspace.Path);
    }

    [Theory]
    [InlineData("web")]
    [InlineData("web-api_2:42")]
    public void Parse_FamilyAndNoSuchFile_StartsFromTheFamily(string value)
    {
        var inputs = Parse(value);

        Assert.Equal((value, "task-definition", null), (inputs.Family, inputs.FamilyInput, inputs.File));
    }

    [Fact]
    public void Parse_FileNamedLikeAFamilyExists_ReadsTheFile()
    {
        File.WriteAllText(_workspace.File("taskdef"), "{}");

        var inputs = Parse("taskdef");

        Assert.Equal(_workspace.File("taskdef"), inputs.File);
        Assert.Null(inputs.Family);
    }

    [Theory]
    [InlineData("taskdef.json")]
    [InlineData("taskdef.yaml")]
    [InlineData("deploy/web")]
    public void Parse_PathOrExtension_StaysAFile(string value)
    {
        var inputs = Parse(value);

        Assert.Equal(Path.GetFullPath(value, _workspace.Path), inputs.File);
        Assert.Null(inputs.Family);
    }

    [Fact]
    public void Parse_FamilyAndFamilyInput_BothNameATaskDefinition()
    {
        var reader = new InputReader(new Dictionary<string, string>(StringComparer.Ordinal) { ["INPUT_TASK-DEFINITION"] = "web", ["INPUT_TASK-DEFINITION-FAMILY"] = "api" });

        Parse("web", reader);

        Assert.Contains(reader.Errors, e => e.StartsWith("Inputs 'task-definition' and 'task-definition-family' both name a task definition", StringComparison.Ordinal));
    }
}
