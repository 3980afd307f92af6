using EcsDeploy.Runtime;
using EcsDeploy.Tests.Support;

namespace EcsDeploy.Tests.Runtime;

public sealed class GitHubOutputFileTests
{
    [Fact]
    public void Set_MultiLineAndDelimiterLookingValues_RunnerReadsExactValues()
    {
        using var temp = new TempDirectory();
        var path = temp.File("output");
        File.WriteAllText(path, "earlier=1\n");
        var outputs = new GitHubOutputFile(path, new RecordingJobLog());
        const string multiLine = "line one\nline two\r\n\nline four";
        const string tricky = "EOF\nghadelimiter_00000000-0000-0000-0000-000000000000\nname<<EOF\nx=y\n";

        outputs.Set("task-definition-arn", "arn:aws:ecs:eu-west-1:123456789012:task-definition/web:7");
        outputs.Set("notes", multiLine);
        outputs.Set("tricky", tricky);
        outputs.Set("empty", "");

        var parsed = RunnerFiles.ParseKeyValueFile(File.ReadAllText(path));
        Assert.Equal(
        [
            new("earlier", "1"),
            new("task-definition-arn", "arn:aws:ecs:eu-west-1:123456789012:task-definition/web:7"),
            new("notes", multiLine),
            new("tricky", tricky),
            new("empty", ""),
        ], parsed);
    }

    [Fact]
    public void Set_DefaultDelimiter_HasRunnerStyleForm()
    {
        using var temp = new TempDirectory();
        var path = temp.File("output");
        var outputs = new GitHubOutputFile(path, new RecordingJobLog());

        outputs.Set("deployment-id", "d-ABC123");

        var lines = File.ReadAllText(path).Split('\n');
        Assert.Matches("^deployment-id<<ghadelimiter_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", lines[0]);
        var delimiter = lines[0]["deployment-id<<".Length..];
        Assert.Equal(["d-ABC123", delimiter, ""], lines[1..]);
    }

    [Fact]
    public void Entry_ValueContainsDelimiter_ChoosesAnother()
    {
        var candidates = new Queue<string>(["EOF", "EOF2"]);

        var entry = GitHubOutputFile.Entry("out", "a\nEOF\nb", candidates.Dequeue);

        Assert.Equal("out<<EOF2\na\nEOF\nb\nEOF2\n", entry);
    }

    [Fact]
    public void Entry_ValueAlwaysContainsDelimiter_Throws()
    {
        var error = Assert.Throws<InvalidOperationException>(() => GitHubOutputFile.Entry("out", "EOF", () => "EOF"));

        Assert.Contains("'out'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Set_DelimiterFollowedByCarriageReturnInValue_StillReadBackExactly()
    {
        var candidates = new Queue<string>(["D", "E"]);

        var entry = GitHubOutputFile.Entry("out", "x\nD\r\ny", candidates.Dequeue);

        Assert.Equal([new("out", "x\nD\r\ny")], RunnerFiles.ParseKeyValueFile(entry));
    }

    [Theory]
    [InlineData("")]
    [InlineData("1st")]
    [InlineData("has space")]
    [InlineData("a=b")]
    [InlineData("a<<b")]
    [InlineData("a.b")]
    public void Set_InvalidName_Throws(string name)
    {
        var outputs = new GitHubOutputFile(null, new RecordingJobLog());

        Assert.Throws<ArgumentException>(() => outputs.Set(name, "v"));
        Assert.Empty(outputs.Values);
    }

    [Fact]
    public void Set_WithoutOutputFile_PrintsAndRemembersValues()
    {
        var log = new CapturedLog();
        var outputs = new GitHubOutputFile(null, log);

        outputs.Set("deployment-id", "d-1");
        outputs.Set("deployment-id", "d-2");
        outputs.Set("message", "::add-mask::x");

        Assert.Equal(new Dictionary<string, string> { ["deployment-id"] = "d-2", ["message"] = "::add-mask::x" }, outputs.Values);
        Assert.Equal(
        [
            "deployment-id=d-1",
            "deployment-id=d-2",
            "message=::add-mask::x",
        ], log.Lines);
    }
}
