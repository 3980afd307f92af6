using System.Text;
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
