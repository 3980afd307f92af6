using EcsDeploy.Runtime;
using EcsDeploy.Tests.Support;

namespace EcsDeploy.Tests.Runtime;

public sealed class WorkflowCommandLogTests
{
    [Fact]
    public void EscapeData_PercentAndLineBreaks_EscapedPercentFirst()
    {
        Assert.Equal("100%25 done%0D%0Anext%0Aline %253A, kept", WorkflowCommand.EscapeData("100% done\r\nnext\nline %3A, kept"));
    }

    [Fact]
    public void EscapeProperty_ColonAndComma_AlsoEscaped()
    {
        Assert.Equal("a%3Ab%2Cc%25d%0Ae", WorkflowCommand.EscapeProperty("a:b,c%d\ne"));
    }

    [Fact]
    public void Error_WithProperties_WritesTitleFileLineInOrder()
    {
        var log = new CapturedLog();

        log.Error("Deployment failed: 50%\nsee events", new AnnotationProperties("Deploy, web: failed", "task-def.json", 12));

        Assert.Equal(
            "::error title=Deploy%2C web%3A failed,file=task-def.json,line=12::Deployment failed: 50%25%0Asee events\n",
            log.Text);
    }

    [Fact]
    public void WarningAndNotice_WithoutProperties_WriteBareCommands()
    {
        var log = new CapturedLog();

        log.Warning("careful");
        log.Notice("fyi", new AnnotationProperties(Line: 3));

        Assert.Equal(["::warning::careful", "::notice line=3::fyi"], log.Lines);
    }

    [Fact]
    public void Group_Disposed_WritesGroupAndEndGroupOnce()
    {
        var log = new CapturedLog();

        var group = log.Group("Register task definition\r\nweb");
        log.Info("inside");
        group.Dispose();
        group.Dispose();

        Assert.Equal(["::group::Register task definition%0D%0Aweb", "inside", "::endgroup::"], log.Lines);
    }

    [Fact]
    public void Debug_WhenDisabled_WritesNothing()
    {
        var log = new CapturedLog(debugEnabled: false);

        log.Debug("hidden");

        Assert.Equal("", log.Text);
    }

    [Fact]
    public void Debug_WhenEnabled_WritesEscapedDebugCommand()
    {
        var log = new CapturedLog(debugEnabled: true);

        log.Debug("request\n::add-mask::x");

        Assert.Equal(["::debug::request%0A::add-mask::x"], log.Lines);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\n\t\r\n")]
    public void Mask_BlankValue_WritesNothing(string secret)
    {
        var log = new CapturedLog();

        log.Mask(secret);

        Assert.Equal("", log.Text);
    }

    [Fact]
    public void Mask_MultiLineSecret_MasksEachNonBlankLineOnce()
    {
        var log = new CapturedLog();

        log.Mask("-----BEGIN KEY-----\r\nab%cd\n\n-----END KEY-----");
        log.Mask("ab%cd");

        Assert.Equal(
            ["::add-mask::-----BEGIN KEY-----", "::add-mask::ab%25cd", "::add-mask::-----END KEY-----"],
            log.Lines);
    }

    [Fact]
    public void Untrusted_PlainText_WrittenAsIs()
    {
        var log = new CapturedLog();

        log.Untrusted("Service is unhealthy: 2 of 3 tasks running\nnext line");

        Assert.Equal(["Service is unhealthy: 2 of 3 tasks running", "next line"], log.Lines);
    }

    [Theory]
    [InlineData("::add-mask::x")]
    [InlineData("AccessDenied\n  ::error::x")]
    [InlineData("first\r::set-env name=A::b")]
    [InlineData("text ##[add-mask]x")]
    public void Untrusted_CommandLikeLine_FencedByStopCommands(string text)
    {
        var log = new CapturedLog();

        log.Untrusted(text);

        Assert.Equal($"::stop-commands::stoptoken1\n{text}\n::stoptoken1::\n", log.Text);
        AssertNoCommandOutsideStopBlocks(log.Text, "add-mask", "error", "set-env");
    }

    [Fact]
    public void Untrusted_DefaultTokens_RandomHexPerCall()
    {
        var log = new CapturedLog(randomStopTokens: true);

        log.Untrusted("::add-mask::x");
        log.Untrusted("::add-mask::x");

        var tokens = log.Lines.Where(l => l.StartsWith("::stop-commands::", StringComparison.Ordinal))
            .Select(l => l["::stop-commands::".Length..]).ToArray();
        Assert.Equal(2, tokens.Length);
        Assert.NotEqual(tokens[0], tokens[1]);
        Assert.All(tokens, t => Assert.Matches("^[0-9a-f]{32}$", t));
        Assert.Contains($"::{tokens[0]}::", log.Lines);
        Assert.Contains($"::{tokens[1]}::", log.Lines);
        AssertNoCommandOutsideStopBlocks(log.Text, "add-mask");
    }

    [Fact]
    public void Untrusted_TextContainingToken_UsesAnotherToken()
    {
        var log = new CapturedLog();

        log.Untrusted("::stoptoken1::\n::add-mask::x");

        var first = log.Lines[0];
        Assert.StartsWith("::stop-commands::", first, StringComparison.Ordinal);
        Assert.NotEqual("::stop-commands::stoptoken1", first);
        AssertNoCommandOutsideStopBlocks(log.Text, "add-mask");
    }

    [Fact]
    public void Info_CommandLikeText_IsFencedToo()
    {
        var log = new CapturedLog();

        log.Info("Registered arn:aws:ecs:task-definition/web\n::add-mask::x");

        AssertNoCommandOutsideStopBlocks(log.Text, "add-mask");
        Assert.Equal("::stop-commands::stoptoken1", log.Lines[0]);
    }

    [Theory]
    [InlineData("::add-mask::x")]
    [InlineData("CodeDeploy said:\n::add-mask::x\n::error::x\n##[add-mask]y")]
    public void Error_UntrustedMessage_StaysOneInertLine(string message)
    {
        var log = new CapturedLog();

        log.Error(message);

        var line = Assert.Single(log.Lines);
        Assert.StartsWith("::error::", line, StringComparison.Ordinal);
        // The runner reads this line as one error annotation whose data is the message; no other command.
        AssertNoCommandOutsideStopBlocks(log.Text, "add-mask");
        Assert.Equal(message.Replace("\n", "%0A", StringComparison.Ordinal), line["::error::".Length..]);
    }

    /// <summary>Walks the log as the runner does: outside a stop block, a line whose trimmed start is ::NAME is that command.</summary>
    private static void AssertNoCommandOutsideStopBlocks(string text, params string[] forbidden)
    {
        string? stopToken = null;
        foreach (var raw in text.Split(['\r', '\n']))
        {
            var line = raw.TrimStart();
            if (stopToken is not null)
            {
                if (line == $"::{stopToken}::")
                {
                    stopToken = null;
                }

                continue;
            }

            if (line.StartsWith("::stop-commands::", StringComparison.Ordinal))
            {
                stopToken = line["::stop-commands::".Length..];
                continue;
            }

            foreach (var command in forbidden)
            {
                Assert.False(line.StartsWith($"::{command}::", StringComparison.Ordinal) ||
                             line.StartsWith($"::{command} ", StringComparison.Ordinal),
                    $"Line is a live '{command}' command: {line}");
            }

            // A line that is a valid "::" command is never parsed again in the legacy "##[" syntax.
            if (!line.StartsWith("::", StringComparison.Ordinal))
            {
                Assert.DoesNotContain("##[", line, StringComparison.Ordinal);
            }
        }

        Assert.Null(stopToken);
    }
}
