using System.Net;
using System.Text.Json.Nodes;
using EcsDeploy.Aws;
using EcsDeploy.Aws.CodeDeploy;
using Microsoft.Extensions.Time.Testing;

namespace EcsDeploy.Tests.Aws;

/// <summary>Reads get a larger, time-bounded budget; unrepeatable calls are repeated only when AWS surely did nothing; throttling is said once.</summary>
public sealed class RetryBudgetTests
{
    private const string Service = """{"services":[{"serviceName":"web"}]}""";
    private const string Throttled = """{"__type":"ThrottlingException","message":"Rate exceeded"}""";
    private const string Internal = """{"__type":"InternalFailure","message":"oops"}""";

    private readonly List<string> _notices = [];

    private AwsApis Create(FakeAwsHandler handler, int? maxAttempts = null, TimeProvider? time = null) => AwsClients.Create(new AwsClientOptions
    {
        Region = "us-east-1",
        Credentials = TestClients.Credentials,
        MaxAttempts = maxAttempts,
        InnerHandler = handler,
        Time = time ?? TimeProvider.System,
        Jitter = static () => 0,
        OnNotice = _notices.Add,
    });

    private static FakeAwsHandler ThrottledTimes(int times, string then)
    {
        var handler = new FakeAwsHandler();
        for (var i = 0; i < times; i++)
        {
            handler.Respond(HttpStatusCode.BadRequest, Throttled);
        }

        return handler.Respond(HttpStatusCode.OK, then);
    }

    private static CreateDeploymentRequest Create() => new()
    {
        ApplicationName = "app",
        DeploymentGroupName = "dg",
        Revision = new RevisionLocation { AppSpecContent = new AppSpecContent("{}", "sha") },
    };

    [Fact]
    public async Task Read_ThrottledSixTimesWithDefaults_SucceedsAndSaysThrottlingOnce()
    {
        var handler = ThrottledTimes(6, Service);
        using var apis = Create(handler);

        var service = await apis.Ecs.DescribeServiceAsync("prod", "web", CancellationToken.None);

        Assert.Equal("web", service?.ServiceName);
        Assert.Equal(7, handler.Requests.Count);
        var notice = Assert.Single(_notices);
        Assert.StartsWith("AWS is throttling the action's requests (ThrottlingException on ecs:DescribeServices); retrying with backoff.", notice, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_AlwaysThrottledWithDefaults_StopsAtTheReadBudget()
    {
        var handler = new FakeAwsHandler { Fallback = (_, _) => FakeAwsHandler.Response(HttpStatusCode.BadRequest, Throttled) };
        using var apis = Create(handler);

        await Assert.ThrowsAsync<AwsServiceException>(() => apis.Ecs.DescribeServiceAsync("prod", "web", CancellationToken.None));

        Assert.Equal(AwsRetryBudget.DefaultReadAttempts, handler.Requests.Count);
    }

    [Fact]
    public async Task Read_ThrottledPastTheWindow_StopsRetrying()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        var handler = new FakeAwsHandler
        {
            Fallback = (_, _) =>
            {
                time.Advance(TimeSpan.FromMinutes(1));
                return FakeAwsHandler.Response(HttpStatusCode.BadRequest, Throttled);
            },
        };
        using var apis = Create(handler, time: time);

        await Assert.ThrowsAsync<AwsServiceException>(() => apis.Ecs.DescribeServiceAsync("prod", "web", CancellationToken.None));

        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task Change_AlwaysThrottledWithDefaults_StopsAtTheStandardBudget()
    {
        var handler = new FakeAwsHandler { Fallback = (_, _) => FakeAwsHandler.Response(HttpStatusCode.BadRequest, Throttled) };
        using var apis = Create(handler);

        await Assert.ThrowsAsync<AwsServiceException>(() => apis.Ecs.RegisterTaskDefinitionAsync(new JsonObject { ["family"] = "web" }, CancellationToken.None));

        Assert.Equal(AwsRetry.DefaultMaxAttempts, handler.Requests.Count);
    }

    [Fact]
    public async Task Read_MaxAttemptsGiven_AppliesToReadsToo()
    {
        var handler = new FakeAwsHandler { Fallback = (_, _) => FakeAwsHandler.Response(HttpStatusCode.BadRequest, Throttled) };
        using var apis = Create(handler, maxAttempts: 2);

        await Assert.ThrowsAsync<AwsServiceException>(() => apis.Ecs.DescribeServiceAsync("prod", "web", CancellationToken.None));

        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task CreateDeployment_ServerError_IsNotSentAgain()
    {
        var handler = new FakeAwsHandler { Fallback = (_, _) => FakeAwsHandler.Response(HttpStatusCode.InternalServerError, Internal) };
        using var apis = Create(handler);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => apis.CodeDeploy.CreateDeploymentAsync(Create(), CancellationToken.None));

        Assert.Single(handler.Requests);
        Assert.True(LostAnswer.MayHaveReachedAws(error));
    }

    [Fact]
    public async Task CreateDeployment_ThrottledThenOk_IsSentAgain()
    {
        var handler = ThrottledTimes(1, """{"deploymentId":"d-ABCDEF123"}""");
        using var apis = Create(handler);

        Assert.Equal("d-ABCDEF123", await apis.CodeDeploy.CreateDeploymentAsync(Create(), CancellationToken.None));
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task CreateDeployment_ConnectionRefused_IsSentAgain()
    {
        var handler = new FakeAwsHandler()
            .Respond((_, _) => throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused"))
            .Respond(HttpStatusCode.OK, """{"deploymentId":"d-ABCDEF123"}""");
        using var apis = Create(handler);

        Assert.Equal("d-ABCDEF123", await apis.CodeDeploy.CreateDeploymentAsync(Create(), CancellationToken.None));
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task CreateDeployment_ConnectionClosedAfterSending_IsNotSentAgain()
    {
        var handler = new FakeAwsHandler { Fallback = (_, _) => throw new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely.") };
        using var apis = Create(handler);

        await Assert.ThrowsAsync<AwsServiceException>(() => apis.CodeDeploy.CreateDeploymentAsync(Create(), CancellationToken.None));

        Assert.Single(handler.Requests);
    }

    [Theory]
    [InlineData("DescribeServices", AwsCallKind.Read)]
    [InlineData("GetDeployment", AwsCallKind.Read)]
    [InlineData("ListDeployments", AwsCallKind.Read)]
    [InlineData("BatchGetDeploymentTargets", AwsCallKind.Read)]
    [InlineData("RegisterTaskDefinition", AwsCallKind.Change)]
    [InlineData("RunTask", AwsCallKind.Change)]
    [InlineData("CreateDeployment", AwsCallKind.Unrepeatable)]
    [InlineData("ContinueDeployment", AwsCallKind.Unrepeatable)]
    public void KindOf_Operation_IsClassifiedByName(string operation, AwsCallKind kind)
    {
        Assert.Equal(kind, AwsRetryBudget.KindOf(operation));
    }

    [Theory]
    [InlineData("ThrottlingException", 400, false)]
    [InlineData("DeploymentLimitExceededException", 400, false)]
    [InlineData("InternalFailure", 500, true)]
    [InlineData("ServiceUnavailable", 503, true)]
    [InlineData("RequestTimeout", 0, true)]
    [InlineData("CredentialsError", 0, false)]
    public void MayHaveReachedAws_ByAnswer_TellsWhetherTheCallMayHaveWorked(string code, int status, bool reached)
    {
        Assert.Equal(reached, LostAnswer.MayHaveReachedAws(new AwsServiceException("ecs", "UpdateService", code, "m", null, status)));
    }
}
