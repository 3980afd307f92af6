using EcsDeploy.Runtime;
using EcsDeploy.Tests.Support;

namespace EcsDeploy.Tests.Runtime;

public sealed class StepSummaryAndMarkdownTests
{
    [Fact]
    public void Append_WithFile_AppendsBlocksEndingInNewline()
    {
        using var temp = new TempDirectory();
        var path = temp.File("summary.md");
        File.WriteAllText(path, "# Earlier step\n");
        var summary = new StepSummaryFile(path);

        summary.Append("## Deployment");
        summary.Append("done\n");

        Assert.Equal("# Earlier step\n## Deployment\ndone\n", File.ReadAllText(path));
        Assert.Equal("## Deployment\ndone\n", summary.Text);
    }

    [Fact]
    public void Append_WithoutFile_KeepsTextInMemory()
    {
        var summary = new StepSummaryFile(null);

        summary.Append("a");

        Assert.Equal("a\n", summary.Text);
    }

    [Fact]
    public void Table_CellsWithPipesAndNewlines_StayOnOneRow()
    {
        var table = new MarkdownTable("Event", "Status")
            .AddRow("BeforeInstall", "Succeeded")
            .AddRow(Markdown.Code("a|b"), "line1\nline2");

        Assert.Equal(
            "| Event | Status |\n| --- | --- |\n| BeforeInstall | Succeeded |\n| `a\\|b` | line1<br>line2 |\n",
            table.ToString());
    }

    [Fact]
    public void AddRow_WrongCellCount_Throws()
    {
        var table = new MarkdownTable("A", "B");

        Assert.Throws<ArgumentException>(() => table.AddRow("only one"));
    }

    [Theory]
    [InlineData("plain", "`plain`")]
    [InlineData("a`b", "``a`b``")]
    [InlineData("`x``", "``` `x`` ```")]
    [InlineData("two\nlines", "`two lines`")]
    public void Code_Backticks_FenceIsLonger(string value, string expected)
    {
        Assert.Equal(expected, Markdown.Code(value));
    }

    [Fact]
    public void Text_MarkdownPunctuation_Escaped()
    {
        Assert.Equal("\\*bold\\* \\[link\\](x) \\<b\\> a\\|b", Markdown.Text("*bold* [link](x) <b> a|b"));
    }

    [Fact]
    public void Details_SummaryHtml_EscapedAndBodyKept()
    {
        Assert.Equal(
            "<details><summary>Events &lt;web&gt;</summary>\n\n| a |\n\n</details>\n",
            Markdown.Details("Events <web>", "| a |\n"));
    }

    [Fact]
    public void CodeBlock_TextWithFence_UsesLongerFence()
    {
        Assert.Equal("````json\n```\n````\n", Markdown.CodeBlock("```", "json"));
    }
}
