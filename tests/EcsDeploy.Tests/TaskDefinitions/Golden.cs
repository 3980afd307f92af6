using System.Runtime.CompilerServices;

namespace EcsDeploy.Tests.TaskDefinitions;

/// <summary>Golden files under Golden/TaskDefinitions: fixtures to read and expected outputs to compare.</summary>
internal static class Golden
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Golden", "TaskDefinitions");

    public static string PathOf(string name) => Path.Combine(Directory, name);

    public static string Read(string name) => File.ReadAllText(PathOf(name)).ReplaceLineEndings("\n");

    public static void AssertMatches(string name, string actual, [CallerFilePath] string callerFile = "") =>
        Support.GoldenFiles.AssertMatches("TaskDefinitions", name, actual, callerFile);
}
