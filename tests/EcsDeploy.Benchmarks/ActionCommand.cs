using System.Diagnostics;

namespace EcsDeploy.Benchmarks;

/// <summary>How to start the action: the native (AOT) executable of a publish folder.</summary>
internal sealed record ActionCommand(string Label, string FileName, IReadOnlyList<string> Arguments)
{
    public static ActionCommand Published(string publishDir)
    {
        var exe = Path.Combine(publishDir, "ecs-deploy");
        return File.Exists(exe)
            ? new ActionCommand("native executable (ecs-deploy)", exe, [])
            : throw new BenchmarkException($"no executable {exe}; run 'bash .ci/publish amd64 {publishDir}' or pass --publish-dir to a publish folder");
    }

    /// <summary>Starts the action with only the given environment (plus what the dotnet host needs to be found).</summary>
    public Process Start(IReadOnlyDictionary<string, string> environment, string workingDirectory)
    {
        var info = new ProcessStartInfo(FileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // Like a container step: a clean environment, so nothing from this shell changes what the action does.
        var keep = new[] { "PATH", "HOME", "DOTNET_ROOT" }
            .Where(info.Environment.ContainsKey)
            .ToDictionary(k => k, k => info.Environment[k] ?? "", StringComparer.Ordinal);
        info.Environment.Clear();
        foreach (var (key, value) in keep.Concat(environment))
        {
            info.Environment[key] = value;
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return Process.Start(info) ?? throw new BenchmarkException($"could not start {FileName}");
    }
}
