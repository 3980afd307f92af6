using System.Text.RegularExpressions;
using EcsDeploy.Operations;

namespace EcsDeploy.Tests.Operations;

/// <summary>Keeps the table of which command takes which input in step with action.yml.</summary>
public sealed partial class CommandInputsActionYmlTests
{
    private static readonly Dictionary<string, string?> ActionInputs = ReadActionInputs();

    [Fact]
    public void Table_EveryActionInput_IsSharedOrClassified()
    {
        var classified = CommandInputs.CheckedInputs.Select(i => i.Name).Concat(CommandInputs.SharedInputs).ToHashSet();

        var unclassified = ActionInputs.Keys.Where(name => !classified.Contains(name)).ToArray();

        Assert.True(unclassified.Length == 0, $"action.yml inputs missing from CommandInputs: {string.Join(", ", unclassified)}");
    }

    /// <summary>The list the undeclared-input check uses is exactly what action.yml declares, no more, no less.</summary>
    [Fact]
    public void DeclaredInputs_AreExactlyTheActionYmlInputs()
    {
        Assert.Equal(ActionInputs.Keys.Order(StringComparer.Ordinal), CommandInputs.DeclaredInputs.Order(StringComparer.Ordinal));
    }

    /// <summary>The runner sets a variable for every input with a default; none of them may count as undeclared.</summary>
    [Fact]
    public void UndeclaredInputs_EveryDeclaredInputAsTheRunnerPassesIt_IsAccepted()
    {
        var environment = ActionInputs.Keys.ToDictionary(name => "INPUT_" + name.ToUpperInvariant(), _ => "x", StringComparer.Ordinal);
        environment["GITHUB_WORKSPACE"] = "/github/workspace";

        Assert.Empty(EcsDeploy.Runtime.UndeclaredInputs.Find(environment, CommandInputs.DeclaredInputs));
    }

    [Fact]
    public void Table_Defaults_MatchActionYml()
    {
        foreach (var (name, expected) in CommandInputs.CheckedInputs.Where(i => ActionInputs.ContainsKey(i.Name)))
        {
            Assert.True(ActionInputs[name] == expected, $"Input '{name}': action.yml default '{ActionInputs[name]}', CommandInputs default '{expected}'.");
        }
    }

    // Top-level keys under "inputs:" and their "default:" lines; action.yml is plain enough for this.
    private static Dictionary<string, string?> ReadActionInputs()
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "action.yml")).ReplaceLineEndings("\n");
        var inputs = text[(text.IndexOf("\ninputs:\n", StringComparison.Ordinal) + 9)..];
        var end = inputs.IndexOf("\noutputs:", StringComparison.Ordinal);
        inputs = end < 0 ? inputs : inputs[..end];
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        string? current = null;
        foreach (var line in inputs.Split('\n'))
        {
            if (InputLine().Match(line) is { Success: true } input)
            {
                current = input.Groups[1].Value;
                result[current] = null;
            }
            else if (current is not null && DefaultLine().Match(line) is { Success: true } value)
            {
                result[current] = value.Groups[1].Value.Trim().Trim('"', '\'');
            }
        }

        return result;
    }

    [GeneratedRegex(@"^  ([A-Za-z0-9-]+):\s*$")]
    private static partial Regex InputLine();

    [GeneratedRegex(@"^    default:\s*(.*)$")]
    private static partial Regex DefaultLine();
}
