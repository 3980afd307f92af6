using EcsDeploy.Runtime;
using EcsDeploy.TaskDefinitions;

namespace EcsDeploy.Tests.TaskDefinitions;

/// <summary>Builds <see cref="TaskDefinitionInputs"/> from input name/value pairs, as the runner would pass them.</summary>
internal static class TestInputs
{
    public static (TaskDefinitionInputs Inputs, IReadOnlyList<string> Errors) ParseWithErrors(string workspace, params (string Name, string Value)[] inputs)
    {
        var environment = inputs.ToDictionary(i => InputReader.VariableName(i.Name), i => i.Value, StringComparer.Ordinal);
        var reader = new InputReader(environment);
        var parsed = TaskDefinitionInputs.Parse(reader, workspace);
        return (parsed, reader.Errors);
    }

    /// <summary>Parses and asserts that the inputs are valid.</summary>
    public static TaskDefinitionInputs Parse(params (string Name, string Value)[] inputs) => Parse(Golden.Directory, inputs);

    public static TaskDefinitionInputs Parse(string workspace, params (string Name, string Value)[] inputs)
    {
        var (parsed, errors) = ParseWithErrors(workspace, inputs);
        Assert.Empty(errors);
        return parsed;
    }

    /// <summary>The single error the inputs produce.</summary>
    public static string Error(params (string Name, string Value)[] inputs)
    {
        var (_, errors) = ParseWithErrors(Golden.Directory, inputs);
        return Assert.Single(errors);
    }
}
