using System.Globalization;
using EcsDeploy.Sandbox.CodeDeploy;
using EcsDeploy.Sandbox.EcsDeployments;
using EcsDeploy.Sandbox.State;

namespace EcsDeploy.Benchmarks;

/// <summary>One change of a deployment as the sandbox made it: when, and the text of the log line that reports it.</summary>
internal sealed record Transition(DateTimeOffset At, string Line, bool IsEnd)
{
    /// <summary>Beginnings of lines that report a later state of the same thing, for a change the action saw only once it had moved on (a stage it never printed counts until the next stage's line).</summary>
    public IReadOnlyList<string> Fallbacks { get; init; } = [];
}

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
    /// The transitions of an ECS-controller service deployment in time order (read under the world's lock): IN_PROGRESS,
    /// each lifecycle stage entered (the previous one finished; BAKE_TIME's end is CLEAN_UP entered), each traffic shift
    /// at its end, each hook's start and answer, and the end. The lines are the ECS watch's.
    /// </summary>
    public static IReadOnlyList<Transition> OfEcs(World world, ServiceDeploymentState deployment)
    {
        var list = new List<Transition>();
        lock (world.Gate)
        {
            var shortId = deployment.Arn[(deployment.Arn.LastIndexOf('/') + 1)..];
            if (deployment.StartedAt is { } started)
            {
                list.Add(new Transition(started, $"Service deployment {shortId}: IN_PROGRESS", false));
            }

            var run = deployment.Run;
            var starts = run.Started;
            var stages = starts.Select(s => run.Phases[s.Index].Stage).OfType<string>().Distinct().ToList();
            string? stage = null;
            for (var i = 0; i < starts.Count; i++)
            {
                var (phase, at) = (run.Phases[starts[i].Index], starts[i].At);
                var end = i + 1 < starts.Count ? starts[i + 1].At : deployment.FinishedAt;
                if (phase.Stage is { } entered && entered != stage)
                {
                    list.Add(new Transition(at, "Stage: " + entered, false) { Fallbacks = [.. stages.Skip(stages.IndexOf(entered) + 1).Select(s => "Stage: " + s)] });
                    stage = entered;
                }

                switch (phase.Kind)
                {
                    case PhaseKind.TestShift when end is { } shifted:
                        list.Add(new Transition(shifted, "Traffic: production old 100% / new 0%, test new 100%", false));
                        break;
                    case PhaseKind.ProductionShift when end is { } shifted:
                        list.Add(new Transition(shifted, $"Traffic: production old {Percent(100 - phase.Weight)} / new {Percent(phase.Weight)}, test new 100%", false));
                        break;
                    case PhaseKind.Hook when starts[i].Hook is { } hook:
                        var name = $"Hook {hook.HookId} ({hook.TargetType}{(hook.TargetArn is { } arn ? " " + arn[(arn.LastIndexOf(':') + 1)..] : "")}): ";
                        list.Add(new Transition(at, name + "IN_PROGRESS", false) { Fallbacks = [name] });
                        if (end is { } answered)
                        {
                            list.Add(new Transition(answered, name + hook.Status, false));
                        }

                        break;
                    default:
                        break;
                }
            }

            if (deployment.FinishedAt is { } finished)
            {
                list.Add(new Transition(finished, $"Service deployment {shortId}: {deployment.Status}", true));
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
        var lastAt = DateTimeOffset.MinValue;
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
                index = transition.Fallbacks.Select(f => Find(lines, f)).Where(i => i >= 0).DefaultIfEmpty(-1).Min();
            }

            if (index < 0)
            {
                continue;
            }

            seen++;
            // Lines of one poll may come in another order than changes made at the same simulated instant.
            inOrder &= index >= lastIndex || lines[index].At == lines[lastIndex].At || transition.At == lastAt;
            if (index >= lastIndex)
            {
                (lastIndex, lastAt) = (index, transition.At);
            }

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
