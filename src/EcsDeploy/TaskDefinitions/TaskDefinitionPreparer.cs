using System.Text.Json.Nodes;
using EcsDeploy.Aws;
using EcsDeploy.Aws.Ecr;
using EcsDeploy.Aws.Ecs;
using EcsDeploy.Reporting;
using EcsDeploy.Runtime;

namespace EcsDeploy.TaskDefinitions;

/// <summary>What to deploy: a request to register, or an existing revision to reuse; <see cref="RenderedPath"/> is set once the rendered file is written.</summary>
public sealed record PreparedTaskDefinition(JsonObject? RegisterRequest, string? ExistingArn, string? RenderedPath)
{
    /// <summary>The image of each container, as given and as pinned, for the step summary.</summary>
    public IReadOnlyList<DeployedImage> Images { get; init; } = [];

    /// <summary>The task definition as rendered, which <see cref="TaskDefinitionPreparer.WriteRendered"/> writes for later steps.</summary>
    public JsonObject? Rendered { get; init; }
}

/// <summary>Paths the preparer reads from (the workspace) and writes the rendered task definition to.</summary>
public sealed record TaskDefinitionContext(string Workspace, string RenderedDirectory)
{
    /// <summary>The folder, inside the workspace, that holds rendered task definitions.</summary>
    public const string RenderedFolder = ".ecs-deploy";

    /// <summary>
    /// The usual context: rendered files go to GITHUB_WORKSPACE/.ecs-deploy, because a container action shares the
    /// workspace with later steps but not RUNNER_TEMP, which the runner does not mount into the container.
    /// </summary>
    public static TaskDefinitionContext ForWorkspace(string workspace) => new(workspace, Path.Combine(workspace, RenderedFolder));
}

/// <summary>Builds the task definition to deploy from the inputs and the service's current one.</summary>
public sealed class TaskDefinitionPreparer(IEcsApi ecs, IEcrApi ecr, IJobLog log, IStepSummary summary, TaskDefinitionContext context)
{
    private readonly HashSet<string> _masked = new(StringComparer.Ordinal);

    /// <summary>Everything that needs no AWS call: read and parse local files, check edits. Returns problems, one line each.</summary>
    public IReadOnlyList<string> ValidateLocal(TaskDefinitionInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var problems = new List<string>();
        if (!Directory.Exists(context.Workspace))
        {
            problems.Add($"The workspace '{context.Workspace}' (GITHUB_WORKSPACE) does not exist, so the rendered task definition has nowhere to go; run the action on a GitHub Actions runner, after actions/checkout.");
        }

        if (inputs.File is null)
        {
            return problems;
        }

        var (definition, problem) = TaskDefinitionFile.Read(inputs.File);
        if (definition is null)
        {
            problems.Add(problem!);
            return problems;
        }

        // Container names can be checked now only when the definition is local; fetched ones are checked after reading.
        TaskDefinitionCleaner.RemoveReadOnlyFields(definition);
        TaskDefinitionCleaner.Clean(definition, inputs.KeepNullValueKeys);
        problems.AddRange(TaskDefinitionEditor.Apply(definition, inputs));
        return problems;
    }

    /// <summary>
    /// Produces the RegisterTaskDefinition request (or an ARN to reuse); <paramref name="currentService"/> is null when
    /// only registering. Writes nothing but the log and summary it was given: the rendered file is
    /// <see cref="WriteRendered"/>'s, so a deploy can prepare while its checks run and drop what a failed check makes moot.
    /// </summary>
    public async Task<PreparedTaskDefinition> PrepareAsync(TaskDefinitionInputs inputs, EcsService? currentService, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var source = await LoadSourceAsync(inputs, currentService, cancellationToken).ConfigureAwait(false);
        var current = currentService?.TaskDefinition is null ? null
            : source.Described?.Arn == currentService.TaskDefinition ? source.Described
            : await DescribeAsync(currentService.TaskDefinition, "the service's current task definition", cancellationToken).ConfigureAwait(false);

        var request = source.Definition;
        TaskDefinitionCleaner.Clean(request, inputs.KeepNullValueKeys);
        if (request["tags"] is null && source.Described is { Tags.Count: > 0 } described)
        {
            request["tags"] = TaskDefinitionComparison.TagsToJson(described.Tags);
        }

        if (inputs.Arn is not null && !inputs.HasEdits)
        {
            log.Info($"Deploying task definition {inputs.Arn} as it is (no edits asked).");
            Show(request, current, inputs.KeepNullValueKeys, currentService is not null);
            return new PreparedTaskDefinition(null, inputs.Arn, null) { Images = DeployedImage.From(request), Rendered = request };
        }

        var problems = TaskDefinitionEditor.Apply(request, inputs);
        if (problems.Count > 0)
        {
            throw new TaskDefinitionException(problems);
        }

        TaskDefinitionComparison.SizesAsStrings(request);
        var pinnedFrom = await new EcrImageChecker(ecr, log).CheckAsync(request, inputs.PinImageDigest, cancellationToken).ConfigureAwait(false);
        var images = DeployedImage.From(request, pinnedFrom);
        MaskCredentials(null, request);
        var unchanged = Show(request, current, inputs.KeepNullValueKeys, currentService is not null);
        if (unchanged && inputs.SkipIfUnchanged)
        {
            log.Info($"The rendered task definition equals the service's current one; deploying {current!.Arn} again without registering a new revision (skip-if-unchanged).");
            return new PreparedTaskDefinition(null, current.Arn, null) { Images = images, Rendered = request };
        }

        return new PreparedTaskDefinition(request, null, null) { Images = images, Rendered = request };
    }

    /// <summary>Writes the rendered task definition of <paramref name="prepared"/> for later steps; returns it with <see cref="PreparedTaskDefinition.RenderedPath"/> set.</summary>
    public PreparedTaskDefinition WriteRendered(PreparedTaskDefinition prepared)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        return prepared.Rendered is null ? prepared : prepared with { RenderedPath = Write(prepared.Rendered) };
    }

    private sealed record Source(JsonObject Definition, RegisteredTaskDefinition? Described);

    private async Task<Source> LoadSourceAsync(TaskDefinitionInputs inputs, EcsService? service, CancellationToken cancellationToken)
    {
        if (inputs.File is not null)
        {
            var (definition, problem) = TaskDefinitionFile.Read(inputs.File);
            if (definition is null)
            {
                throw new TaskDefinitionException(problem!);
            }

            var shown = Path.GetRelativePath(context.Workspace, inputs.File);
            foreach (var field in TaskDefinitionCleaner.RemoveReadOnlyFields(definition))
            {
                log.Warning($"Field '{field}' is set by ECS and cannot be registered; it was left out. Remove it from the file to silence this warning.", new AnnotationProperties(File: shown));
            }

            log.Info($"Task definition read from {shown}.");
            return new Source(definition, null);
        }

        var (name, why) = inputs.Arn is not null ? (inputs.Arn, "input 'task-definition-arn'")
            : inputs.Family is not null ? (inputs.Family, $"input '{inputs.FamilyInput}'")
            : service?.TaskDefinition is not null ? (service.TaskDefinition, "the service's current task definition")
            : throw new TaskDefinitionException($"Service '{service?.ServiceName}' runs no task definition to start from; give input 'task-definition', 'task-definition-family' or 'task-definition-arn'.");

        var described = await DescribeAsync(name, why, cancellationToken).ConfigureAwait(false);
        log.Info($"Task definition {described.Arn} read from {why}.");
        var copy = described.TaskDefinition.DeepClone().AsObject();
        TaskDefinitionCleaner.RemoveReadOnlyFields(copy);
        return new Source(copy, described);
    }

    private async Task<RegisteredTaskDefinition> DescribeAsync(string name, string why, CancellationToken cancellationToken)
    {
        try
        {
            return await ecs.DescribeTaskDefinitionAsync(name, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException ex)
        {
            throw new TaskDefinitionException($"Reading task definition '{name}' ({why}) failed ({ex.ErrorCode}): {ex.AwsMessage}; check that it exists in this account and region.", ex);
        }
    }

    // Prints the diff against the current revision; returns true when the two are the same.
    private bool Show(JsonObject request, RegisteredTaskDefinition? current, IReadOnlyList<string> keep, bool hasService)
    {
        var family = request["family"]?.ToString() ?? "";
        if (!hasService)
        {
            summary.Append($"### Task definition {Markdown.Code(family)}\n\nNo service was given, so there is nothing to compare with.\n");
            return false;
        }

        if (current is null)
        {
            log.Info($"The service runs no task definition yet; family '{family}' is new to it.");
            summary.Append($"### Task definition {Markdown.Code(family)}\n\nThe service runs no task definition yet.\n");
            return false;
        }

        var next = TaskDefinitionComparison.Normalize(request, null, keep);
        var now = TaskDefinitionComparison.Normalize(current.TaskDefinition, current.Tags, keep);
        var lines = TaskDefinitionDiff.Describe(now, next, Mask);
        var title = $"Task definition changes from {current.Arn}";
        using (log.Group(title))
        {
            foreach (var line in lines)
            {
                log.Untrusted(line);
            }
        }

        summary.Append($"### Task definition {Markdown.Code(family)}\n\n" + Markdown.Details(title, Markdown.CodeBlock(string.Join('\n', lines))));
        return TaskDefinitionComparison.AreEqual(now, next);
    }

    private void MaskCredentials(string? key, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                // A name/value pair is judged by its name.
                var pairName = obj["name"] is JsonValue n && n.TryGetValue<string>(out var s) ? s : null;
                foreach (var (childKey, child) in obj)
                {
                    MaskCredentials(childKey == "value" && pairName is not null ? pairName : childKey, child);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    MaskCredentials(key, child);
                }

                break;
            case JsonValue value when value.TryGetValue<string>(out var text) && key != "name" && CredentialDetector.LooksLikeCredential(key, text):
                Mask(text);
                break;
        }
    }

    private void Mask(string secret)
    {
        if (_masked.Add(secret))
        {
            log.Mask(secret);
        }
    }

    /// <summary>
    /// Writes the request to RenderedDirectory/&lt;family&gt;.json and returns the path to give later steps: relative to
    /// the workspace when inside it (the workspace's path differs between this container and the runner), else full.
    /// </summary>
    private string Write(JsonObject request)
    {
        Directory.CreateDirectory(context.RenderedDirectory);
        // The folder's own .gitignore keeps the files out of commits a later step may make.
        var ignore = Path.Combine(context.RenderedDirectory, ".gitignore");
        if (!File.Exists(ignore))
        {
            File.WriteAllText(ignore, "*\n");
        }

        // Only a valid family names a file: nothing else from the definition reaches the path.
        var family = request["family"] is JsonValue value && value.TryGetValue<string>(out var f) && FamilyName.Problem(f) is null ? f : "task-definition";
        var path = Path.Combine(context.RenderedDirectory, family + ".json");
        File.WriteAllText(path, TaskDefinitionJson.Format(request));
        var relative = Path.GetRelativePath(context.Workspace, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative.Replace('\\', '/');
    }
}
