using System.Text.Json.Nodes;

namespace EcsDeploy.Sandbox.Scenario;

/// <summary>A parsed scenario document (YAML or JSON) and the folder its relative paths are resolved against.</summary>
public sealed class SandboxScenario
{
    private SandboxScenario(JsonObject document, string baseDirectory)
    {
        Document = document;
        BaseDirectory = baseDirectory;
    }

    public JsonObject Document { get; }

    public string BaseDirectory { get; }

    /// <summary>A world with no resources and no credentials.</summary>
    public static SandboxScenario Empty { get; } = new(new JsonObject(), ".");

    public static SandboxScenario Load(string path)
    {
        var full = Path.GetFullPath(path);
        return Parse(File.ReadAllText(full), Path.GetDirectoryName(full) ?? ".");
    }

    public static SandboxScenario Parse(string text, string? baseDirectory = null)
    {
        var node = YamlJson.Parse(text) ?? new JsonObject();
        if (node is not JsonObject document)
        {
            throw new FormatException("A scenario must be a mapping at the top level.");
        }

        return new SandboxScenario(document, baseDirectory ?? Directory.GetCurrentDirectory());
    }
}
