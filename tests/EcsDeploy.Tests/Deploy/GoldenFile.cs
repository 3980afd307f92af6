using System.Runtime.CompilerServices;

namespace EcsDeploy.Tests.Deploy;

/// <summary>Compares text with a file under Golden/Deploy; create Golden/Deploy/UPDATE_GOLDEN in the source tree to rewrite them instead.</summary>
internal static class GoldenFile
{
    public static void AssertMatches(string name, string actual, [CallerFilePath] string callerPath = "")
    {
        actual = actual.ReplaceLineEndings("\n");
        var sourceDirectory = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(callerPath)!, "..", "Golden", "Deploy"));
        if (File.Exists(Path.Combine(sourceDirectory, "UPDATE_GOLDEN")))
        {
            File.WriteAllText(Path.Combine(sourceDirectory, name), actual);
            return;
        }

        var path = Path.Combine(AppContext.BaseDirectory, "Golden", "Deploy", name);
        Assert.True(File.Exists(path), $"Golden file {name} is missing; create Golden/Deploy/UPDATE_GOLDEN in the test project and run the tests once.");
        Assert.Equal(File.ReadAllText(path).ReplaceLineEndings("\n"), actual);
    }
}
