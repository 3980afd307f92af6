using System.Globalization;
using System.Text.RegularExpressions;

namespace EcsDeploy.CodeDeploy;

/// <summary>How a deployment configuration moves production traffic: all at once, or in steps of <paramref name="Interval"/>.</summary>
/// <param name="Shifts">How many timed shifts follow the first one at the start of AllowTraffic (1 for a canary).</param>
/// <param name="Interval">Time between shifts.</param>
public sealed partial record TrafficRouting(int Shifts, TimeSpan Interval)
{
    /// <summary>
    /// The routing of a built-in ECS configuration, read from its name (CodeDeployDefault.ECSCanary10Percent5Minutes,
    /// CodeDeployDefault.ECSLinear10PercentEvery1Minutes, ...); null for any other name, whose timing the watch does not know.
    /// </summary>
    public static TrafficRouting? OfBuiltIn(string? configName)
    {
        if (configName is null)
        {
            return null;
        }

        if (configName == "CodeDeployDefault.ECSAllAtOnce")
        {
            return new TrafficRouting(0, TimeSpan.Zero);
        }

        var match = BuiltIn().Match(configName);
        if (!match.Success)
        {
            return null;
        }

        var percent = int.Parse(match.Groups["percent"].Value, CultureInfo.InvariantCulture);
        var interval = TimeSpan.FromMinutes(int.Parse(match.Groups["minutes"].Value, CultureInfo.InvariantCulture));
        if (percent is < 1 or > 99 || interval <= TimeSpan.Zero)
        {
            return null;
        }

        // Linear: percent at the start, then one more step every interval until all traffic is on green.
        var shifts = match.Groups["kind"].Value == "Canary" ? 1 : ((100 + percent - 1) / percent) - 1;
        return new TrafficRouting(shifts, interval);
    }

    /// <summary>The routing GetDeploymentConfig describes; null when it gives no usable timing.</summary>
    public static TrafficRouting? Of(Aws.CodeDeploy.TrafficRoutingConfig? config) => config switch
    {
        { Type: "AllAtOnce" } => new TrafficRouting(0, TimeSpan.Zero),
        { Type: "TimeBasedCanary", TimeBasedCanary: { CanaryPercentage: > 0 and < 100, CanaryInterval: > 0 and var minutes } } =>
            new TrafficRouting(1, TimeSpan.FromMinutes(minutes)),
        { Type: "TimeBasedLinear", TimeBasedLinear: { LinearPercentage: > 0 and < 100 and var percent, LinearInterval: > 0 and var minutes } } =>
            new TrafficRouting(((100 + percent - 1) / percent) - 1, TimeSpan.FromMinutes(minutes)),
        _ => null,
    };

    /// <summary>When each timed shift is due for an AllowTraffic that started at <paramref name="start"/>.</summary>
    public IEnumerable<DateTimeOffset> ShiftTimes(DateTimeOffset start)
    {
        for (var i = 1; i <= Shifts; i++)
        {
            yield return start + (Interval * i);
        }
    }

    [GeneratedRegex(@"^CodeDeployDefault\.ECS(?<kind>Canary|Linear)(?<percent>[0-9]{1,2})Percent(Every)?(?<minutes>[0-9]{1,3})Minutes?$", RegexOptions.CultureInvariant)]
    private static partial Regex BuiltIn();
}
