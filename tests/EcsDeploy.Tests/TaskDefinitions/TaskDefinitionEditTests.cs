using System.Text.Json.Nodes;
using EcsDeploy.TaskDefinitions;

namespace EcsDeploy.Tests.TaskDefinitions;

public sealed class TaskDefinitionEditTests
{
    private static async Task<JsonObject> RenderAsync(string file, params (string Name, string Value)[] edits)
    {
        using var harness = new PreparerHarness();
        var inputs = TestInputs.Parse([("task-definition", file), ("pin-image-digest", "false"), .. edits]);
        var prepared = await harness.PrepareAsync(inputs, PreparerHarness.Service(null));
        return prepared.RegisterRequest!;
    }

    private static IReadOnlyList<string> ValidateEdits(string file, params (string Name, string Value)[] edits)
    {
        using var harness = new PreparerHarness();
        return harness.Preparer.ValidateLocal(TestInputs.Parse([("task-definition", file), .. edits]));
    }

    private static JsonObject Container(JsonObject request, string name) =>
        request["containerDefinitions"]!.AsArray().OfType<JsonObject>().Single(c => c["name"]!.GetValue<string>() == name);

    private static string Env(JsonObject container, string field = "environment") =>
        string.Join(";", container[field]?.AsArray().Select(e => $"{e!["name"]}={e["value"] ?? e["valueFrom"]}") ?? []);

    [Fact]
    public async Task Apply_ImageWithContainerNameList_SetsEachNamedContainer()
    {
        var request = await RenderAsync("Inputs/app.json", ("image", "repo/app:2"), ("container-name", " web , worker "));

        Assert.Equal("repo/app:2", Container(request, "web")["image"]!.GetValue<string>());
        Assert.Equal("repo/app:2", Container(request, "worker")["image"]!.GetValue<string>());
    }

    [Fact]
    public async Task Apply_ImageWithSingleContainerAndNoName_SetsThatContainer()
    {
        var request = await RenderAsync("Inputs/single.json", ("image", "nginx:1.28"));

        Assert.Equal("nginx:1.28", Container(request, "app")["image"]!.GetValue<string>());
    }

    [Fact]
    public async Task Apply_ContainersLines_SetsDifferentImagesPerContainer()
    {
        var request = await RenderAsync("Inputs/app.json", ("containers", "web=repo/web:3\nworker = repo/worker:4\n"));

        Assert.Equal("repo/web:3", Container(request, "web")["image"]!.GetValue<string>());
        Assert.Equal("repo/worker:4", Container(request, "worker")["image"]!.GetValue<string>());
    }

    [Fact]
    public void ValidateLocal_UnknownContainer_NamesItAndTheExistingOnes()
    {
        Assert.Equal(
            ["Input 'container-name' value 'api' names a container the task definition does not have; it has web, worker."],
            ValidateEdits("Inputs/app.json", ("image", "x:1"), ("container-name", "api")));
        Assert.Equal(
            ["Input 'containers' value 'api=x:1' names container 'api', which the task definition does not have; it has web, worker."],
            ValidateEdits("Inputs/app.json", ("containers", "api=x:1")));
    }

    [Fact]
    public void ValidateLocal_ContainerEditWithSeveralContainersAndNoName_AsksForContainerName()
    {
        Assert.Equal(
            ["Input 'container-name' is needed: the task definition has 2 containers (web, worker) and the edits must say which ones they change."],
            ValidateEdits("Inputs/app.json", ("environment-variables", "A=1")));
    }

    [Fact]
    public async Task Apply_EnvironmentMerge_SetsAddsRemovesAndKeepsEqualsSigns()
    {
        var request = await RenderAsync(
            "Inputs/app.json",
            ("container-name", "web"),
            ("environment-variables", "LOG_LEVEL=debug\n-DATABASE_URL\nQUERY=a=1&b=2\nEMPTY=\n# a comment\n-NOT_THERE"));

        Assert.Equal("LOG_LEVEL=debug;UNUSED=;QUERY=a=1&b=2;EMPTY=", Env(Container(request, "web")));
        Assert.Equal("""{"name":"EMPTY","value":""}""", Container(request, "web")["environment"]![3]!.ToJsonString());
        Assert.Null(Container(request, "worker")["environment"]);
    }

    [Fact]
    public async Task Apply_EnvironmentReplace_ReplacesTheWholeList()
    {
        var request = await RenderAsync("Inputs/app.json", ("container-name", "web"), ("environment-mode", "replace"), ("environment-variables", "ONLY=1"));

        Assert.Equal("ONLY=1", Env(Container(request, "web")));
    }

    [Fact]
    public async Task Apply_RemovingTheLastVariable_RemovesTheList()
    {
        var request = await RenderAsync("Inputs/single.json", ("environment-variables", "-MODE"));

        Assert.Null(Container(request, "app")["environment"]);
    }

    [Fact]
    public async Task Apply_Secrets_MergeAndRemove()
    {
        var request = await RenderAsync(
            "Inputs/app.json",
            ("container-name", "web"),
            ("secrets", "-API_TOKEN\nDB_PASSWORD=arn:aws:ssm:us-east-1:123456789012:parameter/db/password"));

        Assert.Equal("DB_PASSWORD=arn:aws:ssm:us-east-1:123456789012:parameter/db/password", Env(Container(request, "web"), "secrets"));
    }

    [Fact]
    public async Task Apply_DockerLabels_MergeRemoveAndReplace()
    {
        var merged = await RenderAsync("Inputs/single.json", ("docker-labels", "version=1.2=beta\n-team"));
        var replaced = await RenderAsync("Inputs/single.json", ("docker-labels", "a=b"), ("docker-labels-mode", "replace"));

        Assert.Equal("""{"version":"1.2=beta"}""", Container(merged, "app")["dockerLabels"]!.ToJsonString());
        Assert.Equal("""{"a":"b"}""", Container(replaced, "app")["dockerLabels"]!.ToJsonString());
    }

    [Fact]
    public async Task Apply_EnvFiles_AddsS3FilesOnce()
    {
        var request = await RenderAsync("Inputs/single.json", ("env-files", "arn:aws:s3:::my-bucket/app.env\narn:aws:s3:::my-bucket/app.env\narn:aws-cn:s3:::other-bucket/x/y.env"));

        Assert.Equal(
            """[{"value":"arn:aws:s3:::my-bucket/app.env","type":"s3"},{"value":"arn:aws-cn:s3:::other-bucket/x/y.env","type":"s3"}]""",
            Container(request, "app")["environmentFiles"]!.ToJsonString());
    }

    [Fact]
    public async Task Apply_LogConfiguration_SetsDriverAndMergesOptions()
    {
        var request = await RenderAsync(
            "Inputs/app.json",
            ("container-name", "worker"),
            ("log-configuration-log-driver", "awsfirelens"),
            ("log-configuration-options", "Name=cloudwatch\nlog_key=a=b\n-awslogs-region"));

        Assert.Equal(
            """{"logDriver":"awsfirelens","options":{"awslogs-group":"/ecs/app","awslogs-stream-prefix":"worker","Name":"cloudwatch","log_key":"a=b"}}""",
            Container(request, "worker")["logConfiguration"]!.ToJsonString());
    }

    [Fact]
    public void ValidateLocal_LogOptionsWithoutDriverOnContainerWithoutLogging_AsksForTheDriver()
    {
        Assert.Equal(
            ["Input 'log-configuration-options' needs 'log-configuration-log-driver' because container 'app' has no log configuration yet."],
            ValidateEdits("Inputs/single.json", ("log-configuration-options", "a=b")));
    }

    [Theory]
    [InlineData("""["node", "server.js", "--port=8080"]""", """["node","server.js","--port=8080"]""")]
    [InlineData("""sh -c 'echo "hi there" && sleep 1' x\ y "a\"b" ''""", """["sh","-c","echo \u0022hi there\u0022 \u0026\u0026 sleep 1","x y","a\u0022b",""]""")]
    public async Task Apply_Command_JsonArrayOrShellWords(string command, string expected)
    {
        var request = await RenderAsync("Inputs/single.json", ("container-command", command));

        Assert.Equal(expected, Container(request, "app")["command"]!.ToJsonString());
    }

    [Fact]
    public async Task Apply_TaskLevelRolesCpuAndMemory_AreSet()
    {
        var request = await RenderAsync(
            "Inputs/app.json",
            ("task-role-arn", "arn:aws-us-gov:iam::123456789012:role/app-task"),
            ("execution-role-arn", "arn:aws-cn:iam::123456789012:role/path/exec"),
            ("cpu", "1 vCPU"),
            ("memory", "2048"));

        Assert.Equal("arn:aws-us-gov:iam::123456789012:role/app-task", request["taskRoleArn"]!.GetValue<string>());
        Assert.Equal("arn:aws-cn:iam::123456789012:role/path/exec", request["executionRoleArn"]!.GetValue<string>());
        Assert.Equal("1 vCPU", request["cpu"]!.GetValue<string>());
        Assert.Equal("2048", request["memory"]!.GetValue<string>());
    }

    [Fact]
    public async Task Apply_EveryEdit_LeavesUnknownFieldsUntouched()
    {
        var request = await RenderAsync(
            "Inputs/app.json",
            ("containers", "web=repo/web:9\nworker=repo/worker:9"),
            ("container-name", "web"),
            ("environment-variables", "A=1"),
            ("container-command", "run"),
            ("cpu", "1024"));

        Assert.Equal("""{"mode":"new","list":[1,2,3]}""", Container(request, "web")["futureContainerField"]!.ToJsonString());
        Assert.Equal("""{"enabled":false,"weight":0}""", request["futureTopLevelField"]!.ToJsonString());
        Assert.Equal("""{"enabled":true,"ignoredExitCodes":[0],"restartAttemptPeriod":60}""", Container(request, "web")["restartPolicy"]!.ToJsonString());
    }

    [Fact]
    public async Task Apply_TwoContainerImagesAndARemovedVariable_UpdatesBoth()
    {
        var request = await RenderAsync(
            "Inputs/app.json",
            ("containers", "web=repo/web:abc123\nworker=repo/worker:abc123"),
            ("container-name", "web,worker"),
            ("environment-variables", "RELEASE=abc123\n-LOG_LEVEL"));

        Assert.Equal("repo/web:abc123", Container(request, "web")["image"]!.GetValue<string>());
        Assert.Equal("repo/worker:abc123", Container(request, "worker")["image"]!.GetValue<string>());
        Assert.Equal("DATABASE_URL=postgres://db:5432/app?sslmode=require;UNUSED=;RELEASE=abc123", Env(Container(request, "web")));
        Assert.Equal("RELEASE=abc123", Env(Container(request, "worker")));
    }

    [Fact]
    public async Task Render_OwnOutputWithSameEdits_ChangesNothing()
    {
        using var temp = new Support.TempDirectory();
        (string, string)[] edits =
        [
            ("containers", "web=repo/web:9\nworker=repo/worker:9"),
            ("container-name", "web,worker"),
            ("environment-variables", "LOG_LEVEL=debug\n-DATABASE_URL\nEMPTY=\nQ=a=b"),
            ("secrets", "S=arn:aws:ssm:us-east-1:123456789012:parameter/s"),
            ("docker-labels", "l=1"),
            ("env-files", "arn:aws:s3:::bucket-1/a.env"),
            ("log-configuration-log-driver", "awslogs"),
            ("log-configuration-options", "awslogs-group=/ecs/x"),
            ("container-command", "a 'b c'"),
            ("cpu", "1024"),
            ("memory", "4 GB"),
        ];
        var first = await RenderAsync("Inputs/app.yaml", edits);
        File.WriteAllText(temp.File("first.json"), TaskDefinitionJson.Format(first));

        var second = await RenderAsync(temp.File("first.json"), edits);

        Assert.Equal(TaskDefinitionJson.Format(first), TaskDefinitionJson.Format(second));
    }
}
