using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace EcsDeploy.Benchmarks;

/// <summary>What the action used: peak resident memory (VmHWM) and CPU time (user + system), both sampled until it exits.</summary>
internal sealed record ProcessUse(long PeakRssBytes, double CpuSeconds);

/// <summary>A started action process: its output is collected (each line with the time the line clock gave on its arrival) and its memory and CPU sampled until it exits.</summary>
internal sealed class RunningAction : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly List<(DateTimeOffset At, string Line)> _lines = [];
    private readonly Func<DateTimeOffset>? _lineClock;
    private readonly Task<ProcessUse> _use;

    private RunningAction(Process process, Func<DateTimeOffset>? lineClock)
    {
        _process = process;
        _lineClock = lineClock;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        _use = Task.Run(SampleAsync);
    }

    public static RunningAction Start(ActionCommand command, IReadOnlyDictionary<string, string> environment, string workingDirectory, Func<DateTimeOffset>? lineClock = null) =>
        new(command.Start(environment, workingDirectory), lineClock);

    /// <summary>The output lines with the time each arrived (by the line clock; empty without one).</summary>
    public IReadOnlyList<(DateTimeOffset At, string Line)> Lines
    {
        get
        {
            lock (_output)
            {
                return [.. _lines];
            }
        }
    }

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

    /// <summary>Waits for the exit; returns the exit code and what the process used (zeros when /proc could not be read).</summary>
    public async Task<(int ExitCode, ProcessUse Use)> WaitAsync(TimeSpan timeout)
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

        return (_process.ExitCode, await _use);
    }

    public bool HasExited => _process.HasExited;

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
                if (_lineClock is not null)
                {
                    _lines.Add((_lineClock(), line));
                }
            }
        }
    }

    // VmHWM is the kernel's own high-water mark, and utime + stime only grow, so sampling often enough to see the
    // last values before the exit is enough (CPU in clock ticks of 10 ms; the exit itself is missed).
    private async Task<ProcessUse> SampleAsync()
    {
        long peak = 0;
        double cpu = 0;
        while (!_process.HasExited)
        {
            try
            {
                foreach (var line in await File.ReadAllLinesAsync($"/proc/{_process.Id}/status"))
                {
                    if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    {
                        var kb = long.Parse(line["VmHWM:".Length..].Replace("kB", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture);
                        peak = Math.Max(peak, kb * 1024);
                    }
                }

                // Fields after the command name (which may hold spaces) in /proc/<pid>/stat: utime and stime are the 12th and 13th.
                var stat = await File.ReadAllTextAsync($"/proc/{_process.Id}/stat");
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                cpu = Math.Max(cpu, ticks / 100.0);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
            {
                break; // the process is gone
            }

            await Task.Delay(10);
        }

        return new ProcessUse(peak, cpu);
    }
}
