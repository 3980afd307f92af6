using EcsDeploy.Sandbox.Hosting;
using EcsDeploy.Sandbox.Scenario;
using Microsoft.Extensions.Time.Testing;

namespace EcsDeploy.Sandbox.Tests.Support;

/// <summary>Starts an in-process sandbox on 127.0.0.1:0 with a virtual clock, from a scenario text or an example file.</summary>
public static class TestSandbox
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    /// <summary>Path of a file copied from the repository's examples/ folder.</summary>
    public static string Example(string relative) => Path.Combine(AppContext.BaseDirectory, "examples", relative);

    public static Task<SandboxServer> StartExampleAsync(string relative, FakeTimeProvider? time = null, int? seed = null) =>
        SandboxServer.StartAsync(new SandboxOptions
        {
            Scenario = SandboxScenario.Load(Example(relative)),
            TimeProvider = time ?? new FakeTimeProvider(Start),
            Seed = seed,
        });

    public static Task<SandboxServer> StartAsync(string scenarioYaml, FakeTimeProvider? time = null, int? seed = null) =>
        SandboxServer.StartAsync(new SandboxOptions
        {
            Scenario = SandboxScenario.Parse(scenarioYaml, Example("sandbox")),
            TimeProvider = time ?? new FakeTimeProvider(Start),
            Seed = seed,
        });
}
