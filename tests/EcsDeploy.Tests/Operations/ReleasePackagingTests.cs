using System.Diagnostics;
using EcsDeploy.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace EcsDeploy.Tests.Operations;

/// <summary>The release workflow's rewrite of action.yml, run as written on a copy: the action then pulls the prebuilt image.</summary>
public sealed class ReleasePackagingTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task ReleaseWorkflow_RewritesActionYml_ToThePrebuiltImageAndKeepsTheImageInput()
    {
        var root = RepositoryRoot();
        var release = File.ReadAllText(Path.Combine(root, ".github", "workflows", "release.yml"));
        var lines = release.Split('\n').Select(l => l.Trim()).ToList();
        var sed = Assert.Single(lines, l => l.StartsWith("sed -i ", StringComparison.Ordinal) && l.EndsWith(" action.yml", StringComparison.Ordinal));
        var check = Assert.Single(lines, l => l.StartsWith("grep -q ", StringComparison.Ordinal) && l.EndsWith(" action.yml", StringComparison.Ordinal));
        File.Copy(Path.Combine(root, "action.yml"), _directory.File("action.yml"));

        var exit = await BashAsync($"{sed} && {check}", ("IMAGE", "docker://ghcr.io/owner/repo:1.2.3"));

        Assert.Equal(0, exit);
        var action = new YamlStream();
        action.Load(new StringReader(File.ReadAllText(_directory.File("action.yml"))));
        var map = (YamlMappingNode)action.Documents[0].RootNode;
        var runs = (YamlMappingNode)map.Children[new YamlScalarNode("runs")];
        Assert.Equal("docker://ghcr.io/owner/repo:1.2.3", ((YamlScalarNode)runs.Children[new YamlScalarNode("image")]).Value);
        var inputs = (YamlMappingNode)map.Children[new YamlScalarNode("inputs")];
        Assert.IsType<YamlMappingNode>(inputs.Children[new YamlScalarNode("image")]);
    }

    private async Task<int> BashAsync(string script, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo("bash", ["-euo", "pipefail", "-c", script]) { WorkingDirectory = _directory.Path };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        await process.WaitForExitAsync();
        return process.ExitCode;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Action.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Action.sln not found above the test output.");
    }
}
