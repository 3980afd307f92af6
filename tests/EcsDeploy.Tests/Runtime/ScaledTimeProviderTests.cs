using EcsDeploy.Runtime;
using Microsoft.Extensions.Time.Testing;

namespace EcsDeploy.Tests.Runtime;

public sealed class ScaledTimeProviderTests
{
    private static readonly DateTimeOffset Real = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Simulated = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

    private static Dictionary<string, string> Environment(params (string Name, string Value)[] values) =>
        values.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);

    [Fact]
    public void FromEnvironment_Anchored_ReadsTheSandboxClockAndRunsScaleTimesFaster()
    {
        var inner = new FakeTimeProvider(Real);
        var clock = ScaledTimeProvider.FromEnvironment(
            Environment(("AWS_ENDPOINT_URL", "http://127.0.0.1:4566"), ("ECS_DEPLOY_TIME_SCALE", "20"), ("ECS_DEPLOY_TIME_ANCHOR", $"{Real.ToUnixTimeMilliseconds()}:{Simulated.ToUnixTimeMilliseconds()}")),
            inner)!;

        inner.Advance(TimeSpan.FromSeconds(3));

        Assert.Equal(Simulated.AddSeconds(60), clock.GetUtcNow());
    }

    [Fact]
    public async Task Delay_TwentySimulatedSeconds_OneRealSecondAtScaleTwenty()
    {
        var inner = new FakeTimeProvider(Real);
        var clock = new ScaledTimeProvider(inner, 20);
        var delay = Task.Delay(TimeSpan.FromSeconds(20), clock);

        inner.Advance(TimeSpan.FromMilliseconds(900));
        Assert.False(delay.IsCompleted);
        inner.Advance(TimeSpan.FromMilliseconds(100));
        await delay;

        Assert.Equal(Real.AddSeconds(20), clock.GetUtcNow());
    }

    [Theory]
    [InlineData("", "20")]
    [InlineData("http://127.0.0.1:4566", "fast")]
    [InlineData("http://127.0.0.1:4566", "0")]
    public void FromEnvironment_NoEndpointOrBadScale_TheRealClock(string endpoint, string scale)
    {
        Assert.Null(ScaledTimeProvider.FromEnvironment(Environment(("AWS_ENDPOINT_URL", endpoint), ("ECS_DEPLOY_TIME_SCALE", scale)), TimeProvider.System));
        Assert.Null(ScaledTimeProvider.FromEnvironment(Environment(("ECS_DEPLOY_TIME_SCALE", "20")), TimeProvider.System));
    }
}
