using System.Text.Json.Nodes;
using EcsDeploy.Aws.Ecr;
using EcsDeploy.Aws.Ecs;
using EcsDeploy.Runtime;

namespace EcsDeploy.TaskDefinitions;

/// <summary>What to deploy: a request to register, or an existing revision to reuse.</summary>
public sealed record PreparedTaskDefinition(JsonObject? RegisterRequest, string? ExistingArn, string? RenderedPath);

/// <summary>Paths the preparer writes to and reads from.</summary>
public sealed record TaskDefinitionContext(string Workspace, string TempDirectory);

/// <summary>Builds the task definition to deploy from the inputs and the service's current one.</summary>
public sealed class TaskDefinitionPreparer(IEcsApi ecs, IEcrApi ecr, IJobLog log, IStepSummary summary, TaskDefinitionContext context)
{
    /// <summary>Everything that needs no AWS call: read and parse local files, check edits. Returns problems, one line each.</summary>
    public IReadOnlyList<string> ValidateLocal(TaskDefinitionInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        _ = context;
        if (inputs.File is not null && !System.IO.File.Exists(inputs.File))
        {
            return [$"Input 'task-definition' value '{inputs.File}' names a file that does not exist."];
        }

        return [];
    }

    /// <summary>Produces the RegisterTaskDefinition request (or an ARN to reuse).</summary>
    public Task<PreparedTaskDefinition> PrepareAsync(TaskDefinitionInputs inputs, EcsService service, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        _ = (ecs, ecr, log, summary, context, service, cancellationToken);
        var text = System.IO.File.ReadAllText(inputs.File!);
        var definition = JsonNode.Parse(text)!.AsObject();
        return Task.FromResult(new PreparedTaskDefinition(definition, null, null));
    }
}
