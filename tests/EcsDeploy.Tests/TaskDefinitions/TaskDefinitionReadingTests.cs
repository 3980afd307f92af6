using System.Text.Json.Nodes;
using EcsDeploy.TaskDefinitions;
using EcsDeploy.Yaml;

namespace EcsDeploy.Tests.TaskDefinitions;

public sealed class TaskDefinitionReadingTests
{
    [Fact]
    public async Task PrepareAsync_JsonFile_DropsReadOnlyAndEmptyValuesAndKeepsUnknownFields()
    {
        using var harness = new PreparerHarness();
        var inputs = TestInputs.Parse(("task-definition", "Inputs/app.json"), ("pin-image-digest", "false"));

        var prepared = await harness.PrepareAsync(inputs, PreparerHarness.Service(null));

        Golden.AssertMatches("from-json-file.json", PreparerHarness.Rendered(prepared));
        Assert.Null(prepared.ExistingArn);
        Assert.Equal(
            ["taskDefinitionArn", "revision", "status", "requiresAttributes", "compatibilities", "registeredAt", "registeredBy"],
            harness.Log.Entries.Where(e => e.Kind == "warning").Select(e => e.Message.Split('\'')[1]));
        Assert.All(harness.Log.Entries.Where(e => e.Kind == "warning"), e => Assert.Equal(Path.Combine("Inputs", "app.json"), e.Properties?.File));
    }

    [Fact]
    public async Task PrepareAsync_YamlFile_TypesPlainScalarsAndKeepsQuotedStrings()
    {
        using var harness = new PreparerHarness();
        var inputs = TestInputs.Parse(("task-definition", "Inputs/app.yaml"), ("pin-image-digest", "false"));

        var prepared = await harness.PrepareAsync(inputs, PreparerHarness.Service(null));

        Golden.AssertMatches("from-yaml-file.json", PreparerHarness.Rendered(prepared));
        var web = prepared.RegisterRequest!["containerDefinitions"]![0]!;
        Assert.Equal("512", prepared.RegisterRequest["cpu"]!.GetValue<string>());
        Assert.Equal("true", web["environment"]![2]!["value"]!.GetValue<string>());
        Assert.Equal(30, web["healthCheck"]!["interval"]!.GetValue<long>());
        Assert.True(web["restartPolicy"]!["enabled"]!.GetValue<bool>());
        Assert.Equal(0.5, web["futureContainerField"]!["ratio"]!.GetValue<double>());
    }

    [Theory]
    [InlineData("a: 1\na: 2\n", "line 2, column 1: Duplicate key")]
    [InlineData("a: [1\n", "line")]
    [InlineData("--- {a: 1}\n--- {b: 2}\n", "2 YAML documents")]
    public void YamlToJson_InvalidYaml_ThrowsFormatExceptionSayingWhere(string yaml, string expected)
    {
        var error = Assert.ThrowsAny<FormatException>(() => YamlToJson.Convert(yaml));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void YamlToJson_CoreSchemaScalars_AreTypedOnlyWhenPlain()
    {
        var node = YamlToJson.Convert("""
            a: 0x1F
            b: 0o17
            c: -12
            d: 1e3
            e: .inf
            f: !!str 5
            g: Null
            h: yes
            i: '3'
            j: 12345678901234567890
            """)!;

        Assert.Equal("""{"a":31,"b":15,"c":-12,"d":1000,"e":".inf","f":"5","g":null,"h":"yes","i":"3","j":12345678901234567890}""", node.ToJsonString());
    }

    [Fact]
    public void ValidateLocal_PascalCaseKeys_NamesTheCamelCaseKey()
    {
        using var temp = new Support.TempDirectory();
        File.WriteAllText(temp.File("td.json"), """{"Family":"x","containerDefinitions":[{"name":"a"}]}""");
        using var harness = new PreparerHarness();

        var problems = harness.Preparer.ValidateLocal(TestInputs.Parse(temp.Path, ("task-definition", "td.json")));

        var problem = Assert.Single(problems);
        Assert.Equal($"Input 'task-definition' value '{temp.File("td.json")}' uses the key 'Family'; task definitions use the camelCase names of the ECS API, so write 'family'.", problem);
    }

    [Theory]
    [InlineData("td.json", "{\"family\": ", "is not valid JSON or YAML")]
    [InlineData("td.yaml", "family: [", "is not valid YAML at line")]
    [InlineData("td.json", "[1, 2]", "does not hold a task definition object")]
    [InlineData("td.json", "{\"family\": \"x\", \"family\": \"y\", \"containerDefinitions\": [{}]}", "is not valid JSON or YAML")]
    [InlineData("td.json", "{\"containerDefinitions\": [{\"name\": \"a\"}]}", "has no family")]
    [InlineData("td.json", "{\"family\": \"x\", \"containerDefinitions\": []}", "has no containerDefinitions")]
    public void ValidateLocal_BadFile_ReportsTheInputAndPath(string name, string text, string expected)
    {
        using var temp = new Support.TempDirectory();
        File.WriteAllText(temp.File(name), text);
        using var harness = new PreparerHarness();

        var problems = harness.Preparer.ValidateLocal(TestInputs.Parse(temp.Path, ("task-definition", name)));

        var problem = Assert.Single(problems);
        Assert.StartsWith($"Input 'task-definition' value '{temp.File(name)}' ", problem, StringComparison.Ordinal);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateLocal_MissingFile_SaysTheFileDoesNotExist()
    {
        using var harness = new PreparerHarness();

        var problems = harness.Preparer.ValidateLocal(TestInputs.Parse(("task-definition", "Inputs/nope.json")));

        Assert.Equal([$"Input 'task-definition' value '{Golden.PathOf("Inputs/nope.json").Replace('/', Path.DirectorySeparatorChar)}' names a file that does not exist; check the path (relative paths start at the workspace)."], problems);
    }

    [Fact]
    public void RemoveEmptyValues_NestedEmpties_RemovedRecursivelyLikeTheOfficialAction()
    {
        var definition = JsonNode.Parse("""
            {"a":"","b":null,"c":[],"d":{},"e":[null,"",{}],"f":{"g":{"h":[""]}},"i":0,"j":false,"k":["x",""],"l":{"m":"n","o":""}}
            """)!.AsObject();

        TaskDefinitionCleaner.RemoveEmptyValues(definition, []);

        Assert.Equal("""{"i":0,"j":false,"k":["x"],"l":{"m":"n"}}""", definition.ToJsonString());
    }

    [Fact]
    public void RemoveEmptyValues_KeepNullValueKeys_KeepsThoseKeysAndTheirParents()
    {
        var definition = JsonNode.Parse("""
            {"family":"f","containerDefinitions":[{"name":"a","command":[],"environment":[{"name":"E","value":""}],"linuxParameters":{"capabilities":{"add":[]}}}]}
            """)!.AsObject();

        TaskDefinitionCleaner.RemoveEmptyValues(definition, ["value", "add"]);

        Assert.Equal("""{"family":"f","containerDefinitions":[{"name":"a","environment":[{"name":"E","value":""}],"linuxParameters":{"capabilities":{"add":[]}}}]}""", definition.ToJsonString());
    }

    [Fact]
    public async Task PrepareAsync_KeepNullValueKeysInput_KeepsEmptyValueInRequest()
    {
        using var harness = new PreparerHarness();
        var inputs = TestInputs.Parse(("task-definition", "Inputs/app.json"), ("pin-image-digest", "false"), ("keep-null-value-keys", "value, dockerLabels"));

        var prepared = await harness.PrepareAsync(inputs, PreparerHarness.Service(null));

        var request = prepared.RegisterRequest!;
        Assert.Equal("", request["containerDefinitions"]![0]!["environment"]![2]!["value"]!.GetValue<string>());
        Assert.Equal("{}", request["containerDefinitions"]![1]!["dockerLabels"]!.ToJsonString());
        Assert.Null(request["volumes"]);
    }
}
