namespace EcsDeploy.Runtime;

/// <summary>Where an annotation points in the repository.</summary>
public sealed record AnnotationProperties(string? Title = null, string? File = null, int? Line = null);

/// <summary>The job log: plain lines, annotations, groups and masks, written as the runner expects.</summary>
public interface IJobLog
{
    /// <summary>A line the action wrote itself (never text that came from outside).</summary>
    void Info(string message);

    /// <summary>Shown only when step debug logging is on.</summary>
    void Debug(string message);

    void Notice(string message, AnnotationProperties? properties = null);
    void Warning(string message, AnnotationProperties? properties = null);
    void Error(string message, AnnotationProperties? properties = null);

    /// <summary>Starts a collapsible group; disposing the result ends it.</summary>
    IDisposable Group(string title);

    /// <summary>Asks the runner to mask a secret value in every later line.</summary>
    void Mask(string secret);

    /// <summary>Prints text that came from outside (AWS messages, hook logs, file contents) so that the runner can never read it as a workflow command.</summary>
    void Untrusted(string text);
}

/// <summary>Step outputs, written to the file named by GITHUB_OUTPUT.</summary>
public interface IActionOutputs
{
    void Set(string name, string value);
}

/// <summary>The step summary (GitHub-flavoured Markdown), appended to the file named by GITHUB_STEP_SUMMARY.</summary>
public interface IStepSummary
{
    void Append(string markdown);

    /// <summary>How the run ended, shown first in the summary (see <see cref="Reporting.StepReport"/>); by default appended as it comes.</summary>
    void End(Reporting.Ending ending) => Append(Reporting.EndingSummary.Render(ending));
}
