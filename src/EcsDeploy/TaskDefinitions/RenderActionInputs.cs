using EcsDeploy.Runtime;

namespace EcsDeploy.TaskDefinitions;

/// <summary>
/// The inputs of aws-actions/amazon-ecs-render-task-definition whose meaning differs from what a deploy-only reading
/// would give them: `task-definition-revision` (with `task-definition-family`) and `command` (the container command).
/// </summary>
internal static class RenderActionInputs
{
    /// <summary>
    /// `task-definition-revision` of aws-actions/amazon-ecs-render-task-definition: the revision of
    /// `task-definition-family` to start from. Without that family it is an error, as in the render action.
    /// </summary>
    internal static string? WithRevision(InputReader reader, string? family)
    {
        var revision = reader.GetString("task-definition-revision");
        if (revision is null)
        {
            return family;
        }

        var familyInput = reader.GetString("task-definition-family");
        if (familyInput is null)
        {
            reader.AddError("task-definition-revision", revision, "is given without 'task-definition-family'; name the family the revision belongs to, for example task-definition-family: web");
        }
        else if (!int.TryParse(revision, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) || number < 1)
        {
            reader.AddError("task-definition-revision", revision, "is not a revision number; use a whole number from 1, for example 42");
        }
        else if (familyInput.Contains(':', StringComparison.Ordinal))
        {
            reader.AddError($"Inputs 'task-definition-family' value '{familyInput}' and 'task-definition-revision' value '{revision}' both give a revision; give it in one of them.");
        }
        else
        {
            return $"{familyInput}:{number}";
        }

        return family;
    }

    /// <summary>The words of `operation` a workflow written before `command` became the container command would still pass as `command`.</summary>
    private static readonly string[] OperationWords = ["deploy", "rollback", "stop", "continue", "status"];

    /// <summary>
    /// `command` (as in aws-actions/amazon-ecs-render-task-definition), or the deprecated `container-command`, split into words.
    /// </summary>
    internal static IReadOnlyList<string>? ParseCommand(InputReader reader)
    {
        var input = "command";
        var text = reader.GetString(input);
        if (reader.GetString("container-command") is { } old)
        {
            if (text is not null)
            {
                reader.AddError("Inputs 'command' and 'container-command' both set the container command; keep 'command' ('container-command' is its old, deprecated name).");
                return null;
            }

            reader.Warnings.Add("Input 'container-command' is deprecated; rename it to 'command', which sets the container command as in aws-actions/amazon-ecs-render-task-definition.");
            (input, text) = ("container-command", old);
        }

        if (text is null)
        {
            return null;
        }

        // `command: rollback` used to name the operation; run as a container command it would deploy instead of rolling back.
        if (input == "command" && reader.GetString("operation") is null && OperationWords.Contains(text, StringComparer.OrdinalIgnoreCase))
        {
            reader.AddError("command", text, $"is the container command (as in the render action), no longer the operation; write 'operation: {text.ToLowerInvariant()}' instead, or command: [\"{text}\"] if the container's command really is that word");
            return null;
        }

        var (words, problem) = CommandLine.Split(text);
        if (problem is not null)
        {
            reader.AddError(input, text, problem);
        }

        return words;
    }
}
