using System.Globalization;
using EcsDeploy.Sandbox.CodeDeploy;
using EcsDeploy.Sandbox.State;

namespace EcsDeploy.Benchmarks;

/// <summary>One change of a deployment as the sandbox made it: when, and the text of the log line that reports it.</summary>
internal sealed record Transition(DateTimeOffset At, string Line, bool IsEnd);

/// <summary>The delay from each transition to the first log line that reports it (or a later state of the same thing).</summary>
internal sealed record TransitionDelays(int Expected, int Seen, bool InOrder, IReadOnlyList<double> DelaysSeconds, double EndDelaySeconds)
{
    /// <summary>Each transition seen with its delay, for --verbose.</summary>
    public IReadOnlyList<(Transition Transition, double Delay)> Each { get; init; } = [];

    public double Median => DelaysSeconds.Count == 0 ? double.NaN : Percentile(0.5);

    public double Worst => DelaysSeconds.Count == 0 ? double.NaN : DelaysSeconds.Max();

    private double Percentile(double p)
    {
        var sorted = DelaysSeconds.Order().ToList();
        var at = p * (sorted.Count - 1);
        var low = (int)Math.Floor(at);
        var high = (int)Math.Ceiling(at);
        return sorted[low] + ((sorted[high] - sorted[low]) * (at - low));
    }
}

/// <summary>Reads the transitions of a finished deployment from the sandbox and times the action's lines against them.</summary>
internal static class Transitions
{
    /// <summary>The deployment's transitions in time order (read under the world's lock).</summary>
    public static IReadOnlyList<Transition> Of(World world, DeploymentState deployment)
    {
        var list = new List<Transition>();
        lock (world.Gate)
        {
            list.Add(new Transition(deployment.StartTime ?? deployment.CreateTime, $"Deployment {deployment.Id}: InProgress", false));
            if (deployment.Engine.GetValueOrDefault(DeploymentRun.Key) is DeploymentRun run)
            {
                foreach (var e in run.Events)
                {
                    if (e.Status == "Skipped")
                    {
                        if ((e.EndTime ?? e.StartTime) is { } skipped)
                        {
                            list.Add(new Transition(skipped, $"{e.Name}: Skipped", false));
                        }

                        continue;
                    }

                    if (e.StartTime is { } start)
                    {
                        list.Add(new Transition(start, $"{e.Name}: InProgress", false));
                    }

                    if (e.EndTime is { } end)
                    {
                        list.Add(new Transition(end, $"{e.Name}: {e.Status}", false));
                    }
                }

                if (run.Event("AllowTraffic")?.StartTime is { } trafficStart)
                {
                    for (var i = 0; i <= Math.Min(run.TrafficStepIndex, run.Plan.Steps.Count - 1); i++)
                    {
                        var green = run.Plan.Steps[i].GreenWeight;
                        list.Add(new Transition(trafficStart + run.Plan.Steps[i].Offset, $"Traffic: blue {Percent(100 - green)} / green {Percent(green)}", false));
                    }
                }

                if (deployment.InstanceTerminationWaitTimeStarted)
                {
                    var waitStart = run.Events.Select(e => e.EndTime).OfType<DateTimeOffset>().Max();
                    list.Add(new Transition(waitStart, "All traffic is on green", false));
                }
            }

            if (deployment.CompleteTime is { } complete)
            {
                list.Add(new Transition(complete, $"Deployment {deployment.Id}: {deployment.Status}", true));
            }
        }

        return [.. list.OrderBy(t => t.At)];
    }

    /// <summary>
    /// Times each transition to the first line after it that reports it; an InProgress the action never printed
    /// (it saw the event already ended) counts until the line of that event's end.
    /// </summary>
    public static TransitionDelays Measure(IReadOnlyList<Transition> transitions, IReadOnlyList<(DateTimeOffset At, string Line)> lines)
    {
        var delays = new List<double>();
        var seen = 0;
        var lastIndex = -1;
        var inOrder = true;
        var endDelay = double.NaN;
        var each = new List<(Transition, double)>();
        foreach (var transition in transitions)
        {
            var index = Find(lines, transition.Line);
            if (index < 0 && transition.Line.EndsWith(": InProgress", StringComparison.Ordinal))
            {
                index = Find(lines, transition.Line[..^"InProgress".Length]);
            }

            if (index < 0)
            {
                continue;
            }

            seen++;
            inOrder &= index >= lastIndex || lines[index].At == lines[lastIndex].At;
            lastIndex = Math.Max(lastIndex, index);
            var delay = Math.Max(0, (lines[index].At - transition.At).TotalSeconds);
            delays.Add(delay);
            each.Add((transition, delay));
            if (transition.IsEnd)
            {
                endDelay = delay;
            }
        }

        return new TransitionDelays(transitions.Count, seen, inOrder, delays, endDelay) { Each = each };
    }

    private static int Find(IReadOnlyList<(DateTimeOffset At, string Line)> lines, string text)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            // "[mm:ss] text": the watch's lines; a followed rollback's lines carry "[rollback]" and are not this deployment's.
            var line = lines[i].Line;
            var body = line.StartsWith('[') && line.IndexOf("] ", StringComparison.Ordinal) is var close and > 0 ? line[(close + 2)..] : line;
            if (body.StartsWith(text, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static string Percent(double value) => value.ToString("0.##", CultureInfo.InvariantCulture) + "%";
}
