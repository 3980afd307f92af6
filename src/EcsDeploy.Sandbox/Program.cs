using System.Globalization;
using EcsDeploy.Sandbox.Hosting;
using EcsDeploy.Sandbox.Scenario;

namespace EcsDeploy.Sandbox;

internal static class Program
{
    private const string Usage = "usage: ecs-sandbox [--port N] [--scenario FILE] [--time-scale X] [--seed N]";

    public static async Task<int> Main(string[] args)
    {
        SandboxOptions options;
        try
        {
            options = ParseArguments(args);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or IOException or YamlDotNet.Core.YamlException)
        {
            await Console.Error.WriteLineAsync($"ecs-sandbox: {e.Message}{Environment.NewLine}{Usage}").ConfigureAwait(false);
            return 2;
        }

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        await using var sandbox = await SandboxServer.StartAsync(options, stop.Token).ConfigureAwait(false);
        // Tools wait for exactly this line before sending requests.
        Console.WriteLine($"sandbox listening on {sandbox.BaseUrl}");
        await Console.Out.FlushAsync(stop.Token).ConfigureAwait(false);
        await sandbox.WaitForShutdownAsync(stop.Token).ConfigureAwait(false);
        return 0;
    }

    private static SandboxOptions ParseArguments(string[] args)
    {
        int port = 0;
        int? seed = null;
        double? scale = null;
        SandboxScenario? scenario = null;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new FormatException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--port":
                    port = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "--scenario":
                    scenario = SandboxScenario.Load(value);
                    break;
                case "--time-scale":
                    scale = double.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "--seed":
                    seed = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
                default:
                    throw new FormatException($"Unknown option {args[i]}.");
            }

            i++;
        }

        return new SandboxOptions { Port = port, Scenario = scenario, TimeScale = scale, Seed = seed };
    }
}
