using System.Globalization;
using System.Text;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Auth;
using Amazon.Util;
using EcsDeploy.Sandbox.Protocol;
using EcsDeploy.Sandbox.Tests.Support;

namespace EcsDeploy.Sandbox.Tests;

// Signatures as other AWS clients make them: the AWS CLI and the JavaScript SDK sign only content-type, host,
// x-amz-date and x-amz-target for a JSON call (no x-amz-content-sha256); the verifier follows the client's list.
public sealed class CliSignatureTests
{
    private const string Body = """{"cluster":"prod","services":["web"]}""";

    [Fact]
    public async Task DescribeServices_SignedLikeTheAwsCli_IsAnswered()
    {
        await using var sandbox = await TestSandbox.StartExampleAsync("sandbox/ecs-rolling.yaml");

        using var response = await SendCliStyleAsync(sandbox.BaseUrl, SandboxClient.SecretKey);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Contains("\"serviceName\":\"web\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DescribeServices_CliStyleWithWrongSecret_InvalidSignatureException()
    {
        await using var sandbox = await TestSandbox.StartExampleAsync("sandbox/ecs-rolling.yaml");

        using var response = await SendCliStyleAsync(sandbox.BaseUrl, "not-the-secret");

        Assert.Equal(403, (int)response.StatusCode);
        Assert.Contains("InvalidSignatureException", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DescribeServices_CliStyleTargetChangedAfterSigning_InvalidSignatureException()
    {
        await using var sandbox = await TestSandbox.StartExampleAsync("sandbox/ecs-rolling.yaml");

        using var response = await SendCliStyleAsync(sandbox.BaseUrl, SandboxClient.SecretKey, sentTarget: "AmazonEC2ContainerServiceV20141113.DescribeClusters");

        Assert.Equal(403, (int)response.StatusCode);
        Assert.Contains("InvalidSignatureException", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DescribeServices_CliStyleWithoutHostSigned_InvalidSignatureException()
    {
        await using var sandbox = await TestSandbox.StartExampleAsync("sandbox/ecs-rolling.yaml");

        using var response = await SendCliStyleAsync(sandbox.BaseUrl, SandboxClient.SecretKey, signHost: false);

        Assert.Equal(403, (int)response.StatusCode);
    }

    // AWS's published SigV4 test vectors (get-vanilla and post-vanilla): the verifier accepts exactly their signatures.
    [Theory]
    [InlineData("GET", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")]
    [InlineData("POST", "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b")]
    public void Verify_AwsTestVector_Accepted(string method, string signature)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Host"] = "example.amazonaws.com",
            ["X-Amz-Date"] = "20150830T123600Z",
            ["Authorization"] = $"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature={signature}",
        };
        var credentials = new Dictionary<string, string> { ["AKIDEXAMPLE"] = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };

        SigV4Verifier.Verify(credentials, "service", new Uri("https://example.amazonaws.com/"), n => headers.GetValueOrDefault(n), [], method);

        var tampered = new Dictionary<string, string>(headers, StringComparer.OrdinalIgnoreCase) { ["X-Amz-Date"] = "20150830T123601Z" };
        Assert.Throws<AwsErrorException>(() => SigV4Verifier.Verify(credentials, "service", new Uri("https://example.amazonaws.com/"), n => tampered.GetValueOrDefault(n), [], method));
    }

    // Builds the request as botocore does: canonical request over the four headers, key and HMACs from AWSSDK.Core.
    private static async Task<HttpResponseMessage> SendCliStyleAsync(string baseUrl, string secret, string? sentTarget = null, bool signHost = true)
    {
        const string target = "AmazonEC2ContainerServiceV20141113.DescribeServices";
        const string contentType = "application/x-amz-json-1.1";
        var uri = new Uri(baseUrl + "/");
        var now = DateTime.UtcNow;
        var amzDate = now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var date = now.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var signedNames = signHost ? "content-type;host;x-amz-date;x-amz-target" : "content-type;x-amz-date;x-amz-target";
        var hostLine = signHost ? $"host:{uri.Authority}\n" : "";
        var payloadHash = AWSSDKUtils.ToHex(AWS4Signer.ComputeHash(Encoding.UTF8.GetBytes(Body)), true);
        var canonical = $"POST\n/\n\ncontent-type:{contentType}\n{hostLine}x-amz-date:{amzDate}\nx-amz-target:{target}\n\n{signedNames}\n{payloadHash}";
        var scope = $"{date}/us-east-1/ecs/aws4_request";
        var stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{AWSSDKUtils.ToHex(AWS4Signer.ComputeHash(canonical), true)}";
        var key = AWS4Signer.ComposeSigningKey(secret, "us-east-1", date, "ecs");
        var signature = AWSSDKUtils.ToHex(AWS4Signer.ComputeKeyedHash(SigningAlgorithm.HmacSHA256, key, stringToSign), true);

        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(Body)) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        request.Headers.TryAddWithoutValidation("X-Amz-Target", sentTarget ?? target);
        request.Headers.TryAddWithoutValidation("Authorization",
            $"AWS4-HMAC-SHA256 Credential={SandboxClient.AccessKeyId}/{scope}, SignedHeaders={signedNames}, Signature={signature}");
        return await http.SendAsync(request);
    }
}
