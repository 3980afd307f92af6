using System.Globalization;

namespace EcsDeploy.Runtime;

/// <summary>Reads workflow inputs from INPUT_* variables and collects every problem, so that all are reported at once.</summary>
public sealed class InputReader(IReadOnlyDictionary<string, string> environment)
{
    private readonly List<string> _errors = [];

    /// <summary>Every problem found so far, one line each, naming the input and quoting the value.</summary>
    public IReadOnlyList<string> Errors => _errors;

    /// <summary>Lines to print as warnings once the inputs are valid (a deprecated input, for example).</summary>
    public List<string> Warnings { get; } = [];

    /// <summary>Lines to print as notices once the inputs are valid (a value that was adjusted, for example).</summary>
    public List<string> Notices { get; } = [];

    /// <summary>The runner's variable for an input: upper-cased, spaces replaced by underscores, hyphens kept.</summary>
    public static string VariableName(string input) =>
        "INPUT_" + input.Replace(' ', '_').ToUpperInvariant();

    /// <summary>The trimmed value, or null when the input is unset or blank.</summary>
    public string? GetString(string name)
    {
        if (!environment.TryGetValue(VariableName(name), out var raw))
        {
            return null;
        }

        var value = raw.Trim();
        return value.Length == 0 ? null : value;
    }

    public string GetString(string name, string defaultValue) => GetString(name) ?? defaultValue;

    /// <summary>The value; records an error when it is missing.</summary>
    public string GetRequired(string name)
    {
        var value = GetString(name);
        if (value is null)
        {
            _errors.Add($"Input '{name}' is required but was not given.");
            return "";
        }

        return value;
    }

    /// <summary>A YAML 1.2 core schema boolean: true/True/TRUE/false/False/FALSE.</summary>
    public bool GetBoolean(string name, bool defaultValue)
    {
        var value = GetString(name);
        switch (value)
        {
            case null: return defaultValue;
            case "true" or "True" or "TRUE": return true;
            case "false" or "False" or "FALSE": return false;
            default:
                AddError(name, value, "is not a boolean; use true or false");
                return defaultValue;
        }
    }

    /// <summary>A whole number within [min, max].</summary>
    public int GetInteger(string name, int defaultValue, int min, int max)
    {
        var value = GetString(name);
        if (value is null)
        {
            return defaultValue;
        }

        if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
        {
            AddError(name, value, "is not a whole number");
            return defaultValue;
        }

        if (number < min || number > max)
        {
            AddError(name, value, $"is out of range; use a number from {min} to {max}");
            return defaultValue;
        }

        return number;
    }

    /// <summary>A decimal number within [min, max] (invariant culture, '.' as the decimal point).</summary>
    public double GetDouble(string name, double defaultValue, double min, double max)
    {
        var value = GetString(name);
        if (value is null)
        {
            return defaultValue;
        }

        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ||
            !double.IsFinite(number))
        {
            AddError(name, value, "is not a number");
            return defaultValue;
        }

        if (number < min || number > max)
        {
            AddError(name, value,
                string.Create(CultureInfo.InvariantCulture, $"is out of range; use a number from {min} to {max}"));
            return defaultValue;
        }

        return number;
    }

    /// <summary>One of the allowed words (case-insensitive), returned as written in <paramref name="allowed"/>.</summary>
    public string GetChoice(string name, string defaultValue, params string[] allowed)
    {
        var value = GetString(name);
        if (value is null)
        {
            return defaultValue;
        }

        foreach (var candidate in allowed)
        {
            if (string.Equals(candidate, value, StringComparison.OrdinalIgnoreCase))
            {
                return candidate;
            }
        }

        AddError(name, value, "is not one of " + string.Join(", ", allowed));
        return defaultValue;
    }

    /// <summary>Non-blank lines, trimmed; lines starting with # are comments.</summary>
    public IReadOnlyList<string> GetLines(string name)
    {
        var value = GetString(name);
        if (value is null)
        {
            return [];
        }

        return value.Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .ToArray();
    }

    /// <summary>
    /// KEY=VALUE lines (blank lines and # comments skipped), split at the first '=' so values may contain '='.
    /// Keys and values are trimmed; a line without '=', with an empty key, or repeating a key is an error
    /// naming the input and the line number.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> GetKeyValueLines(string name)
    {
        // The untrimmed value, so that line numbers match what the user wrote.
        if (!environment.TryGetValue(VariableName(name), out var value) || string.IsNullOrWhiteSpace(value))
        {
            return [];
        }

        var pairs = new List<KeyValuePair<string, string>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var lines = value.ReplaceLineEndings("\n").Split('\n');
        for (var index = 0; index < lines.Length; index++)
        {
            var line = lines[index].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var lineNumber = index + 1;
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            var key = equals < 0 ? "" : line[..equals].Trim();
            if (equals < 0 || key.Length == 0)
            {
                _errors.Add($"Input '{name}' line {lineNumber} '{Shorten(line)}' is not KEY=VALUE; write one KEY=VALUE per line.");
                continue;
            }

            if (!seen.Add(key))
            {
                _errors.Add($"Input '{name}' line {lineNumber} repeats the key '{Shorten(key)}'; give each key once.");
                continue;
            }

            pairs.Add(new(key, line[(equals + 1)..].Trim()));
        }

        return pairs;
    }

    /// <summary>Records a problem with an input's value: "Input 'name' value 'x' problem."</summary>
    public void AddError(string name, string value, string problem) =>
        _errors.Add($"Input '{name}' value '{Shorten(value)}' {problem}.");

    /// <summary>Records a problem that is not about one value (for example two inputs that exclude each other).</summary>
    public void AddError(string message) => _errors.Add(message);

    private static string Shorten(string value)
    {
        var oneLine = value.ReplaceLineEndings("\\n");
        return oneLine.Length <= 120 ? oneLine : string.Concat(oneLine.AsSpan(0, 117), "...");
    }
}
