using EcsDeploy.Watching;

namespace EcsDeploy.Tests.Watching;

public sealed class PollScheduleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly PollPace Pace = PollPace.Adapting(TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30));

    [Theory]
    // seconds since the last change, due times (seconds from T0, "" for none), now (seconds from T0) -> delay in seconds
    [InlineData(0, "", 0, 1)]         // right after a change: quick
    [InlineData(6, "", 6, 1)]         // every second for about seven seconds
    [InlineData(10, "", 10, 1.5)]     // then 15 % of the quiet time so far
    [InlineData(60, "", 60, 9)]
    [InlineData(600, "", 600, 15)]    // never slower than the ceiling
    [InlineData(600, "605", 600, 3)]  // wake up when the window before a due time opens (2 s early)
    [InlineData(600, "603", 600, 1)]  // inside the window: quick
    [InlineData(600, "595", 600, 1)]  // just past a due time that has not shown: still quick
    [InlineData(600, "580", 600, 15)] // long past: back to the quiet pace
    [InlineData(600, "700,610", 600, 8)]
    public void Next_ChangesAndDueTimes_QuickAroundThemAndSlowerBetween(int sinceChange, string due, int now, double expected)
    {
        var at = T0.AddSeconds(now);
        var dueTimes = due.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => T0.AddSeconds(int.Parse(s, System.Globalization.CultureInfo.InvariantCulture)));

        var delay = PollSchedule.Next(Pace, at, at.AddSeconds(-sinceChange), dueTimes);

        Assert.Equal(TimeSpan.FromSeconds(expected), delay);
    }

    [Fact]
    public void Next_FixedInterval_AlwaysTheInterval()
    {
        var pace = PollPace.FixedInterval(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30));

        Assert.Equal(TimeSpan.FromSeconds(5), PollSchedule.Next(pace, T0, T0, [T0.AddSeconds(1)]));
        Assert.Equal(TimeSpan.FromSeconds(5), PollSchedule.Next(pace, T0.AddMinutes(10), T0, []));
    }

    [Fact]
    public void Adapting_CeilingUnderOneSecondOrAt_PollsAtTheCeiling()
    {
        Assert.False(PollPace.Adapting(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30)).Adaptive);
        Assert.Equal(TimeSpan.FromSeconds(1), PollSchedule.Next(PollPace.Adapting(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30)), T0.AddHours(1), T0, []));
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 4)]
    [InlineData(8, 16)]
    [InlineData(16, 30)] // capped at wait-max-delay-seconds
    [InlineData(30, 30)]
    public void Backoff_Throttled_DoublesUpToTheLimit(int previous, int expected)
    {
        Assert.Equal(TimeSpan.FromSeconds(expected), PollSchedule.Backoff(Pace, TimeSpan.FromSeconds(previous)));
    }

    [Fact]
    public void Backoff_FixedInterval_AsBefore()
    {
        var pace = PollPace.FixedInterval(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30));

        Assert.Equal(
            [10, 20, 30, 30],
            new[] { 5, 10, 20, 30 }.Select(s => PollSchedule.Backoff(pace, TimeSpan.FromSeconds(s)).TotalSeconds));
    }

    [Fact]
    public void IsNearDue_WindowAroundTheDueTime()
    {
        var due = new[] { T0.AddSeconds(100) };

        Assert.False(PollSchedule.IsNearDue(Pace, T0.AddSeconds(97), due));
        Assert.True(PollSchedule.IsNearDue(Pace, T0.AddSeconds(98), due));
        Assert.True(PollSchedule.IsNearDue(Pace, T0.AddSeconds(109), due));
        Assert.False(PollSchedule.IsNearDue(Pace, T0.AddSeconds(110), due));
    }
}
