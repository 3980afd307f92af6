using System.Collections;
using System.Runtime.InteropServices;
using EcsDeploy.Aws;
using EcsDeploy.Runtime;

namespace EcsDeploy;

/// <summary>The process edge: environment, console and signals are read here and nowhere else.</summary>
internal static class Program
{
    public static async Task<int> Main()
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            environment[(string)entry.Key] = (string?)entry.Value ?? "";
        }

        // The runner sends SIGINT, then SIGTERM, when a run is cancelled: turn both into a token and keep the
        // process alive so the deployment can be stopped with rollback.
        using var cancellation = new CancellationTokenSource();
        void Cancel(PosixSignalContext context)
        {
            context.Cancel = true;
            cancellation.Cancel();
        }

        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);

        // Against the local sandbox the clock may run at the sandbox's time scale (the benchmarks do this).
        var time = (TimeProvider?)ScaledTimeProvider.FromEnvironment(environment, TimeProvider.System) ?? TimeProvider.System;
        var host = new ActionHost(environment, Console.Out, time, settings =>
        {
            var sdk = AwsSdkSettings.Read(environment);
            var apis = AwsClients.Create(new AwsClientOptions
            {
                Region = settings.Region,
                Credentials = AwsCredentialChain.Resolve(settings.Region, sdk),
                Environment = environment,
                MaxAttempts = settings.MaxAttempts,
                Sdk = sdk,
                OnNotice = settings.OnNotice,
            });
            return new ActionApis(apis.Ecs, apis.CodeDeploy, apis.Ecr, apis) { EcsDeployments = apis.EcsDeployments };
        })
        {
            FallbackRegion = SdkRegion,
        };
        var exitCode = await ActionRunner.RunAsync(host, cancellation.Token).ConfigureAwait(false);
        await Console.Out.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        return exitCode;
    }

    // The SDK's chain reads profiles and instance metadata; asked only when no input or variable names a region.
    private static string? SdkRegion()
    {
        try
        {
            return Amazon.Runtime.FallbackRegionFactory.GetRegionEndpoint()?.SystemName;
        }
        catch (Amazon.Runtime.AmazonClientException)
        {
            return null;
        }
    }
}
