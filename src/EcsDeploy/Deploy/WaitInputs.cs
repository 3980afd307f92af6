using System.Globalization;
using EcsDeploy.Runtime;

namespace EcsDeploy.Deploy;

/// <summary>
/// wait-for-minutes and wait-max-delay-seconds, read so that every value aws-actions/amazon-ecs-deploy-task-definition
/// takes works here too: it reads both with parseInt (so "15.5" is 15), treats 0 as "not given", and caps the wait at 360 minutes.
/// </summary>
public static class WaitInputs
{
    /// <summary>The longest wait in minutes: the job limit of GitHub-hosted runners, and the official action's cap.</summary>
    public const int MaxWaitMinutes = 360;

    public const int DefaultWaitMinutes = 30;
    public const int DefaultMaxDelaySeconds = 30;

    /// <summary>wait-for-minutes: a number of minutes (decimals cut off, 0 means the default); above 360 it is capped, with a notice.</summary>
    public static int ReadWaitForMinutes(InputReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var minutes = ReadWhole(reader, "wait-for-minutes", DefaultWaitMinutes);
        if (minutes > MaxWaitMinutes)
        {
            reader.Notices.Add(string.Create(CultureInfo.InvariantCulture,
                $"Input 'wait-for-minutes' value '{reader.GetString("wait-for-minutes")}' is more than {MaxWaitMinutes}; the wait is capped at {MaxWaitMinutes} minutes (6 hours, the job limit on GitHub-hosted runners)."));
            return MaxWaitMinutes;
        }

        return minutes;
    }

    /// <summary>
    /// wait-max-delay-seconds: a number of seconds (decimals cut off, 0 means the default of 30). Any larger value is
    /// accepted, as the official action accepts it; no pause is longer than the whole wait, so it is held to that.
    /// </summary>
    public static int ReadMaxDelaySeconds(InputReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return Math.Min(ReadWhole(reader, "wait-max-delay-seconds", DefaultMaxDelaySeconds), MaxWaitMinutes * 60);
    }

    private static int ReadWhole(InputReader reader, string input, int defaultValue)
    {
        var value = reader.GetString(input);
        if (value is null)
        {
            return defaultValue;
        }

        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number))
        {
            reader.AddError(input, value, "is not a number");
            return defaultValue;
        }

        if (number < 0)
        {
            reader.AddError(input, value, "is negative; use a number from 1, or leave it out for the default");
            return defaultValue;
        }

        var whole = Math.Floor(Math.Min(number, int.MaxValue));
        return whole == 0 ? defaultValue : (int)whole;
    }
}
