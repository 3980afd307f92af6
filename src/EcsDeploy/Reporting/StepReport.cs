using EcsDeploy.Runtime;

namespace EcsDeploy.Reporting;

/// <summary>
/// The step summary of one run, written once when the run ends: its ending first — the one a command gave through
/// <see cref="End"/>, or else one made from the exit code and the errors logged — then everything the run appended.
/// Every way a run can end therefore leaves a summary, outcome first.
/// </summary>
/// <param name="target">Where the summary goes (the GITHUB_STEP_SUMMARY file).</param>
/// <param name="time">The action's clock, for the duration of runs that never reached AWS's timeline.</param>
public sealed class StepReport(IStepSummary target, TimeProvider time) : IStepSummary
{
    private readonly Lock _gate = new();
    private readonly DateTimeOffset _started = time.GetUtcNow();
    private readonly List<string> _details = [];
    private readonly List<string> _earlierEndings = [];
    private readonly List<(string Message, string? Title)> _errors = [];
    private readonly List<string> _notices = [];
    private Ending? _ending;

    /// <summary>What is known about the run from its inputs and the runner (service, region, commit); fills the gaps of every ending.</summary>
    public RunFacts Facts { get; set; } = RunFacts.None;

    /// <summary>Whether a command gave its ending.</summary>
    public bool HasEnding
    {
        get
        {
            lock (_gate)
            {
                return _ending is not null;
            }
        }
    }

    /// <summary>Keeps details (task definition diff, status tables) for after the ending.</summary>
    public void Append(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        lock (_gate)
        {
            _details.Add(markdown.EndsWith('\n') ? markdown : markdown + "\n");
        }
    }

    /// <summary>Sets the run's ending; an earlier one (a deployment the run waited for) is kept below it.</summary>
    public void End(Ending ending)
    {
        ArgumentNullException.ThrowIfNull(ending);
        lock (_gate)
        {
            if (_ending is { } earlier)
            {
                _earlierEndings.Add(EndingSummary.Render(earlier with { Facts = earlier.Facts.Or(Facts) }));
            }

            _ending = ending;
        }
    }

    /// <summary>Notes an error the run logged; a run that gives no ending is summarised by them.</summary>
    public void RecordError(string message, string? title)
    {
        lock (_gate)
        {
            _errors.Add((message, title));
        }
    }

    /// <summary>Notes a notice the run logged; a run that succeeds without an ending (nothing to do) is summarised by it.</summary>
    public void RecordNotice(string message)
    {
        lock (_gate)
        {
            _notices.Add(message);
        }
    }

    /// <summary>Writes the summary: the ending (given, or made from <paramref name="exitCode"/> and the errors), then the details.</summary>
    public void Flush(int exitCode)
    {
        string text;
        lock (_gate)
        {
            var head = _ending is { } ending ? EndingSummary.Render(ending with { Facts = ending.Facts.Or(Facts) })
                : exitCode == 0 && _details.Count > 0 ? "" // a report of its own (command 'status'); nothing failed
                : EndingSummary.Render(Fallback(RunOutcomes.FromExitCode(exitCode), exitCode));
            text = string.Concat([head, .. _earlierEndings, .. _details]);
        }

        if (text.Length > 0)
        {
            target.Append(text);
        }
    }

    private Ending Fallback(RunOutcome outcome, int exitCode)
    {
        var messages = _errors.Select(e => e.Message.ReplaceLineEndings(" ")).ToList();
        var title = outcome switch
        {
            RunOutcome.InvalidInput => messages.Count == 1 ? "1 input to fix" : $"{messages.Count} inputs to fix",
            RunOutcome.NotStarted => "no deployment was started",
            RunOutcome.Succeeded => "nothing to do",
            RunOutcome.Cancelled => "the run was cancelled",
            RunOutcome.TimedOut => "the wait ran out",
            _ => _errors.Select(e => e.Title).FirstOrDefault(t => t is { Length: > 0 }) ?? $"the step ended with exit code {exitCode}",
        };
        var listed = outcome == RunOutcome.InvalidInput || messages.Count > 1;
        return new Ending(outcome, title)
        {
            Line = listed ? null : messages.FirstOrDefault() ?? _notices.FirstOrDefault() ?? $"The step ended with exit code {exitCode}; the job log says why.",
            Problems = listed ? messages : [],
            Fix = outcome switch
            {
                RunOutcome.InvalidInput => "Fix each input above in the workflow file and run again; nothing was sent to AWS.",
                RunOutcome.NotStarted => "This step started no deployment; fix what is named above and run again.",
                _ => null,
            },
            Facts = Facts,
            Duration = outcome == RunOutcome.InvalidInput ? null : time.GetUtcNow() - _started,
        };
    }
}

/// <summary>A job log that also tells the <see cref="StepReport"/> about every error, so a run without an ending of its own is summarised by them.</summary>
public sealed class ReportingJobLog(IJobLog inner, StepReport report) : IJobLog
{
    public void Info(string message) => inner.Info(message);

    public void Debug(string message) => inner.Debug(message);

    public void Notice(string message, AnnotationProperties? properties = null)
    {
        inner.Notice(message, properties);
        report.RecordNotice(message);
    }

    public void Warning(string message, AnnotationProperties? properties = null) => inner.Warning(message, properties);

    public void Error(string message, AnnotationProperties? properties = null)
    {
        inner.Error(message, properties);
        report.RecordError(message, properties?.Title);
    }

    public IDisposable Group(string title) => inner.Group(title);

    public void Mask(string secret) => inner.Mask(secret);

    public void Untrusted(string text) => inner.Untrusted(text);
}
