using System.Runtime.CompilerServices;

namespace EcsDeploy.Tests.Support;

/// <summary>
/// Compares text with Golden/{folder}/{name} (copied to the test output). To rewrite the files after an intended
/// change, create Golden/{folder}/UPDATE_GOLDEN in the source tree and run the tests once; a missing file is
/// written next to the sources and the test fails until it is reviewed.
/// </summary>
internal static class GoldenFiles
{
    public static void AssertMatches(string folder, string name, string actual, [CallerFilePath] string callerPath = "")
    {
        actual = actual.ReplaceLineEndings("\n");
        var sourceDirectory = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(callerPath)!, "..", "Golden", folder));
        var sourcePath = Path.Combine(sourceDirectory, name);
        if (File.Exists(Path.Combine(sourceDirectory, "UPDATE_GOLDEN")))
        {
            File.WriteAllText(sourcePath, actual);
            return;
        }

        var expectedPath = Path.Combine(AppContext.BaseDirectory, "Golden", folder, name);
        if (!File.Exists(expectedPath))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(sourcePath)!);
            File.WriteAllText(sourcePath, actual);
            Assert.Fail($"Golden file {folder}/{name} did not exist; it was written to {sourcePath}. Review it and run again.");
        }

        Assert.Equal(File.ReadAllText(expectedPath).ReplaceLineEndings("\n"), actual);
    }
}
