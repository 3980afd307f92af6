using System.Text;

namespace EcsDeploy.Runtime;

/// <summary>The step summary appended to the GITHUB_STEP_SUMMARY file; kept in memory only when that file is not given.</summary>
/// <param name="path">The value of GITHUB_STEP_SUMMARY, or null.</param>
public sealed class StepSummaryFile(string? path) : IStepSummary
{
    private readonly Lock _gate = new();
    private readonly StringBuilder _text = new();

    /// <summary>Everything appended so far, as written.</summary>
    public string Text
    {
        get
        {
            lock (_gate)
            {
                return _text.ToString();
            }
        }
    }

    /// <summary>Appends the Markdown, ending it with a newline so the next block starts on its own line.</summary>
    public void Append(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var block = markdown.EndsWith('\n') ? markdown : markdown + "\n";
        lock (_gate)
        {
            _text.Append(block);
            if (path is not null)
            {
                File.AppendAllText(path, block, new UTF8Encoding(false));
            }
        }
    }
}
