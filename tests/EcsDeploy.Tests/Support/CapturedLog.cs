using System.Text;
using EcsDeploy.Runtime;

namespace EcsDeploy.Tests.Support;

/// <summary>
/// The real <see cref="WorkflowCommandLog"/> writing to memory, so tests can assert the exact job log text.
/// Stop-commands tokens are "stoptoken1", "stoptoken2", ... so that golden logs are stable.
/// </summary>
public sealed class CapturedLog : IJobLog
{
    private readonly StringBuilder _text = new();
    private readonly WorkflowCommandLog _log;
    private int _tokens;

    public CapturedLog(bool debugEnabled = true, bool randomStopTokens = false)
    {
        _log = new WorkflowCommandLog(
            new StringWriter(_text) { NewLine = "\n" },
            debugEnabled,
            randomStopTokens ? null : () => "stoptoken" + Interlocked.Increment(ref _tokens));
    }

    /// <summary>Everything written, with "\n" line ends.</summary>
    public string Text => _text.ToString();

    /// <summary>The lines written (without the final empty line).</summary>
    public IReadOnlyList<string> Lines => Text.Split('\n')[..^1];

    public void Info(string message) => _log.Info(message);
    public void Debug(string message) => _log.Debug(message);
    public void Notice(string message, AnnotationProperties? properties = null) => _log.Notice(message, properties);
    public void Warning(string message, AnnotationProperties? properties = null) => _log.Warning(message, properties);
    public void Error(string message, AnnotationProperties? properties = null) => _log.Error(message, properties);
    public IDisposable Group(string title) => _log.Group(title);
    public void Mask(string secret) => _log.Mask(secret);
    public void Untrusted(string text) => _log.Untrusted(text);
}
