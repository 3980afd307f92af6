using EcsDeploy.Deploy;

namespace EcsDeploy.Tests.Integration;

/// <summary>Files that once crashed the action or escaped their folder: each ends with exit 2, one annotated line, no AWS call and no trace.</summary>
public sealed class HostileFilesAgainstSandboxTests : SandboxActionTest
{
    private const string Definition = """
        family: web
        cpu: CPU
        containerDefinitions:
          - name: web
            image: nginx:latest
        """;

    private static string Nested(int depth) => new string('[', depth) + new string(']', depth);

    private async Task<string> FailsAsync(string file, string content, string input = "INPUT_TASK-DEFINITION")
    {
        File.WriteAllText(Workspace.File(file), content);
        Environment[input] = file;

        var exit = await RunAsync(SandboxAction.Scenario("canary-success.yaml"));

        Assert.True(exit == ExitCodes.InvalidInput, Log);
        Assert.Empty(await RequestsAsync());
        Assert.DoesNotContain("   at ", Log, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", Log, StringComparison.Ordinal);
        return SandboxAction.SingleError(Log);
    }

    [Fact]
    public async Task TaskDefinition_OctalIntegerBeyond64Bits_FailsOnItsLine()
    {
        var error = await FailsAsync("taskdef.yaml", Definition.Replace("CPU", "0o7777777777777777777777777", StringComparison.Ordinal));

        Assert.StartsWith("::error title=Invalid input,file=taskdef.yaml,line=2::Input 'task-definition'", error, StringComparison.Ordinal);
        Assert.Contains("at line 2, column 6: the integer 0o7777777777777777777777777 does not fit in 64 bits", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppSpec_DecimalIntegerBeyond64Bits_FailsOnItsLine()
    {
        Environment["INPUT_TASK-DEFINITION"] = "taskdef.json";
        var error = await FailsAsync("appspec.yaml", "version: 0.0\nResources:\n  - TargetService:\n      Properties:\n        ContainerPort: 99999999999999999999999\n", "INPUT_CODEDEPLOY-APPSPEC");

        Assert.StartsWith("::error title=Invalid input,file=appspec.yaml,line=5::Input 'codedeploy-appspec'", error, StringComparison.Ordinal);
        Assert.Contains("does not fit in 64 bits", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TaskDefinition_YamlNestedThirtyThousandDeep_FailsWithTheDepthLimit()
    {
        var error = await FailsAsync("taskdef.yaml", "family: web\nvolumes: " + Nested(30_000) + "\n");

        Assert.Contains("file=taskdef.yaml,line=2::", error, StringComparison.Ordinal);
        Assert.Contains("nest deeper than 64 levels", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TaskDefinition_JsonNestedThirtyThousandDeep_FailsWithTheDepthLimit()
    {
        var error = await FailsAsync("taskdef.json", "{\"family\": \"web\",\n\"volumes\": " + Nested(30_000) + "}");

        Assert.Contains("file=taskdef.json,line=2::", error, StringComparison.Ordinal);
        Assert.Contains("nest deeper than 64 levels", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TaskDefinition_DeepJsonWithoutJsonExtension_FailsAsJsonWithoutFallingToYaml()
    {
        var error = await FailsAsync("taskdef.txt", "{\"family\": \"web\",\n\"volumes\": " + Nested(30_000) + "}");

        Assert.Contains("file=taskdef.txt,line=2::", error, StringComparison.Ordinal);
        Assert.Contains("nest deeper than 64 levels", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TaskDefinition_InvalidYaml_GivesLineAndColumn()
    {
        var error = await FailsAsync("taskdef.yaml", "family: web\ncontainerDefinitions:\n  - name: web\n    image: [nginx\n");

        Assert.Matches(@"file=taskdef\.yaml,line=\d+::.* is not valid YAML at line \d+, column \d+: ", error);
        Assert.DoesNotContain("current state of the object", error, StringComparison.Ordinal);
        Assert.DoesNotContain("(Line:", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TaskDefinition_JsonSyntaxError_GivesTheRightLineAndColumn()
    {
        var error = await FailsAsync("taskdef.json", "{\n  \"family\": \"web\",\n  \"cpu\": 256 256\n}");

        Assert.Contains("file=taskdef.json,line=3::", error, StringComparison.Ordinal);
        Assert.Contains("is not valid JSON or YAML at line 3, column 14: ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TaskDefinition_KeyTwice_NamesTheLineOfTheSecond()
    {
        var error = await FailsAsync("taskdef.json", "{\n  \"family\": \"web\",\n  \"family\": \"api\"\n}");

        Assert.Contains("file=taskdef.json,line=3::", error, StringComparison.Ordinal);
        Assert.Contains("key 'family' appears twice", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TaskDefinition_LargerThanEcsAccepts_SaysTheLimit()
    {
        var error = await FailsAsync("taskdef.yaml", Definition.Replace("CPU", "256", StringComparison.Ordinal) + "\n# " + new string('x', 70_000) + "\n");

        Assert.Contains("is larger than 64 KiB, the largest task definition ECS accepts", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../../../escaped")]
    [InlineData("web/api")]
    [InlineData("web..api")]
    [InlineData("web api")]
    public async Task TaskDefinition_FamilyEcsWouldRefuse_FailsBeforeAnyFileIsWritten(string family)
    {
        var temp = Workspace.File("runner-temp");
        Directory.CreateDirectory(temp);
        Environment["RUNNER_TEMP"] = temp;

        var error = await FailsAsync("taskdef.json", $$"""{"family": "{{family}}", "containerDefinitions": [{"name": "web", "image": "nginx"}]}""");

        Assert.Contains($"has family '{family}', which ECS does not accept", error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(temp, "*", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(Workspace.Path)!, "*escaped*"));
    }
}
