using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace EcsDeploy.Tests.Docs;

/// <summary>The README's "Switching" section speaks of inputs action.yml declares, with the defaults it declares.</summary>
public sealed partial class ReadmeSwitchingTests
{
    private static readonly string Root = AppContext.BaseDirectory;

    [Fact]
    public void Switching_EveryInputOrOutputNamed_IsDeclaredInActionYml()
    {
        var declared = Declared("inputs").Keys.Concat(Declared("outputs").Keys).ToHashSet(StringComparer.Ordinal);
        var named = InputName().Matches(Section()).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal).ToList();

        Assert.True(named.Count >= 10, $"Only {named.Count} inputs named in the Switching section.");
        Assert.All(named, name => Assert.True(declared.Contains(name), $"The Switching section names '{name}', which action.yml does not declare."));
    }

    [Fact]
    public void Switching_StatedDefaults_MatchActionYml()
    {
        var declared = Declared("inputs");
        var stated = StatedDefault().Matches(Section()).ToList();

        Assert.NotEmpty(stated);
        foreach (var match in stated)
        {
            Assert.Equal(declared[match.Groups[1].Value], match.Groups[2].Value);
        }
    }

    private static string Section()
    {
        var readme = File.ReadAllText(Path.Combine(Root, "README.md")).ReplaceLineEndings("\n");
        var start = readme.IndexOf("\n## Switching", StringComparison.Ordinal);
        Assert.True(start >= 0, "README has no Switching section.");
        var end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        return readme[start..end];
    }

    /// <summary>Input or output name to its default ("" when none).</summary>
    private static Dictionary<string, string> Declared(string section)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(Path.Combine(Root, "action.yml"));
        stream.Load(reader);
        var inputs = (YamlMappingNode)((YamlMappingNode)stream.Documents[0].RootNode).Children[new YamlScalarNode(section)];
        return inputs.Children.ToDictionary(
            p => ((YamlScalarNode)p.Key).Value!,
            p => ((YamlMappingNode)p.Value).Children.TryGetValue(new YamlScalarNode("default"), out var d) ? ((YamlScalarNode)d).Value ?? "" : "",
            StringComparer.Ordinal);
    }

    // `name` or `name: value` in backticks, where name is a hyphenated input name (not a path or a value).
    [GeneratedRegex(@"`([a-z]+(?:-[a-z]+)+)(?::[^`]*)?`")]
    private static partial Regex InputName();

    // "`name` defaults to **value**"
    [GeneratedRegex(@"`([a-z-]+)` defaults to \*\*([^*]+)\*\*")]
    private static partial Regex StatedDefault();
}
