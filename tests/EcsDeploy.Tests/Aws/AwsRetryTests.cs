using System.Net;
using System.Threading.Channels;
using EcsDeploy.Aws;
using Microsoft.Extensions.Time.Testing;

namespace EcsDeploy.Tests.Aws;

public sealed class AwsRetryTests
{
    private const string Service = """{"services":[{"serviceName":"web"}]}""";
    private const string Throttled = """{"__type":"ThrottlingException","message":"Rate exceeded"}""";

    [Fact]
    public async Task CallAsync_ThrottledTwiceThenOk_SucceedsOnThirdRequest()
    {
        var handler = new FakeAwsHandler()
            .Respond(HttpStatusCode.BadRequest, Throttled)
            .Respond(HttpStatusCode.BadRequest, Throttled)
            .Respond(HttpStatusCode.OK, Service);
        using var apis = TestClients.Create(handler);

        var service = await apis.Ecs.DescribeServiceAsync("prod", "web", CancellationToken.None);

        Assert.Equal("web", service?.ServiceName);
        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public async Task CallAsync_ClientException_FailsOnFirstAttempt()
    {
        var handler = new FakeAwsHandler().Respond(HttpStatusCode.BadRequest,
            """{"__type":"com.amazonaws.ecs#ClientException","message":"Cluster not found."}""", ("x-amzn-RequestId", "req-123"));
        using var apis = TestClients.Create(handler);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => apis.Ecs.DescribeServiceAsync("prod", "web", CancellationToken.None));

        Assert.Single(handler.Requests);
        Assert.Equal("ecs", error.Service);
        Assert.Equal("DescribeServices", error.Operation);
        Assert.Equal("ClientException", error.ErrorCode);
        Assert.Equal("Cluster not found.", error.AwsMessage);
        Assert.Equal("req-123", error.RequestId);
        Assert.Equal(400, error.StatusCode);
    }

    [Fact]
    public async Task CallAsync_AlwaysThrottled_StopsAfterMaxAttempts()
    {
        var handler = new FakeAwsHandler { Fallback = (_, _) => FakeAwsHandler.Response(HttpStatusCode.BadRequest, Throttled) };
        using var apis = TestClients.Create(handler, maxAttempts: 3);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => apis.Ecs.DescribeServiceAsync("prod", "web", CancellationToken.None));

        Assert.Equal(3, handler.Requests.Count);
        Assert.Equal("ThrottlingException", error.ErrorCode);
    }

    [Fact]
    public async Task CallAsync_MaxAttemptsOne_DoesNotRetry()
    {
        var handler = new FakeAwsHandler { Fallback = (_, _) => FakeAwsHandler.Response(HttpStatusCode.BadRequest, Throttled) };
        using var apis = TestClients.Create(handler, maxAttempts: 1);

        await Assert.ThrowsAsync<AwsServiceException>(() => apis.Ecs.DescribeServiceAsync("prod", "web", CancellationToken.None));

        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task CallAsync_ServiceUnavailable503_IsRetried()
    {
        var handler = new FakeAwsHandler()
            .Respond(HttpStatusCode.ServiceUnavailable, "<html>busy</html>")
            .Respond(HttpStatusCode.OK, Service);
        using var apis = TestClients.Create(handler);

        var service = await apis.Ecs.DescribeServiceAsync("prod", "web", CancellationToken.None);

        Assert.NotNull(service);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task CallAsync_ConnectionRefusedEveryTime_FailsWithConnectionErrorAfterAllAttempts()
    {
        var handler = new FakeAwsHandler { Fallback = (_, _) => throw new HttpRequestException("Connection refused") };
        using var apis = TestClients.Create(handler, maxAttempts: 2);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => apis.Ecs.DescribeServiceAsync("prod", "web", CancellationToken.None));

        Assert.Equal(2, handler.Requests.Count);
        Assert.Equal(AwsRetry.ConnectionErrorCode, error.ErrorCode);
        Assert.Equal(0, error.StatusCode);
    }

    [Fact]
    public async Task CallAsync_AttemptTimesOut_IsRetried()
    {
        var handler = new FakeAwsHandler()
            .Respond((_, _) => throw new TaskCanceledException("timed out", new TimeoutException()))
            .Respond(HttpStatusCode.OK, Service);
        using var apis = TestClients.Create(handler);

        var service = await apis.Ecs.DescribeServiceAsync("prod", "web", CancellationToken.None);

        Assert.NotNull(service);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task CallAsync_UserCancels_IsNotRetried()
    {
        using var cancellation = new CancellationTokenSource();
        var handler = new FakeAwsHandler
        {
            Fallback = (_, token) =>
            {
                cancellation.Cancel();
                token.ThrowIfCancellationRequested();
                return FakeAwsHandler.Response(HttpStatusCode.OK, Service);
            },
        };
        using var apis = TestClients.Create(handler, maxAttempts: 5);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => apis.Ecs.DescribeServiceAsync("prod", "web", cancellation.Token));

        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task CallAsync_Retried_EachAttemptIsNewMessageWithValidSignature()
    {
        var handler = new FakeAwsHandler()
            .Respond(HttpStatusCode.InternalServerError, """{"__type":"ServerException","message":"boom"}""")
            .Respond(HttpStatusCode.BadRequest, Throttled)
            .Respond(HttpStatusCode.OK, Service);
        using var apis = TestClients.Create(handler);

        await apis.Ecs.DescribeServiceAsync("prod", "web", CancellationToken.None);

        Assert.Equal(3, handler.Requests.Count);
        Assert.Equal(3, handler.Requests.Select(r => r.Message).Distinct().Count());
        Assert.All(handler.Requests, r => Assert.True(SigV4Verifier.Verify(r, TestClients.Credentials)));
        Assert.All(handler.Requests, r => Assert.False(string.IsNullOrEmpty(r.Header("X-Amz-Date"))));
    }

    [Fact]
    public async Task CallAsync_Throttled_WaitsBackoffOnInjectedClock()
    {
        var time = new SignallingTimeProvider();
        var handler = new FakeAwsHandler()
            .Respond(HttpStatusCode.BadRequest, Throttled)
            .Respond(HttpStatusCode.BadRequest, Throttled)
            .Respond(HttpStatusCode.OK, Service);
        using var apis = TestClients.Create(handler, time: time, jitter: static () => 1);
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var call = apis.Ecs.DescribeServiceAsync("prod", "web", CancellationToken.None);

        var first = await time.NextTimerAsync(guard.Token);
        Assert.Equal(TimeSpan.FromSeconds(1), first);
        Assert.Single(handler.Requests);
        time.Advance(first);
        var second = await time.NextTimerAsync(guard.Token);
        Assert.Equal(TimeSpan.FromSeconds(2), second);
        Assert.Equal(2, handler.Requests.Count);
        time.Advance(second);
        Assert.NotNull(await call.WaitAsync(guard.Token));
        Assert.Equal(3, handler.Requests.Count);
    }

    [Theory]
    [InlineData(0, 1.0, 1.0)]
    [InlineData(1, 1.0, 2.0)]
    [InlineData(3, 0.5, 4.0)]
    [InlineData(4, 1.0, 16.0)]
    [InlineData(5, 1.0, 20.0)]
    [InlineData(30, 0.9, 20.0)]
    [InlineData(2, 0.0, 0.0)]
    public void Backoff_AttemptAndSample_IsJitteredExponentialCappedAt20Seconds(int attempt, double sample, double expectedSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), AwsRetry.Backoff(attempt, sample));
    }

    [Fact]
    public void Backoff_RandomSamples_StayWithinCeiling()
    {
        var random = new Random(42);
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var delay = AwsRetry.Backoff(attempt, random.NextDouble());
            Assert.InRange(delay, TimeSpan.Zero, TimeSpan.FromSeconds(Math.Min(20, Math.Pow(2, attempt))));
        }
    }

    [Theory]
    [InlineData("ThrottlingException", 400, true)]
    [InlineData("Throttling", 400, true)]
    [InlineData("TooManyRequestsException", 429, true)]
    [InlineData("RequestLimitExceeded", 400, true)]
    [InlineData("PriorRequestNotComplete", 400, true)]
    [InlineData("RequestTimeout", 400, true)]
    [InlineData("RequestTimeoutException", 408, true)]
    [InlineData("ServerException", 500, true)]
    [InlineData("Http502", 502, true)]
    [InlineData("Http503", 503, true)]
    [InlineData("Http504", 504, true)]
    [InlineData("ConnectionError", 0, true)]
    [InlineData("ClientException", 400, false)]
    [InlineData("AccessDeniedException", 400, false)]
    [InlineData("DeploymentGroupDoesNotExistException", 400, false)]
    [InlineData("Http501", 501, false)]
    [InlineData("CredentialsError", 0, false)]
    public void IsRetryable_CodeAndStatus_MatchesStandardMode(string code, int status, bool expected)
    {
        Assert.Equal(expected, AwsRetry.IsRetryable(code, status));
    }

    [Fact]
    public void ResolveMaxAttempts_MaxRetriesGiven_IsRetriesPlusOneAndBeatsEnvironment()
    {
        var environment = new Dictionary<string, string> { ["AWS_MAX_ATTEMPTS"] = "7" };

        Assert.Equal(5, AwsRetry.ResolveMaxAttempts(4, environment));
        Assert.Equal(1, AwsRetry.ResolveMaxAttempts(0, environment));
    }

    [Fact]
    public void ResolveMaxAttempts_OnlyEnvironment_IsTotalAttempts()
    {
        Assert.Equal(7, AwsRetry.ResolveMaxAttempts(null, new Dictionary<string, string> { ["AWS_MAX_ATTEMPTS"] = "7" }));
        Assert.Equal(3, AwsRetry.ResolveMaxAttempts(null, new Dictionary<string, string>()));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("three")]
    [InlineData("-2")]
    public void ResolveMaxAttempts_InvalidEnvironment_NamesVariableAndValue(string value)
    {
        var error = Assert.Throws<ArgumentException>(() => AwsRetry.ResolveMaxAttempts(null, new Dictionary<string, string> { ["AWS_MAX_ATTEMPTS"] = value }));

        Assert.Contains("AWS_MAX_ATTEMPTS", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{value}'", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A fake clock that reports each timer it creates, so a test can advance exactly when a backoff starts.</summary>
    private sealed class SignallingTimeProvider : TimeProvider
    {
        private readonly FakeTimeProvider inner = new();
        private readonly Channel<TimeSpan> timers = Channel.CreateUnbounded<TimeSpan>();

        public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

        public override long GetTimestamp() => inner.GetTimestamp();

        public override long TimestampFrequency => inner.TimestampFrequency;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = inner.CreateTimer(callback, state, dueTime, period);
            timers.Writer.TryWrite(dueTime);
            return timer;
        }

        public void Advance(TimeSpan by) => inner.Advance(by);

        public ValueTask<TimeSpan> NextTimerAsync(CancellationToken cancellationToken) => timers.Reader.ReadAsync(cancellationToken);
    }
}
