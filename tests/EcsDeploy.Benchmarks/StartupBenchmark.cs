using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace EcsDeploy.Benchmarks;

/// <summary>Process start to the first AWS request: a loopback listener stands in for AWS and notes when the first request bytes arrive.</summary>
internal static class StartupBenchmark
{
    /// <summary>Times <paramref name="runs"/> starts after one untimed warm-up (which fills the disk cache); milliseconds, sorted.</summary>
    public static async Task<IReadOnlyList<double>> MeasureAsync(ActionCommand command, string repoRoot, int runs)
    {
        await MeasureOnceAsync(command, repoRoot);
        var times = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            times.Add(await MeasureOnceAsync(command, repoRoot));
        }

        times.Sort();
        return times;
    }

    private static async Task<double> MeasureOnceAsync(ActionCommand command, string repoRoot)
    {
        // A fresh listener per run, so no connection left over from the previous process is taken for this one's.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var work = Directory.CreateTempSubdirectory("ecs-deploy-bench-");
        try
        {
            var endpoint = $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
            var environment = ActionInputs.For(endpoint, repoRoot, work.FullName, pollIntervalSeconds: 1);
            var started = Stopwatch.GetTimestamp();
            using var action = RunningAction.Start(command, environment, work.FullName);
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                var accept = listener.AcceptTcpClientAsync(timeout.Token).AsTask();
                if (await Task.WhenAny(accept, action.ExitedAsync(timeout.Token)) != accept)
                {
                    throw new BenchmarkException($"{command.Label} exited before its first AWS request; output: {action.LastLine()}");
                }

                using var client = await accept;
                var buffer = new byte[1];
                var read = await client.GetStream().ReadAsync(buffer, timeout.Token);
                var elapsed = Stopwatch.GetElapsedTime(started);
                return read > 0
                    ? elapsed.TotalMilliseconds
                    : throw new BenchmarkException($"{command.Label} connected but sent no request; output: {action.LastLine()}");
            }
            catch (OperationCanceledException)
            {
                throw new BenchmarkException($"{command.Label} made no AWS request within 20 s; output: {action.LastLine()}");
            }
            finally
            {
                action.Kill();
            }
        }
        finally
        {
            listener.Stop();
            listener.Dispose();
            work.Delete(recursive: true);
        }
    }
}
