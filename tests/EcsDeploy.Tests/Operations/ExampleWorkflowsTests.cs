using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace EcsDeploy.Tests.Operations;

/// <summary>Every step of the example workflows and README snippets that uses this action passes only inputs action.yml declares.</summary>
public sealed partial class ExampleWorkflowsTests
{
    private static readonly string Root = AppContext.BaseDirectory;

    public static TheoryData<string> Workflows()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(Root, "examples", "workflows"), "*.yml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Workflows))]
    public void Workflow_ActionSteps_UseOnlyDeclaredInputs(string file)
    {
        var steps = ActionSteps(Load(File.ReadAllText(Path.Combine(Root, "examples", "workflows", file))));

        Assert.NotEmpty(steps);
        AssertDeclared(steps, file);
    }

    [Fact]
    public void Readme_YamlSnippets_UseOnlyDeclaredInputs()
    {
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        var steps = YamlBlock().Matches(readme).SelectMany(m => ActionSteps(Load(m.Groups[1].Value))).ToList();

        Assert.True(steps.Count >= 5, $"Only {steps.Count} steps of the action found in the README's YAML blocks.");
        AssertDeclared(steps, "README.md");
    }

    [Fact]
    public void Workflows_EachIsNamedInTheReadme()
    {
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));

        foreach (var file in Directory.GetFiles(Path.Combine(Root, "examples", "workflows"), "*.yml").Select(Path.GetFileName))
        {
            Assert.Contains($"{file}`", readme, StringComparison.Ordinal);
        }
    }

    private static void AssertDeclared(IEnumerable<YamlMappingNode> steps, string where)
    {
        var declared = DeclaredInputs();
        foreach (var step in steps)
        {
            if (step.Children.TryGetValue(new YamlScalarNode("with"), out var with))
            {
                foreach (var key in ((YamlMappingNode)with).Children.Keys.Cast<YamlScalarNode>())
                {
                    // The runner passes input names case-insensitively (INPUT_<NAME> upper-cased).
                    Assert.True(declared.Contains(key.Value!.ToUpperInvariant()), $"{where}: input '{key.Value}' is not declared in action.yml.");
                }
            }
        }
    }

    private static HashSet<string> DeclaredInputs()
    {
        var action = Load(File.ReadAllText(Path.Combine(Root, "action.yml")));
        var inputs = (YamlMappingNode)((YamlMappingNode)action).Children[new YamlScalarNode("inputs")];
        return [.. inputs.Children.Keys.Cast<YamlScalarNode>().Select(k => k.Value!.ToUpperInvariant())];
    }

    private static YamlNode Load(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream.Documents[0].RootNode;
    }

    /// <summary>Every mapping in the document whose 'uses' names this action, at any depth.</summary>
    private static List<YamlMappingNode> ActionSteps(YamlNode node)
    {
        var found = new List<YamlMappingNode>();
        switch (node)
        {
            case YamlMappingNode map:
                if (map.Children.TryGetValue(new YamlScalarNode("uses"), out var uses)
                    && ((YamlScalarNode)uses).Value!.StartsWith("ecs-bluegreen/deploy@", StringComparison.Ordinal))
                {
                    found.Add(map);
                }

                found.AddRange(map.Children.Values.SelectMany(ActionSteps));
                break;
            case YamlSequenceNode sequence:
                found.AddRange(sequence.Children.SelectMany(ActionSteps));
                break;
        }

        return found;
    }

    [GeneratedRegex(@"```yaml\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();
}
