using EcsDeploy.Runtime;
using EcsDeploy.Yaml;

namespace EcsDeploy.Tests.Yaml;

public sealed class InputBoundsTests
{
    [Theory]
    [InlineData("a: 0o1777777777777777777777", "18446744073709551615")]
    [InlineData("a: 0o777777777777777777777", "9223372036854775807")]
    [InlineData("a: 0xFFFFFFFFFFFFFFFF", "18446744073709551615")]
    [InlineData("a: 18446744073709551615", "18446744073709551615")]
    [InlineData("a: -9223372036854775808", "-9223372036854775808")]
    public void Convert_IntegerWithin64Bits_StaysANumber(string yaml, string json)
    {
        Assert.Equal($$"""{"a":{{json}}}""", YamlToJson.Convert(yaml)!.ToJsonString());
    }

    [Theory]
    [InlineData("a: 0o2000000000000000000000")]
    [InlineData("a: 0o7777777777777777777777777")]
    [InlineData("a: 0x10000000000000000")]
    [InlineData("a: 18446744073709551616")]
    [InlineData("a: -9223372036854775809")]
    [InlineData("a: !!int 0o7777777777777777777777777")]
    public void Convert_IntegerBeyond64Bits_FailsWithItsPosition(string yaml)
    {
        var error = Assert.Throws<InputSyntaxException>(() => YamlToJson.Convert(yaml));

        Assert.Equal((1, 4), (error.Line, error.Column));
        Assert.Contains("does not fit in 64 bits", error.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a: [1, 2")]
    [InlineData("a: {b: 1")]
    [InlineData("a: *missing")]
    [InlineData("a: &x 1\nb: &x 2\nc: *y")]
    [InlineData("a:\n  - b\n c: d")]
    [InlineData("\"unterminated")]
    [InlineData("a: 'x\n")]
    [InlineData("- a\nb: c")]
    [InlineData("? [a, b]\n: c")]
    [InlineData("a: !!int twelve")]
    [InlineData("%YAML 9.9\n---\na: 1")]
    [InlineData("a: b: c")]
    [InlineData("{a: 1}}")]
    public void Convert_MalformedYaml_FailsWithALineAndColumnAndNothingElse(string yaml)
    {
        var error = Assert.Throws<InputSyntaxException>(() => YamlToJson.Convert(yaml));

        Assert.True(error.Line >= 1 && error.Column >= 1, error.Message);
        Assert.DoesNotContain("current state of the object", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("(Line:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Convert_AliasBomb_StopsAtTheNodeLimit()
    {
        var lines = new List<string> { "a: &a [x, x, x, x, x, x, x, x, x, x]" };
        for (var level = 'b'; level <= 'i'; level++)
        {
            var previous = (char)(level - 1);
            lines.Add($"{level}: &{level} [*{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}]");
        }

        var error = Assert.Throws<InputSyntaxException>(() => YamlToJson.Convert(string.Join('\n', lines)));

        Assert.Contains("more than 100000 values", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Convert_BlockMappingsNestedDeep_FailsOnTheLineThatGoesTooDeep()
    {
        var yaml = string.Join('\n', Enumerable.Range(0, 70).Select(i => new string(' ', i) + "k:"));

        var error = Assert.Throws<InputSyntaxException>(() => YamlToJson.Convert(yaml));

        Assert.Equal(InputLimits.MaxDepth + 1, error.Line);
    }

    [Theory]
    [InlineData("{\n  \"a\": 1,\n  \"b\": }", 3, 8)]
    [InlineData("{\"a\": 1,\n\"a\": 2}", 2, 1)]
    [InlineData("[1, 2", 1, 6)]
    public void JsonText_BadJson_GivesOneBasedLineAndColumn(string json, long line, long column)
    {
        var error = Assert.Throws<InputSyntaxException>(() => JsonText.Parse(json));

        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.DoesNotContain("LineNumber", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Annotation_ProblemWithLine_PointsAtTheFileRelativeToTheWorkspace()
    {
        var workspace = Path.Combine(Path.GetTempPath(), "ws");
        var problem = InputFileProblem.Describe("task-definition", Path.Combine(workspace, "deploy", "td.yaml"), "YAML", new InputSyntaxException("bad", 7, 2));

        var annotation = InputFileProblem.Annotation(problem, "Invalid input", workspace);

        Assert.Equal(new AnnotationProperties("Invalid input", "deploy/td.yaml", 7), annotation);
    }

    [Fact]
    public void Annotation_ProblemWithoutLine_HasOnlyTheTitle()
    {
        Assert.Equal(new AnnotationProperties("Invalid input"), InputFileProblem.Annotation("Input 'cluster' value 'a b' is not a cluster.", "Invalid input", "/ws"));
    }
}
