using System.Text.Json.Nodes;
using EcsDeploy.Sandbox.Tests.Support;
using EcsDeploy.Sandbox.Validation;

namespace EcsDeploy.Sandbox.Tests;

public sealed class ValidationTests
{
    private const string Example = "sandbox/canary-success.yaml";

    [Fact]
    public async Task RegisterTaskDefinition_MissingContainerDefinitions_InvalidParameterException()
    {
        await using var sandbox = await TestSandbox.StartExampleAsync(Example);
        using var client = new SandboxClient(sandbox.BaseUrl);

        var response = await client.SendAsync(SandboxClient.EcsPrefix, "ecs", "RegisterTaskDefinition", new { family = "web" });

        Assert.Equal(400, response.Status);
        Assert.Equal("InvalidParameterException", response.ErrorCode);
        Assert.Equal("1 validation error detected: Value at 'containerDefinitions' failed to satisfy constraint: Member must not be null", response.Message);
    }

    [Fact]
    public async Task ListTaskDefinitions_BadEnum_InvalidParameterException()
    {
        await using var sandbox = await TestSandbox.StartExampleAsync(Example);
        using var client = new SandboxClient(sandbox.BaseUrl);

        var response = await client.SendAsync(SandboxClient.EcsPrefix, "ecs", "ListTaskDefinitions", new { status = "RETIRED" });

        Assert.Equal("InvalidParameterException", response.ErrorCode);
        Assert.Contains("Value 'RETIRED' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [ACTIVE, INACTIVE, DELETE_IN_PROGRESS]", response.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateService_DesiredCountNotANumber_InvalidParameterException()
    {
        await using var sandbox = await TestSandbox.StartExampleAsync(Example);
        using var client = new SandboxClient(sandbox.BaseUrl);

        var response = await client.SendAsync(SandboxClient.EcsPrefix, "ecs", "UpdateService", new { service = "web", cluster = "prod", desiredCount = "two" });

        Assert.Equal("InvalidParameterException", response.ErrorCode);
        Assert.Contains("'desiredCount'", response.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DescribeImages_RepositoryNameTooLong_ValidationException()
    {
        await using var sandbox = await TestSandbox.StartExampleAsync(Example);
        using var client = new SandboxClient(sandbox.BaseUrl);

        var response = await client.SendAsync(SandboxClient.EcrPrefix, "ecr", "DescribeImages", new { repositoryName = new string('a', 300) });

        Assert.Equal(400, response.Status);
        Assert.Equal("ValidationException", response.ErrorCode);
        Assert.Contains("Member must have length less than or equal to 256", response.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DescribeServices_UnknownMember_Ignored()
    {
        await using var sandbox = await TestSandbox.StartExampleAsync(Example);
        using var client = new SandboxClient(sandbox.BaseUrl);

        var response = await client.SendAsync(SandboxClient.EcsPrefix, "ecs", "DescribeServices", new { cluster = "prod", services = new[] { "web" }, colour = "blue" });

        Assert.Equal(200, response.Status);
    }

    [Fact]
    public async Task Call_BodyNotJson_SerializationException()
    {
        await using var sandbox = await TestSandbox.StartExampleAsync(Example);
        using var client = new SandboxClient(sandbox.BaseUrl);

        var response = await client.SendAsync(SandboxClient.EcsPrefix, "ecs", "DescribeServices", "{not json");

        Assert.Equal("SerializationException", response.ErrorCode);
    }

    [Theory]
    [InlineData("GetDeployment", "{}", "DeploymentIdRequiredException")]
    [InlineData("CreateDeployment", "{\"deploymentGroupName\":\"g\"}", "ApplicationNameRequiredException")]
    [InlineData("GetDeploymentGroup", "{\"applicationName\":\"a\"}", "DeploymentGroupNameRequiredException")]
    [InlineData("ListDeployments", "{\"includeOnlyStatuses\":[\"Bogus\"]}", "ValidationException")]
    public void ToAwsError_CodeDeployProblem_SpecificErrorWhenModelListsOne(string operation, string body, string code)
    {
        var problems = ModelValidator.ValidateInput("codedeploy", operation, JsonNode.Parse(body));

        var error = ValidationErrors.ToAwsError("codedeploy", operation, problems);

        Assert.Equal(code, error.Code);
        Assert.Equal(400, error.Status);
    }

    [Fact]
    public void ValidateInput_NestedProblems_PathNamesTheMember()
    {
        var body = JsonNode.Parse("""{"family":"web","containerDefinitions":[{"name":"web","portMappings":[{"containerPort":"8080"}]}]}""");

        var problems = ModelValidator.ValidateInput("ecs", "RegisterTaskDefinition", body);

        var problem = Assert.Single(problems);
        Assert.Equal("containerDefinitions[0].portMappings[0].containerPort", problem.Path);
        Assert.Equal(ProblemKind.Type, problem.Kind);
    }

    [Fact]
    public void ValidateOutput_MemberNotInModel_Problem()
    {
        var problems = ModelValidator.ValidateOutput("ecs", "DescribeServices", JsonNode.Parse("""{"services":[{"serviceName":"web","colour":"blue"}]}"""));

        Assert.Equal(ProblemKind.Unknown, Assert.Single(problems).Kind);
    }

    [Fact]
    public async Task DescribeServices_NullServiceName_InvalidParameterExceptionNotACrash()
    {
        await using var sandbox = await TestSandbox.StartExampleAsync(Example);
        using var client = new SandboxClient(sandbox.BaseUrl);

        var response = await client.SendAsync(SandboxClient.EcsPrefix, "ecs", "DescribeServices", """{"cluster":"prod","services":[null]}""");

        Assert.Equal(400, response.Status);
        Assert.Equal("InvalidParameterException", response.ErrorCode);
        Assert.Contains("'services[0]'", response.Message, StringComparison.Ordinal);
    }
}
