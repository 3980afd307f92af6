using System.Text;
using EcsDeploy.Sandbox.Protocol;
using EcsDeploy.Sandbox.Tests.Support;

namespace EcsDeploy.Sandbox.Tests;

public sealed class SignatureTests
{
    private const string Example = "sandbox/canary-success.yaml";
    private static readonly object Describe = new { cluster = "prod", services = new[] { "web" } };

    [Fact]
    public async Task Call_SignedWithScenarioKey_IsAnswered()
    {
        await using var sandbox = await TestSandbox.StartExampleAsync(Example);
        using var client = new SandboxClient(sandbox.BaseUrl);

        var response = await client.SendAsync(SandboxClient.EcsPrefix, "ecs", "DescribeServices", Describe);

        Assert.Equal(200, response.Status);
        Assert.Equal("web", (string?)response.Body!["services"]![0]!["serviceName"]);
    }

    [Fact]
    public async Task Call_WrongSecret_InvalidSignatureException()
    {
        await using var sandbox = await TestSandbox.StartExampleAsync(Example);
        using var client = new SandboxClient(sandbox.BaseUrl, secretKey: "not-the-secret");

        var response = await client.SendAsync(SandboxClient.EcsPrefix, "ecs", "DescribeServices", Describe);

        Assert.Equal(403, response.Status);
        Assert.Equal("InvalidSignatureException", response.ErrorCode);
        Assert.StartsWith("The request signature we calculated does not match", response.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_UnknownAccessKey_UnrecognizedClientException()
    {
        await using var sandbox = await TestSandbox.StartExampleAsync(Example);
        using var client = new SandboxClient(sandbox.BaseUrl, accessKeyId: "AKIDUNKNOWN");

        var response = await client.SendAsync(SandboxClient.EcsPrefix, "ecs", "DescribeServices", Describe);

        Assert.Equal(403, response.Status);
        Assert.Equal("UnrecognizedClientException", response.ErrorCode);
        Assert.Equal("The security token included in the request is invalid.", response.Message);
    }

    [Fact]
    public async Task Call_SignedForAnotherService_InvalidSignatureException()
    {
        await using var sandbox = await TestSandbox.StartExampleAsync(Example);
        using var client = new SandboxClient(sandbox.BaseUrl);

        var response = await client.SendAsync(SandboxClient.EcsPrefix, "ecr", "DescribeServices", Describe);

        Assert.Equal(403, response.Status);
        Assert.Equal("InvalidSignatureException", response.ErrorCode);
    }

    [Fact]
    public async Task Call_BodyChangedAfterSigning_InvalidSignatureException()
    {
        await using var sandbox = await TestSandbox.StartExampleAsync(Example);
        using var client = new SandboxClient(sandbox.BaseUrl, inner: new TamperingHandler());

        var response = await client.SendAsync(SandboxClient.EcsPrefix, "ecs", "DescribeServices", Describe);

        Assert.Equal(403, response.Status);
        Assert.Equal("InvalidSignatureException", response.ErrorCode);
    }

    [Fact]
    public async Task Call_Unsigned_MissingAuthenticationTokenException()
    {
        await using var sandbox = await TestSandbox.StartExampleAsync(Example);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, sandbox.BaseUrl + "/") { Content = new StringContent("{}") };
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "AmazonEC2ContainerServiceV20141113.DescribeServices");

        using var response = await http.SendAsync(request);

        Assert.Equal(403, (int)response.StatusCode);
        Assert.Contains("MissingAuthenticationTokenException", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    // Signatures made by botocore (what the AWS CLI uses), which signs only content-type, host, x-amz-date,
    // x-amz-target and the session token: AWSSDK signs x-amz-content-sha256 as well, and both must pass.
    private const string BotocoreBody = """{"cluster":"prod","services":["web"]}""";

    [Theory]
    [InlineData(null, "content-type;host;x-amz-date;x-amz-target", "7230f036d19490db906b60333da4f15e41915072dbd8c62b97607561c4513527")]
    [InlineData("session-token-value", "content-type;host;x-amz-date;x-amz-security-token;x-amz-target", "a68174494c383fc14fb2b2d1322acbb8b09d0dcee0deb0e380e7a794c3f9547a")]
    public void Verify_BotocoreSignature_Accepted(string? token, string signedHeaders, string signature)
    {
        var headers = BotocoreHeaders(token, signedHeaders, signature);

        var exception = Record.Exception(() => VerifyBotocore(headers, BotocoreBody));

        Assert.Null(exception);
    }

    [Theory]
    [InlineData("X-Amz-Target", "AmazonEC2ContainerServiceV20141113.DeleteService")]
    [InlineData("X-Amz-Date", "20261201T121343Z")]
    [InlineData("Host", "127.0.0.1:4567")]
    public void Verify_BotocoreSignatureSignedHeaderChanged_InvalidSignatureException(string name, string value)
    {
        var headers = BotocoreHeaders(null, "content-type;host;x-amz-date;x-amz-target", "7230f036d19490db906b60333da4f15e41915072dbd8c62b97607561c4513527");
        headers[name] = value;

        var exception = Assert.Throws<AwsErrorException>(() => VerifyBotocore(headers, BotocoreBody));

        Assert.Equal("InvalidSignatureException", exception.Code);
        Assert.Equal(403, exception.Status);
    }

    [Fact]
    public void Verify_BotocoreSignatureBodyChanged_InvalidSignatureException()
    {
        var headers = BotocoreHeaders(null, "content-type;host;x-amz-date;x-amz-target", "7230f036d19490db906b60333da4f15e41915072dbd8c62b97607561c4513527");

        var exception = Assert.Throws<AwsErrorException>(() => VerifyBotocore(headers, BotocoreBody.Replace("web", "api", StringComparison.Ordinal)));

        Assert.Equal("InvalidSignatureException", exception.Code);
    }

    private static Dictionary<string, string> BotocoreHeaders(string? token, string signedHeaders, string signature)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Host"] = "127.0.0.1:4566",
            ["Content-Type"] = "application/x-amz-json-1.1",
            ["X-Amz-Target"] = "AmazonEC2ContainerServiceV20141113.DescribeServices",
            ["X-Amz-Date"] = "20261201T121342Z",
            ["Authorization"] = $"AWS4-HMAC-SHA256 Credential=AKIDSANDBOXEXAMPLE/20261201/us-east-1/ecs/aws4_request, SignedHeaders={signedHeaders}, Signature={signature}",
        };
        if (token is not null)
        {
            headers["X-Amz-Security-Token"] = token;
        }

        return headers;
    }

    private static void VerifyBotocore(Dictionary<string, string> headers, string body) =>
        SigV4Verifier.Verify(
            new Dictionary<string, string> { ["AKIDSANDBOXEXAMPLE"] = "sandbox/secret/EXAMPLEKEY0000000000000" },
            "ecs",
            new Uri("http://127.0.0.1:4566/"),
            name => headers.TryGetValue(name, out var value) ? value : null,
            Encoding.UTF8.GetBytes(body));

    // Replaces the signed body with another one of the same length, as a man in the middle would.
    private sealed class TamperingHandler : DelegatingHandler
    {
        public TamperingHandler()
            : base(new SocketsHttpHandler())
        {
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var text = await request.Content!.ReadAsStringAsync(cancellationToken);
            var headers = request.Content.Headers.ToList();
            request.Content = new StringContent(text.Replace("web", "api", StringComparison.Ordinal), Encoding.UTF8);
            request.Content.Headers.Clear();
            foreach (var header in headers)
            {
                request.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }
}
