namespace EcsDeploy.Runtime;

/// <summary>
/// Finds INPUT_* variables that name no declared input. The runner passes every `with:` key on, declared or not, so a
/// misspelt input (task_definition for task-definition) would otherwise be ignored and the step deploy something else.
/// </summary>
public static class UndeclaredInputs
{
    private const string Prefix = "INPUT_";

    /// <summary>One error line per undeclared variable, naming the input and the declared input closest to it.</summary>
    public static IReadOnlyList<string> Find(IReadOnlyDictionary<string, string> environment, IEnumerable<string> declared)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(declared);
        var names = declared.ToArray();
        var variables = names.Select(InputReader.VariableName).ToHashSet(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var variable in environment.Keys.Where(k => k.StartsWith(Prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            if (variables.Contains(variable))
            {
                continue;
            }

            // The runner upper-cases the name, so the lower-case form is the closest to what the workflow says.
            var input = variable[Prefix.Length..].ToLowerInvariant();
            var closest = names.MinBy(name => Distance(input, name.ToLowerInvariant()));
            problems.Add($"Input '{input}' (variable {variable}) is not an input of this action; did you mean '{closest}'? Rename or remove it, so that the step does not silently do something else.");
        }

        return problems;
    }

    /// <summary>Levenshtein distance: the fewest one-character insertions, deletions and substitutions from a to b.</summary>
    internal static int Distance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
