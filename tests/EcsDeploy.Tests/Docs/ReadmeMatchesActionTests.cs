using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace EcsDeploy.Tests.Docs;

/// <summary>The README's inputs and outputs tables say exactly what action.yml declares.</summary>
public sealed partial class ReadmeMatchesActionTests
{
    private static readonly string Root = AppContext.BaseDirectory;

    [Fact]
    public void InputsTable_MatchesActionYml_NamesAndDefaults()
    {
        var declared = ReadActionSection("inputs");
        var documented = ReadReadmeTable("Inputs");

        Assert.Equal(declared.Keys.Order(StringComparer.Ordinal), documented.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, yamlDefault) in declared)
        {
            var readmeDefault = documented[name];
            Assert.True(
                string.Equals(NormaliseDefault(yamlDefault), NormaliseDefault(readmeDefault), StringComparison.Ordinal),
                $"Input '{name}': action.yml default '{yamlDefault}', README default '{readmeDefault}'.");
        }
    }

    [Fact]
    public void OutputsTable_MatchesActionYml_Names()
    {
        var declared = ReadActionSection("outputs");
        var documented = ReadReadmeTable("Outputs");
        Assert.Equal(declared.Keys.Order(StringComparer.Ordinal), documented.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ActionYml_EveryInputHasDescription()
    {
        var yaml = LoadActionYml();
        var inputs = (YamlMappingNode)yaml.Children[new YamlScalarNode("inputs")];
        foreach (var (key, value) in inputs.Children)
        {
            var map = (YamlMappingNode)value;
            Assert.True(map.Children.ContainsKey(new YamlScalarNode("description")), $"Input '{key}' has no description.");
        }
    }

    private static YamlMappingNode LoadActionYml()
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(Path.Combine(Root, "action.yml"));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    /// <summary>Name to default ("" when none) for inputs or outputs.</summary>
    private static Dictionary<string, string> ReadActionSection(string section)
    {
        var node = (YamlMappingNode)LoadActionYml().Children[new YamlScalarNode(section)];
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in node.Children)
        {
            var map = (YamlMappingNode)value;
            map.Children.TryGetValue(new YamlScalarNode("default"), out var defaultNode);
            result[((YamlScalarNode)key).Value!] = (defaultNode as YamlScalarNode)?.Value ?? "";
        }

        return result;
    }

    /// <summary>Rows of the tables in the section "## {title}" (up to the next "## "): first cell the `name`, second the default.</summary>
    private static Dictionary<string, string> ReadReadmeTable(string title)
    {
        var lines = File.ReadAllLines(Path.Combine(Root, "README.md"));
        var start = Array.FindIndex(lines, l => l.Trim() == "## " + title);
        Assert.True(start >= 0, $"README has no '## {title}' section.");
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = start + 1; i < lines.Length && !lines[i].StartsWith("## ", StringComparison.Ordinal); i++)
        {
            var match = RowPattern().Match(lines[i]);
            if (match.Success)
            {
                Assert.False(result.ContainsKey(match.Groups["name"].Value), $"README lists '{match.Groups["name"].Value}' twice.");
                result[match.Groups["name"].Value] = match.Groups["default"].Value.Trim();
            }
        }

        Assert.NotEmpty(result);
        return result;
    }

    private static string NormaliseDefault(string value)
    {
        var v = value.Trim();
        if (v.StartsWith('`') && v.EndsWith('`') && v.Length >= 2)
        {
            v = v[1..^1];
        }

        return v is "" or "—" or "-" ? "" : v;
    }

    [GeneratedRegex(@"^\|\s*`(?<name>[A-Za-z0-9-]+)`\s*\|(?<default>[^|]*)\|")]
    private static partial Regex RowPattern();
}
