namespace EcsDeploy.Sandbox.Tests;

public class SmokeTests
{
    [Fact]
    public void Clock_Scale_MultipliesElapsed()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var clock = new State.SandboxClock(time, 60);
        var start = clock.Now;
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(TimeSpan.FromMinutes(2), clock.Now - start);
    }
}
