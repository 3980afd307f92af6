using EcsDeploy.Runtime;
using EcsDeploy.Tests.Support;

namespace EcsDeploy.Tests.Runtime;

public sealed class BufferedJobLogTests
{
    private static void WriteSome(IJobLog log)
    {
        log.Info("read");
        log.Warning("field left out", new AnnotationProperties(File: "taskdef.json"));
        log.Mask("s3cret");
        using (log.Group("changes"))
        {
            log.Untrusted("::set-output name=x::y");
            log.Debug("detail");
        }

        log.Info("after");
    }

    [Fact]
    public void FlushTo_ReplaysEveryCallInOrder_TheLogReadsAsIfWrittenDirectly()
    {
        var direct = new CapturedLog();
        WriteSome(direct);
        var buffered = new BufferedJobLog();
        var target = new CapturedLog();

        WriteSome(buffered);
        Assert.Empty(target.Text);
        buffered.FlushTo(target);

        Assert.Equal(direct.Text, target.Text);
    }

    [Fact]
    public void FlushTo_Twice_WritesEachCallOnce()
    {
        var buffered = new BufferedJobLog();
        var target = new RecordingJobLog();
        buffered.Info("one");

        buffered.FlushTo(target);
        buffered.FlushTo(target);

        Assert.Equal(["one"], target.Messages("info"));
    }
}
