using System.Runtime.CompilerServices;

namespace EcsDeploy.Tests.Operations;

/// <summary>Compares text with a file under Golden/Operations; create Golden/Operations/UPDATE_GOLDEN in the source tree to rewrite them instead.</summary>
internal static class OperationGolden
{
    public static void AssertMatches(string name, string actual, [CallerFilePath] string callerPath = "")
    {
        actual = actual.ReplaceLineEndings("\n");
        var sourceDirectory = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(callerPath)!, "..", "Golden", "Operations"));
        if (File.Exists(Path.Combine(sourceDirectory, "UPDATE_GOLDEN")))
        {
            File.WriteAllText(Path.Combine(sourceDirectory, name), actual);
            return;
        }

        var path = Path.Combine(AppContext.BaseDirectory, "Golden", "Operations", name);
        Assert.True(File.Exists(path), $"Golden file {name} is missing; create Golden/Operations/UPDATE_GOLDEN in the test project and run the tests once.");
        Assert.Equal(File.ReadAllText(path).ReplaceLineEndings("\n"), actual);
    }
}
