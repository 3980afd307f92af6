namespace EcsDeploy.TaskDefinitions;

/// <summary>The task definition cannot be built as asked; the message says what to change, one line per problem.</summary>
public sealed class TaskDefinitionException : Exception
{
    public TaskDefinitionException(IReadOnlyList<string> problems)
        : base(string.Join('\n', problems))
    {
        Problems = problems;
    }

    public TaskDefinitionException(string problem, Exception? inner = null)
        : base(problem, inner)
    {
        Problems = [problem];
    }

    public IReadOnlyList<string> Problems { get; }
}
