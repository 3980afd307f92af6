using EcsDeploy.Runtime;

namespace EcsDeploy.Tests.Runtime;

public sealed class InputReaderTests
{
    private static InputReader Reader(params (string Name, string Value)[] variables) =>
        new(variables.ToDictionary(v => v.Name, v => v.Value));

    [Theory]
    [InlineData("wait-for-service-stability", "INPUT_WAIT-FOR-SERVICE-STABILITY")]
    [InlineData("task definition", "INPUT_TASK_DEFINITION")]
    [InlineData("codedeploy-appspec", "INPUT_CODEDEPLOY-APPSPEC")]
    public void VariableName_HyphensAndSpaces_FollowRunnerRule(string input, string expected)
    {
        Assert.Equal(expected, InputReader.VariableName(input));
    }

    [Fact]
    public void GetString_HyphenatedInput_ReadsTrimmedValue()
    {
        var reader = Reader(("INPUT_WAIT-FOR-SERVICE-STABILITY", "  true \n"));

        Assert.Equal("true", reader.GetString("wait-for-service-stability"));
    }

    [Fact]
    public void GetString_UnsetOrBlank_UsesDefault()
    {
        var reader = Reader(("INPUT_CLUSTER", "   "));

        Assert.Equal("default", reader.GetString("cluster", "default"));
        Assert.Equal("x", reader.GetString("service", "x"));
        Assert.True(reader.GetBoolean("force-new-deployment", true));
        Assert.Equal(30, reader.GetInteger("wait-for-minutes", 30, 1, 360));
        Assert.Equal(1.5, reader.GetDouble("factor", 1.5, 0, 10));
        Assert.Empty(reader.Errors);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("True", true)]
    [InlineData("TRUE", true)]
    [InlineData("false", false)]
    [InlineData("False", false)]
    [InlineData("FALSE", false)]
    public void GetBoolean_CoreSchemaWord_Parsed(string value, bool expected)
    {
        var reader = Reader(("INPUT_WAIT-FOR-SERVICE-STABILITY", value));

        Assert.Equal(expected, reader.GetBoolean("wait-for-service-stability", !expected));
        Assert.Empty(reader.Errors);
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("on")]
    [InlineData("1")]
    [InlineData("tRUE")]
    public void GetBoolean_OtherWord_ErrorNamesInputAndValue(string value)
    {
        var reader = Reader(("INPUT_WAIT-FOR-SERVICE-STABILITY", value));

        reader.GetBoolean("wait-for-service-stability", false);

        var error = Assert.Single(reader.Errors);
        Assert.Equal($"Input 'wait-for-service-stability' value '{value}' is not a boolean; use true or false.", error);
    }

    [Fact]
    public void Errors_SeveralBadInputs_AllReported()
    {
        var reader = Reader(
            ("INPUT_WAIT-FOR-SERVICE-STABILITY", "yes"),
            ("INPUT_WAIT-FOR-MINUTES", "ten"),
            ("INPUT_FACTOR", "0,5"),
            ("INPUT_DOCKER-LABELS", "nolabel"));

        reader.GetBoolean("wait-for-service-stability", false);
        reader.GetInteger("wait-for-minutes", 30, 1, 360);
        reader.GetRequired("task-definition");
        reader.GetDouble("factor", 1, 0, 10);
        reader.GetKeyValueLines("docker-labels");

        Assert.Collection(reader.Errors,
            e => Assert.Contains("'wait-for-service-stability' value 'yes'", e, StringComparison.Ordinal),
            e => Assert.Contains("'wait-for-minutes' value 'ten' is not a whole number", e, StringComparison.Ordinal),
            e => Assert.Equal("Input 'task-definition' is required but was not given.", e),
            e => Assert.Contains("'factor' value '0,5' is not a number", e, StringComparison.Ordinal),
            e => Assert.Contains("'docker-labels' line 1 'nolabel'", e, StringComparison.Ordinal));
    }

    [Fact]
    public void GetInteger_OutOfRange_ErrorGivesRange()
    {
        var reader = Reader(("INPUT_WAIT-FOR-MINUTES", "0"));

        Assert.Equal(30, reader.GetInteger("wait-for-minutes", 30, 1, 360));
        Assert.Equal("Input 'wait-for-minutes' value '0' is out of range; use a number from 1 to 360.", Assert.Single(reader.Errors));
    }

    [Fact]
    public void GetDouble_InvariantNumber_ParsedAndRangeChecked()
    {
        var reader = Reader(("INPUT_A", "2.5"), ("INPUT_B", "11"), ("INPUT_C", "NaN"));

        Assert.Equal(2.5, reader.GetDouble("a", 0, 0, 10));
        Assert.Equal(1, reader.GetDouble("b", 1, 0, 10));
        Assert.Equal(1, reader.GetDouble("c", 1, 0, 10));

        Assert.Equal(
            ["Input 'b' value '11' is out of range; use a number from 0 to 10.", "Input 'c' value 'NaN' is not a number."],
            reader.Errors);
    }

    [Fact]
    public void GetKeyValueLines_ValuesWithEquals_SplitAtFirstEquals()
    {
        var reader = Reader(("INPUT_ENVIRONMENT-VARIABLES",
            "\n# database\nDB_URL=postgres://u@h/db?sslmode=require&a=b\r\n  EMPTY=  \nTOKEN = abc==\n"));

        var pairs = reader.GetKeyValueLines("environment-variables");

        Assert.Equal(
            [new("DB_URL", "postgres://u@h/db?sslmode=require&a=b"), new("EMPTY", ""), new("TOKEN", "abc==")],
            pairs);
        Assert.Empty(reader.Errors);
    }

    [Fact]
    public void GetKeyValueLines_BadLines_ErrorsNameInputAndLine()
    {
        var reader = Reader(("INPUT_DOCKER-LABELS", "a=1\n\nno-equals\n=value\na=2"));

        var pairs = reader.GetKeyValueLines("docker-labels");

        Assert.Equal([new("a", "1")], pairs);
        Assert.Equal(
        [
            "Input 'docker-labels' line 3 'no-equals' is not KEY=VALUE; write one KEY=VALUE per line.",
            "Input 'docker-labels' line 4 '=value' is not KEY=VALUE; write one KEY=VALUE per line.",
            "Input 'docker-labels' line 5 repeats the key 'a'; give each key once.",
        ], reader.Errors);
    }

    [Fact]
    public void GetLines_CommentsAndBlanks_Skipped()
    {
        var reader = Reader(("INPUT_SUBNETS", "subnet-1\r\n\n# old\n  subnet-2  "));

        Assert.Equal(["subnet-1", "subnet-2"], reader.GetLines("subnets"));
    }

    [Fact]
    public void GetChoice_CaseInsensitive_ReturnsCanonicalWord()
    {
        var reader = Reader(("INPUT_MODE", "BLUE-GREEN"), ("INPUT_OTHER", "rolling"));

        Assert.Equal("blue-green", reader.GetChoice("mode", "auto", "auto", "blue-green"));
        Assert.Equal("auto", reader.GetChoice("other", "auto", "auto", "blue-green"));
        Assert.Equal("Input 'other' value 'rolling' is not one of auto, blue-green.", Assert.Single(reader.Errors));
    }
}
