namespace EcsDeploy.CodeDeploy;

/// <summary>A lifecycle hook of a generated AppSpec: the event and the Lambda function (name or ARN) it calls.</summary>
public sealed record AppSpecHook(string Event, string Function)
{
    /// <summary>The hook events an Amazon ECS AppSpec accepts, in the order they run.</summary>
    public static readonly IReadOnlyList<string> EcsEvents =
        ["BeforeInstall", "AfterInstall", "AfterAllowTestTraffic", "BeforeAllowTraffic", "AfterAllowTraffic"];

    /// <summary>Parses `Event=function` lines; returns the hooks and one problem line per bad line.</summary>
    public static (IReadOnlyList<AppSpecHook> Hooks, IReadOnlyList<string> Problems) ParseLines(string input, IReadOnlyList<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var hooks = new List<AppSpecHook>();
        var problems = new List<string>();
        foreach (var line in lines)
        {
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? "" : line[..equals].Trim();
            var function = equals < 0 ? "" : line[(equals + 1)..].Trim();
            var known = EcsEvents.FirstOrDefault(e => string.Equals(e, name, StringComparison.OrdinalIgnoreCase));
            if (equals < 0 || function.Length == 0 || function.Any(char.IsWhiteSpace))
            {
                problems.Add($"Input '{input}' value '{line}' is not of the form Event=function-arn; write one hook per line, for example AfterAllowTestTraffic=arn:aws:lambda:us-east-1:111122223333:function:smoke-test.");
            }
            else if (known is null)
            {
                problems.Add($"Input '{input}' value '{line}' names an unknown hook event '{name}'; use one of {string.Join(", ", EcsEvents)}.");
            }
            else if (hooks.Any(h => h.Event == known))
            {
                problems.Add($"Input '{input}' value '{line}' repeats the hook event {known}; give each event once.");
            }
            else
            {
                hooks.Add(new AppSpecHook(known, function));
            }
        }

        hooks.Sort((a, b) => IndexOf(a.Event).CompareTo(IndexOf(b.Event)));
        return (hooks, problems);
    }

    private static int IndexOf(string name)
    {
        for (var i = 0; i < EcsEvents.Count; i++)
        {
            if (EcsEvents[i] == name)
            {
                return i;
            }
        }

        return -1;
    }
}
