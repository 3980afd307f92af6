using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace EcsDeploy.Benchmarks;

/// <summary>A started action process: its output is collected and its peak resident memory sampled until it exits.</summary>
internal sealed class RunningAction : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Task<long> _peakRss;

    private RunningAction(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        _peakRss = Task.Run(SamplePeakRssAsync);
    }

    public static RunningAction Start(ActionCommand command, IReadOnlyDictionary<string, string> environment, string workingDirectory) =>
        new(command.Start(environment, workingDirectory));

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Waits for the exit; returns the exit code and VmHWM in bytes (0 when /proc could not be read).</summary>
    public async Task<(int ExitCode, long PeakRssBytes)> WaitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new BenchmarkException($"the action did not finish within {timeout.TotalSeconds:0} s; last output: {LastLine()}");
        }

        return (_process.ExitCode, await _peakRss);
    }

    /// <summary>Completes when the process exits.</summary>
    public Task ExitedAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.WaitForExit();
    }

    public string LastLine() =>
        Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "(none)";

    public void Dispose() => _process.Dispose();

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    // VmHWM is the kernel's own high-water mark, so sampling often enough to see the last value before exit is enough.
    private async Task<long> SamplePeakRssAsync()
    {
        var path = $"/proc/{_process.Id}/status";
        long peak = 0;
        while (!_process.HasExited)
        {
            try
            {
                foreach (var line in await File.ReadAllLinesAsync(path))
                {
                    if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    {
                        var kb = long.Parse(line["VmHWM:".Length..].Replace("kB", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture);
                        peak = Math.Max(peak, kb * 1024);
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                break; // the process is gone
            }

            await Task.Delay(10);
        }

        return peak;
    }
}
