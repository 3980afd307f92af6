using System.Text.Json.Nodes;
using EcsDeploy.Sandbox.Hosting;
using EcsDeploy.Sandbox.Protocol;
using EcsDeploy.Sandbox.Scenario;
using EcsDeploy.Sandbox.Tests.Support;

namespace EcsDeploy.Sandbox.Tests;

public sealed class ProtocolTests
{
    [Fact]
    public async Task Call_OperationNotImplemented_UnknownOperationException()
    {
        await using var sandbox = await TestSandbox.StartExampleAsync("sandbox/canary-success.yaml");
        using var client = new SandboxClient(sandbox.BaseUrl);

        var response = await client.SendAsync(SandboxClient.EcsPrefix, "ecs", "CreateCluster", new { clusterName = "x" });

        Assert.Equal(400, response.Status);
        Assert.Equal("UnknownOperationException", response.ErrorCode);
    }

    [Fact]
    public async Task Call_UnknownTargetPrefix_UnknownOperationException()
    {
        await using var sandbox = await TestSandbox.StartExampleAsync("sandbox/canary-success.yaml");
        using var client = new SandboxClient(sandbox.BaseUrl);

        var response = await client.SendAsync("Lambda_20150331", "lambda", "Invoke", new { });

        Assert.Equal(400, response.Status);
        Assert.Equal("UnknownOperationException", response.ErrorCode);
    }

    [Fact]
    public async Task Call_Answered_RequestIdAndJson11ContentType()
    {
        await using var sandbox = await TestSandbox.StartExampleAsync("sandbox/canary-success.yaml");
        using var http = new HttpClient();
        using var client = new SandboxClient(sandbox.BaseUrl);

        var response = await client.SendAsync(SandboxClient.EcrPrefix, "ecr", "DescribeRepositories");
        using var raw = await http.PostAsync(sandbox.BaseUrl + "/", new StringContent("{}"));

        Assert.True(Guid.TryParse(response.Headers.GetValues("x-amzn-RequestId").Single(), out _));
        Assert.Equal("application/x-amz-json-1.1", raw.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Call_HandlerThrows_InternalFailure500WithMessage()
    {
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions
        {
            Scenario = SandboxScenario.Load(TestSandbox.Example("sandbox/canary-success.yaml")),
            ExtraHandlers = (_, _) => [new ThrowingHandler()],
        });
        using var client = new SandboxClient(sandbox.BaseUrl);

        var response = await client.SendAsync("Broken_20200101", "ecs", "DescribeClusters");

        Assert.Equal(500, response.Status);
        Assert.Equal("InternalFailure", response.ErrorCode);
        Assert.Equal("the handler broke", response.Message);
        Assert.Equal(500, sandbox.World.RequestLog.Single().Status);
    }

    [Theory]
    [InlineData(true, 500)]
    [InlineData(false, 200)]
    public async Task Call_ResponseOutsideModel_InternalFailureWhenValidating(bool validate, int status)
    {
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions
        {
            Scenario = SandboxScenario.Load(TestSandbox.Example("sandbox/canary-success.yaml")),
            ExtraHandlers = (_, _) => [new OffModelHandler()],
            ValidateResponses = validate,
        });
        using var client = new SandboxClient(sandbox.BaseUrl);

        var response = await client.SendAsync("OffModel_20200101", "ecs", "DescribeClusters");

        Assert.Equal(status, response.Status);
        if (validate)
        {
            Assert.Equal("InternalFailure", response.ErrorCode);
            Assert.Contains("DescribeClusters response does not match the ecs model", response.Message, StringComparison.Ordinal);
            Assert.Contains("clusterCount", response.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task DescribeTaskDefinition_MemberNewerThanModelWasRegistered_EchoedWithoutFailingValidation()
    {
        await using var sandbox = await TestSandbox.StartExampleAsync("sandbox/canary-success.yaml");
        using var client = new SandboxClient(sandbox.BaseUrl);
        var definition = JsonNode.Parse(File.ReadAllText(TestSandbox.Example("taskdef.json")))!.AsObject();
        definition["futureFeature"] = new JsonObject { ["mode"] = "on" };
        await client.CallAsync(SandboxClient.EcsPrefix, "ecs", "RegisterTaskDefinition", definition.ToJsonString());

        var described = await client.SendAsync(SandboxClient.EcsPrefix, "ecs", "DescribeTaskDefinition", new { taskDefinition = "web" });

        Assert.Equal(200, described.Status);
        Assert.Equal("on", (string?)described.Body!["taskDefinition"]!["futureFeature"]!["mode"]);
    }

    [Fact]
    public void Options_Default_ValidatesResponses() => Assert.True(new SandboxOptions().ValidateResponses);

    // Answers with a member the DescribeClusters output shape does not have.
    private sealed class OffModelHandler : IServiceHandler
    {
        public string TargetPrefix => "OffModel_20200101";

        public string SigningName => "ecs";

        public bool Supports(string operation) => true;

        public JsonNode Handle(string operation, JsonObject body) => new JsonObject { ["clusters"] = new JsonArray(), ["clusterCount"] = 1 };
    }

    private sealed class ThrowingHandler : IServiceHandler
    {
        public string TargetPrefix => "Broken_20200101";

        public string SigningName => "ecs";

        public bool Supports(string operation) => true;

        public JsonNode Handle(string operation, JsonObject body) => throw new InvalidOperationException("the handler broke");
    }
}
