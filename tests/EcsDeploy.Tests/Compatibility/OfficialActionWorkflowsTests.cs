using System.Text.Json.Nodes;
using EcsDeploy.Deploy;
using EcsDeploy.Sandbox.Scenario;
using EcsDeploy.Tests.Integration;

namespace EcsDeploy.Tests.Compatibility;

/// <summary>
/// Workflows written for aws-actions/amazon-ecs-deploy-task-definition and amazon-ecs-render-task-definition, run
/// through the whole action against the sandbox over HTTP: the inputs go in, the AWS requests and outputs come out.
/// </summary>
public sealed class OfficialActionWorkflowsTests : SandboxActionTest
{
    private static SandboxScenario Scenario() => SandboxAction.Scenario("canary-success.yaml");

    private async Task<List<string>> OperationsAsync() => [.. (await RequestsAsync()).Select(r => r.Operation)];

    private async Task<JsonObject> RegisteredAsync() =>
        Assert.Single(await RequestsAsync(), r => r.Operation == "RegisterTaskDefinition").Body!.AsObject();

    /// <summary>The value of one output in the GITHUB_OUTPUT file (name&lt;&lt;delimiter, value, delimiter).</summary>
    private string Output(string name)
    {
        var lines = Outputs.Split('\n');
        var start = Array.FindIndex(lines, l => l.StartsWith(name + "<<", StringComparison.Ordinal));
        Assert.True(start >= 0, $"Output '{name}' was not set.");
        return lines[start + 1];
    }

    private void WriteTaskDefinition(Action<JsonObject> edit)
    {
        var definition = JsonNode.Parse(File.ReadAllText(Workspace.File("taskdef.json")))!.AsObject();
        edit(definition);
        File.WriteAllText(Workspace.File("taskdef.json"), definition.ToJsonString());
        Environment["INPUT_TASK-DEFINITION"] = "taskdef.json";
    }

    [Fact]
    public async Task EmptyEnvironmentValue_JsonFile_IsRegisteredWithValueEmpty()
    {
        WriteTaskDefinition(d => d["containerDefinitions"]![0]!["environment"] = JsonNode.Parse("""[{"name":"FEATURE_FLAGS","value":""},{"name":"MODE","value":"fast"},{"name":"","value":""}]"""));

        var exit = await RunAsync(Scenario());

        Assert.True(exit == ExitCodes.Succeeded, Log);
        var environment = (await RegisteredAsync())["containerDefinitions"]![0]!["environment"]!;
        Assert.Equal("""[{"name":"FEATURE_FLAGS","value":""},{"name":"MODE","value":"fast"}]""", environment.ToJsonString());
    }

    [Fact]
    public async Task EmptyEnvironmentValue_YamlEntryWithoutValue_IsRegisteredWithValueEmpty()
    {
        File.WriteAllText(Workspace.File("taskdef.yaml"), """
            family: web
            networkMode: awsvpc
            requiresCompatibilities: [FARGATE]
            cpu: "256"
            memory: "512"
            containerDefinitions:
              - name: web
                image: 111122223333.dkr.ecr.us-east-1.amazonaws.com/web:v2
                essential: true
                environment:
                  - name: FEATURE_FLAGS
                  - name: MODE
                    value: fast
                healthCheck:
                  command: []
            """);
        Environment["INPUT_TASK-DEFINITION"] = "taskdef.yaml";

        var exit = await RunAsync(Scenario());

        Assert.True(exit == ExitCodes.Succeeded, Log);
        var web = (await RegisteredAsync())["containerDefinitions"]![0]!.AsObject();
        Assert.Equal("""[{"name":"FEATURE_FLAGS","value":""},{"name":"MODE","value":"fast"}]""", web["environment"]!.ToJsonString());
        Assert.False(web.ContainsKey("healthCheck"), "Other empty values are still dropped.");
    }

    [Fact]
    public async Task AppMeshProxyProperties_KeepOrGetNameAndValue()
    {
        WriteTaskDefinition(d => d["proxyConfiguration"] = JsonNode.Parse("""
            {"type":"APPMESH","containerName":"envoy","properties":[
              {"name":"IgnoredUID","value":"1337"},{"name":"EgressIgnoredIPs","value":""},{"name":"ProxyEgressPort"},{"value":"15000"}]}
            """));

        var exit = await RunAsync(Scenario());

        Assert.True(exit == ExitCodes.Succeeded, Log);
        Assert.Equal(
            """[{"name":"IgnoredUID","value":"1337"},{"name":"EgressIgnoredIPs","value":""},{"name":"ProxyEgressPort","value":""},{"value":"15000","name":""}]""",
            (await RegisteredAsync())["proxyConfiguration"]!["properties"]!.ToJsonString());
    }

    [Fact]
    public async Task ManagedEbsVolumesEmptyObject_MeanNoVolume()
    {
        Environment["INPUT_TASK-DEFINITION"] = "taskdef.json";
        Environment["INPUT_RUN-TASK"] = "true";
        Environment["INPUT_RUN-TASK-MANAGED-EBS-VOLUME"] = "{}";
        Environment["INPUT_SERVICE-MANAGED-EBS-VOLUME"] = "{ }";

        var exit = await RunAsync(Scenario());

        Assert.True(exit == ExitCodes.Succeeded, Log);
        var runTask = Assert.Single(await RequestsAsync(), r => r.Operation == "RunTask").Body!.AsObject();
        Assert.False(runTask.ContainsKey("volumeConfigurations"));
        Assert.DoesNotContain("::warning", Log, StringComparison.Ordinal);
        Assert.Contains("CreateDeployment", await OperationsAsync());
    }

    [Fact]
    public async Task WaitForMinutesAbove360_IsCappedWithANotice()
    {
        Environment["INPUT_TASK-DEFINITION"] = "taskdef.json";
        Environment["INPUT_WAIT-FOR-MINUTES"] = "500";

        var exit = await RunAsync(Scenario());

        Assert.True(exit == ExitCodes.Succeeded, Log);
        Assert.Contains("::notice title=Input adjusted::Input 'wait-for-minutes' value '500' is more than 360; the wait is capped at 360 minutes", Log, StringComparison.Ordinal);
        Assert.Contains("up to 360 min", Log, StringComparison.Ordinal);
        Assert.DoesNotContain("::error", Log, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("15")]
    [InlineData("600")]
    [InlineData("1200")]
    [InlineData("15.5")]
    [InlineData("0")]
    public async Task WaitMaxDelaySeconds_ValuesTheOfficialActionTakes_AreAccepted(string value)
    {
        Environment["INPUT_TASK-DEFINITION"] = "taskdef.json";
        Environment["INPUT_WAIT-MAX-DELAY-SECONDS"] = value;

        var exit = await RunAsync(Scenario());

        Assert.True(exit == ExitCodes.Succeeded, Log);
        Assert.Contains("\nSucceeded\n", Outputs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TaskDefinitionRevision_WithFamily_DeploysThatRevisionNotTheLatest()
    {
        var scenario = Scenario();
        // web:1 and web:2 are registered before the service's own definition, which becomes web:3 (the latest).
        var older = JsonNode.Parse(File.ReadAllText(Workspace.File("taskdef.json")))!.AsObject();
        older["cpu"] = "1024";
        older["memory"] = "2048";
        scenario.Document["taskDefinitions"] = new JsonArray(older, older.DeepClone());
        Environment["INPUT_TASK-DEFINITION-FAMILY"] = "web";
        Environment["INPUT_TASK-DEFINITION-REVISION"] = "2";
        Environment["INPUT_SKIP-IF-UNCHANGED"] = "false";

        var exit = await RunAsync(scenario);

        Assert.True(exit == ExitCodes.Succeeded, Log);
        var described = (await RequestsAsync()).Where(r => r.Operation == "DescribeTaskDefinition").Select(r => (string?)r.Body!["taskDefinition"]).ToList();
        Assert.Contains("web:2", described);
        Assert.DoesNotContain("web", described);
        Assert.Equal("1024", (string?)(await RegisteredAsync())["cpu"]);
    }

    [Fact]
    public async Task Command_IsTheContainerCommandAsInTheRenderAction()
    {
        Environment["INPUT_TASK-DEFINITION"] = "taskdef.json";
        Environment["INPUT_COMMAND"] = "npm start --port 80";

        var exit = await RunAsync(Scenario());

        Assert.True(exit == ExitCodes.Succeeded, Log);
        Assert.Equal("""["npm","start","--port","80"]""", (await RegisteredAsync())["containerDefinitions"]![0]!["command"]!.ToJsonString());
        Assert.Contains("CreateDeployment", await OperationsAsync());
    }

    [Fact]
    public async Task ContainerCommand_StillWorksWithADeprecationWarning()
    {
        Environment["INPUT_TASK-DEFINITION"] = "taskdef.json";
        Environment["INPUT_CONTAINER-COMMAND"] = "npm start";

        var exit = await RunAsync(Scenario());

        Assert.True(exit == ExitCodes.Succeeded, Log);
        Assert.Equal("""["npm","start"]""", (await RegisteredAsync())["containerDefinitions"]![0]!["command"]!.ToJsonString());
        Assert.Contains("::warning title=Input deprecated::Input 'container-command' is deprecated; rename it to 'command'", Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Operation_NamesWhatToDo()
    {
        Environment["INPUT_OPERATION"] = "status";

        var exit = await RunAsync(Scenario());

        Assert.True(exit == ExitCodes.Succeeded, Log);
        var operations = await OperationsAsync();
        Assert.DoesNotContain("RegisterTaskDefinition", operations);
        Assert.DoesNotContain("CreateDeployment", operations);
    }

    [Fact]
    public async Task NoService_RegistersSetsOutputsAndDeploysNothing()
    {
        Environment.Remove("INPUT_SERVICE");
        Environment["INPUT_TASK-DEFINITION"] = "taskdef.json";

        var exit = await RunAsync(Scenario());

        Assert.True(exit == ExitCodes.Succeeded, Log);
        Assert.Equal(["DescribeImages", "RegisterTaskDefinition"], await OperationsAsync());
        Assert.Equal("arn:aws:ecs:us-east-1:111122223333:task-definition/web:2", Output("task-definition-arn"));
        Assert.Contains("::notice title=Nothing deployed::No 'service' was given, so the task definition is only registered and nothing is deployed", Log, StringComparison.Ordinal);
        Assert.DoesNotContain("::error", Log, StringComparison.Ordinal);
        Assert.DoesNotContain("codedeploy-deployment-id", Outputs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoService_DeploymentInputsGiven_WarnThatTheyHaveNoEffect()
    {
        Environment.Remove("INPUT_SERVICE");
        Environment["INPUT_TASK-DEFINITION"] = "taskdef.json";
        Environment["INPUT_CODEDEPLOY-DEPLOYMENT-GROUP"] = "DgpECS-prod-web";

        var exit = await RunAsync(Scenario());

        Assert.True(exit == ExitCodes.Succeeded, Log);
        Assert.Contains("::warning title=Input has no effect::Input 'codedeploy-deployment-group' has no effect without 'service'", Log, StringComparison.Ordinal);
        Assert.DoesNotContain("GetDeploymentGroup", await OperationsAsync());
    }

    [Fact]
    public async Task NoService_RunTask_RunsTheOneOffTaskAndDeploysNothing()
    {
        Environment.Remove("INPUT_SERVICE");
        Environment["INPUT_TASK-DEFINITION"] = "taskdef.json";
        Environment["INPUT_RUN-TASK"] = "true";
        Environment["INPUT_RUN-TASK-SUBNETS"] = "subnet-0a1b2c3d4e5f60001";

        var exit = await RunAsync(Scenario());

        Assert.True(exit == ExitCodes.Succeeded, Log);
        Assert.Equal(["DescribeImages", "RegisterTaskDefinition", "RunTask"], await OperationsAsync());
        Assert.StartsWith("[\"arn:aws:ecs:us-east-1:111122223333:task/prod/", Output("run-task-arn"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoServiceAndNoTaskDefinition_OneInputError()
    {
        Environment.Remove("INPUT_SERVICE");

        var exit = await RunAsync(Scenario());

        Assert.Equal(ExitCodes.InvalidInput, exit);
        Assert.StartsWith("::error title=Invalid input::Neither 'service' nor a task definition", SandboxAction.SingleError(Log), StringComparison.Ordinal);
        Assert.Empty(await RequestsAsync());
    }

    [Fact]
    public async Task UndeclaredInput_FailsBeforeAnyAwsCallNamingTheClosestInput()
    {
        Environment["INPUT_TASK_DEFINITION"] = "taskdef.json";

        var exit = await RunAsync(Scenario());

        Assert.Equal(ExitCodes.InvalidInput, exit);
        Assert.Equal(
            "::error title=Invalid input::Input 'task_definition' (variable INPUT_TASK_DEFINITION) is not an input of this action; did you mean 'task-definition'? Rename or remove it, so that the step does not silently do something else.",
            SandboxAction.SingleError(Log));
        Assert.Empty(await RequestsAsync());
    }

    [Fact]
    public async Task DeclaredInputWithCapitals_AsTheRunnerPassesIt_IsAccepted()
    {
        Environment["INPUT_TASK-DEFINITION"] = "taskdef.json";
        Environment["INPUT_RUN-TASK"] = "true";
        Environment["INPUT_RUN-TASK-SUBNETS"] = "subnet-0a1b2c3d4e5f60001";
        Environment["INPUT_RUN-TASK-ASSIGN-PUBLIC-IP"] = "ENABLED";

        var exit = await RunAsync(Scenario());

        Assert.True(exit == ExitCodes.Succeeded, Log);
        var runTask = Assert.Single(await RequestsAsync(), r => r.Operation == "RunTask").Body!;
        Assert.Equal("ENABLED", (string?)runTask["networkConfiguration"]!["awsvpcConfiguration"]!["assignPublicIp"]);
    }

    [Fact]
    public async Task RenderedTaskDefinition_IsWrittenInsideTheWorkspaceForLaterSteps()
    {
        Environment["INPUT_TASK-DEFINITION"] = "taskdef.json";
        Environment["INPUT_COMMAND"] = "serve";

        var exit = await RunAsync(Scenario());

        Assert.True(exit == ExitCodes.Succeeded, Log);
        Assert.Equal(".ecs-deploy/web.json", Output("rendered-task-definition"));
        var rendered = JsonNode.Parse(File.ReadAllText(Path.Combine(Workspace.Path, ".ecs-deploy", "web.json")))!;
        Assert.True(JsonNode.DeepEquals(await RegisteredAsync(), rendered), "The rendered file is what was registered.");
        Assert.Equal("*\n", File.ReadAllText(Path.Combine(Workspace.Path, ".ecs-deploy", ".gitignore")));
    }
}
