using System.Globalization;
using System.Reflection;

namespace EcsDeploy.Benchmarks;

/// <summary>Command-line options: where the action binaries are and how many startup runs to time.</summary>
internal sealed record BenchmarkOptions(string RepoRoot, string? PublishDir, string FrameworkDependentDll, int Runs)
{
    public const string Usage =
        "usage: ecs-deploy-benchmarks [--publish-dir DIR] [--dll PATH/ecs-deploy.dll] [--runs N] [--repo DIR]";

    /// <summary>Parses the arguments; throws <see cref="BenchmarkException"/> with a one-line reason when they are wrong.</summary>
    public static BenchmarkOptions Parse(IReadOnlyList<string> args, string currentDirectory)
    {
        string? publishDir = null, dll = null, repo = null;
        var runs = 10;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is "-h" or "--help")
            {
                throw new BenchmarkException(Usage);
            }

            var value = i + 1 < args.Count ? args[++i] : throw new BenchmarkException($"{name} needs a value; {Usage}");
            switch (name)
            {
                case "--publish-dir":
                    publishDir = Path.GetFullPath(value, currentDirectory);
                    break;
                case "--dll":
                    dll = Path.GetFullPath(value, currentDirectory);
                    break;
                case "--repo":
                    repo = Path.GetFullPath(value, currentDirectory);
                    break;
                case "--runs":
                    runs = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 100
                        ? n
                        : throw new BenchmarkException($"--runs is '{value}'; give a whole number from 1 to 100");
                    break;
                default:
                    throw new BenchmarkException($"unknown option '{name}'; {Usage}");
            }
        }

        repo ??= FindRepoRoot(currentDirectory) ?? FindRepoRoot(AppContext.BaseDirectory)
            ?? throw new BenchmarkException("cannot find the repository (no Action.sln above the current directory); pass --repo DIR");
        // The framework-dependent build of the same configuration as this program (the project reference builds it).
        var configuration = typeof(BenchmarkOptions).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        dll ??= Path.Combine(repo, "src", "EcsDeploy", "bin", configuration, "net10.0", "ecs-deploy.dll");
        return new BenchmarkOptions(repo, publishDir, dll, runs);
    }

    private static string? FindRepoRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Action.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}

/// <summary>Something the benchmark could not run; its message is the one-line reason printed before exiting non-zero.</summary>
internal sealed class BenchmarkException(string message) : Exception(message);
