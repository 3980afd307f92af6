using System.Text;

namespace EcsDeploy.Runtime;

/// <summary>Step outputs appended to the GITHUB_OUTPUT file in heredoc form; printed to the log when that file is not given (local runs).</summary>
/// <param name="path">The value of GITHUB_OUTPUT, or null.</param>
/// <param name="log">Receives <c>name=value</c> lines when <paramref name="path"/> is null.</param>
/// <param name="newDelimiter">Makes heredoc delimiters; tests may pass a fixed one. Defaults to <c>ghadelimiter_&lt;guid&gt;</c>.</param>
public sealed class GitHubOutputFile(string? path, IJobLog log, Func<string>? newDelimiter = null) : IActionOutputs
{
    private const int MaxDelimiterAttempts = 10;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly Func<string> _newDelimiter = newDelimiter ?? DefaultDelimiter;

    /// <summary>Every output set so far (the last value wins, as on the runner).</summary>
    public IReadOnlyDictionary<string, string> Values
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<string, string>(_values, StringComparer.Ordinal);
            }
        }
    }

    public void Set(string name, string value)
    {
        ValidateName(name);
        ArgumentNullException.ThrowIfNull(value);
        lock (_gate)
        {
            _values[name] = value;
            if (path is null)
            {
                // Outputs are built from AWS data, so print them the safe way.
                log.Untrusted(name + "=" + value);
                return;
            }

            File.AppendAllText(path, Entry(name, value, _newDelimiter), new UTF8Encoding(false));
        }
    }

    /// <summary>
    /// The heredoc entry the runner reads back exactly: <c>name&lt;&lt;D\nvalue\nD\n</c>. The runner ends the
    /// value at the first line equal to D (also when that line ends in CR), so a delimiter found anywhere in
    /// the value is replaced by a new one.
    /// </summary>
    public static string Entry(string name, string value, Func<string> newDelimiter)
    {
        ValidateName(name);
        ArgumentNullException.ThrowIfNull(newDelimiter);
        for (var attempt = 0; attempt < MaxDelimiterAttempts; attempt++)
        {
            var delimiter = newDelimiter();
            if (delimiter.Length > 0 && !value.Contains(delimiter, StringComparison.Ordinal) &&
                !name.Contains(delimiter, StringComparison.Ordinal))
            {
                return $"{name}<<{delimiter}\n{value}\n{delimiter}\n";
            }
        }

        throw new InvalidOperationException(
            $"Could not choose a delimiter for output '{name}' that does not occur in its value.");
    }

    /// <summary>Output names: a letter or '_' first, then letters, digits, '-' or '_' (what the runner and expressions accept).</summary>
    public static bool IsValidName(string name) =>
        !string.IsNullOrEmpty(name) &&
        (char.IsAsciiLetter(name[0]) || name[0] == '_') &&
        name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static void ValidateName(string name)
    {
        if (!IsValidName(name))
        {
            throw new ArgumentException(
                $"Output name '{name}' is not valid; use letters, digits, '-' and '_', starting with a letter or '_'.",
                nameof(name));
        }
    }

    private static string DefaultDelimiter() => "ghadelimiter_" + Guid.NewGuid().ToString("D");
}
