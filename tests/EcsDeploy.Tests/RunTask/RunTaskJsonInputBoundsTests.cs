using EcsDeploy.RunTask;
using EcsDeploy.Runtime;

namespace EcsDeploy.Tests.RunTask;

/// <summary>JSON-valued inputs are held to the same bounds as input files: size and nesting end in one line, never a crash.</summary>
public sealed class RunTaskJsonInputBoundsTests
{
    private static IReadOnlyList<string> Errors(string name, string value)
    {
        var reader = new InputReader(new Dictionary<string, string>(StringComparer.Ordinal) { [InputReader.VariableName(name)] = value });
        RunTaskInputs.Parse(reader);
        return reader.Errors;
    }

    [Fact]
    public void Parse_ContainerOverridesLargerThanTheCap_OneErrorSayingTheLimit()
    {
        var error = Assert.Single(Errors("run-task-container-overrides", "[" + string.Join(",", Enumerable.Repeat("{\"name\":\"web\"}", 6000)) + "]"));

        Assert.StartsWith("Input 'run-task-container-overrides' is larger than 64 KiB, the largest task definition ECS accepts", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TagsNestedThousandsDeep_OneErrorNotACrash()
    {
        var error = Assert.Single(Errors("run-task-tags", new string('[', 5000) + new string(']', 5000)));

        Assert.StartsWith("Input 'run-task-tags' value '", error, StringComparison.Ordinal);
        Assert.Contains("is not valid JSON", error, StringComparison.Ordinal);
    }
}
