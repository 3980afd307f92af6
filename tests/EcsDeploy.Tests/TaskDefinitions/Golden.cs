using System.Runtime.CompilerServices;

namespace EcsDeploy.Tests.TaskDefinitions;

/// <summary>Golden files under Golden/TaskDefinitions: fixtures to read and expected outputs to compare.</summary>
internal static class Golden
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Golden", "TaskDefinitions");

    public static string PathOf(string name) => Path.Combine(Directory, name);

    public static string Read(string name) => File.ReadAllText(PathOf(name)).ReplaceLineEndings("\n");

    /// <summary>Compares with the golden file; a missing one is written next to the test sources and the test fails, to be reviewed.</summary>
    public static void AssertMatches(string name, string actual, [CallerFilePath] string callerFile = "")
    {
        var expectedPath = PathOf(name);
        if (!File.Exists(expectedPath))
        {
            var source = Path.Combine(Path.GetDirectoryName(callerFile)!, "..", "Golden", "TaskDefinitions", name);
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(source)!);
            File.WriteAllText(source, actual);
            Assert.Fail($"Golden file {name} did not exist; it was written to {source}. Review it and run again.");
        }

        Assert.Equal(Read(name), actual.ReplaceLineEndings("\n"));
    }
}
