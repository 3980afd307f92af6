using EcsDeploy.Aws.Ecs;

namespace EcsDeploy.RunTask;

/// <summary>What one DescribeTasks poll adds to the log: the lines to print and the statuses seen so far.</summary>
public sealed record TaskStep(IReadOnlyList<string> Lines, IReadOnlyDictionary<string, string> Statuses, bool AllStopped);

/// <summary>The pure step of the one-off task wait: prints a task's status only when it changes, and its containers once it stops.</summary>
public static class TaskProgress
{
    /// <summary>The status lines for <paramref name="observed"/> given the statuses printed before.</summary>
    public static TaskStep Step(IReadOnlyDictionary<string, string> previous, IReadOnlyList<EcsTask> observed, IReadOnlyList<string> taskArns)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentNullException.ThrowIfNull(taskArns);
        var lines = new List<string>();
        var next = new Dictionary<string, string>(previous, StringComparer.Ordinal);
        foreach (var task in observed)
        {
            var status = task.LastStatus ?? "UNKNOWN";
            if (previous.TryGetValue(task.TaskArn, out var before) && before == status)
            {
                continue;
            }

            next[task.TaskArn] = status;
            if (status != "STOPPED")
            {
                lines.Add($"Task {Id(task.TaskArn)}: {status}");
                continue;
            }

            var why = (task.StopCode, task.StoppedReason) switch
            {
                (null, null) => "",
                (null, var reason) => $" ({reason})",
                (var code, null) => $" ({code})",
                var (code, reason) => $" ({code}: {reason})",
            };
            lines.Add($"Task {Id(task.TaskArn)}: STOPPED{why}");
            foreach (var container in task.Containers ?? [])
            {
                lines.Add($"  container {container.Name}: {ExitText(container)}");
            }
        }

        return new TaskStep(lines, next, taskArns.All(arn => next.TryGetValue(arn, out var s) && s == "STOPPED"));
    }

    /// <summary>One line per container of a stopped task that did not exit with 0 (a container with no exit code never ran to the end).</summary>
    public static IReadOnlyList<string> Failures(IReadOnlyList<EcsTask> stopped)
    {
        ArgumentNullException.ThrowIfNull(stopped);
        return
        [
            .. stopped.SelectMany(task => (task.Containers ?? [])
                .Where(c => c.ExitCode != 0)
                .Select(c => $"container '{c.Name}' of task {Id(task.TaskArn)} {FailureText(c, task)}")),
        ];
    }

    /// <summary>The task ID: the last segment of its ARN.</summary>
    public static string Id(string taskArn)
    {
        ArgumentNullException.ThrowIfNull(taskArn);
        return taskArn[(taskArn.LastIndexOf('/') + 1)..];
    }

    private static string FailureText(EcsContainer container, EcsTask task) => (container.ExitCode, container.Reason ?? task.StoppedReason) switch
    {
        (null, null) => "stopped without an exit code",
        (null, var reason) => $"stopped without an exit code: {reason}",
        (var code, null) => $"exited with code {code}",
        var (code, reason) => $"exited with code {code}: {reason}",
    };

    private static string ExitText(EcsContainer container) => (container.ExitCode, container.Reason) switch
    {
        (null, null) => "no exit code",
        (null, var reason) => $"no exit code ({reason})",
        (var code, null) => $"exit code {code}",
        var (code, reason) => $"exit code {code} ({reason})",
    };
}
