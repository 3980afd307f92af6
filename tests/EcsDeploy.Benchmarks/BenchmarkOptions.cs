using System.Globalization;

namespace EcsDeploy.Benchmarks;

/// <summary>Command-line options: where the published action is, how many starts to time, and the sandbox's time scales.</summary>
internal sealed record BenchmarkOptions(string RepoRoot, string? PublishDir, int Runs, double TimeScale, double ShortTimeScale)
{
    /// <summary>Extra environment for every action run (--env NAME=VALUE), to compare runtime settings such as DOTNET_TieredPGO=0.</summary>
    public IReadOnlyDictionary<string, string> ActionEnvironment { get; init; } = new Dictionary<string, string>();

    /// <summary>Print each transition's delay to standard error (--verbose).</summary>
    public bool Verbose { get; init; }

    /// <summary>Only the deployment shapes named (--only long,wait,short,throttled,ecs-canary,ecs-blue-green,ecs-linear,rollback,ecs-rollback); all when empty.</summary>
    public IReadOnlySet<string> Only { get; init; } = new HashSet<string>();

    /// <summary>The names --only takes.</summary>
    public static readonly IReadOnlyList<string> ShapeNames = ["long", "wait", "short", "throttled", "ecs-canary", "ecs-blue-green", "ecs-linear", "rollback", "ecs-rollback"];

    public const string Usage =
        "usage: ecs-deploy-benchmarks [--publish-dir DIR] [--runs N] [--time-scale X (long deployments, default 20)] [--short-time-scale X (2.5-minute canary, default 2)] [--only long,wait,short,throttled,ecs-canary,ecs-blue-green,ecs-linear,rollback,ecs-rollback] [--env NAME=VALUE]... [--verbose] [--repo DIR]";

    /// <summary>Parses the arguments; throws <see cref="BenchmarkException"/> with a one-line reason when they are wrong.</summary>
    public static BenchmarkOptions Parse(IReadOnlyList<string> args, string currentDirectory)
    {
        string? publishDir = null, repo = null;
        var runs = 10;
        double scale = 20, shortScale = 2;
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        var only = new HashSet<string>(StringComparer.Ordinal);
        var verbose = false;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is "-h" or "--help")
            {
                throw new BenchmarkException(Usage);
            }

            if (name == "--verbose")
            {
                verbose = true;
                continue;
            }

            var value = i + 1 < args.Count ? args[++i] : throw new BenchmarkException($"{name} needs a value; {Usage}");
            switch (name)
            {
                case "--publish-dir":
                    publishDir = Path.GetFullPath(value, currentDirectory);
                    break;
                case "--time-scale":
                    scale = Scale(name, value);
                    break;
                case "--env":
                    var equals = value.IndexOf('=', StringComparison.Ordinal);
                    environment[equals > 0 ? value[..equals] : throw new BenchmarkException($"--env is '{value}'; give NAME=VALUE")] = value[(equals + 1)..];
                    break;
                case "--only":
                    var names = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    only.UnionWith(names.All(ShapeNames.Contains) ? names : throw new BenchmarkException($"--only is '{value}'; give some of {string.Join(",", ShapeNames)}"));
                    break;
                case "--short-time-scale":
                    shortScale = Scale(name, value);
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
        return new BenchmarkOptions(repo, publishDir, runs, scale, shortScale) { ActionEnvironment = environment, Only = only, Verbose = verbose };
    }

    private static double Scale(string name, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && x is >= 1 and <= 120
            ? x
            : throw new BenchmarkException($"{name} is '{value}'; give a number from 1 to 120 (simulated seconds per real second)");

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
