using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

namespace EcsDeploy.Sandbox.Tests.Support;

/// <summary>An answer from the sandbox: status, AWS error code and message when it failed, and the JSON body.</summary>
public sealed record SandboxResponse(int Status, string? ErrorCode, string? Message, JsonNode? Body, HttpResponseHeaders Headers);

/// <summary>Thrown by <see cref="SandboxClient.CallAsync"/> for a non-200 answer.</summary>
public sealed class SandboxCallException(SandboxResponse response)
    : Exception($"{response.Status} {response.ErrorCode}: {response.Message}")
{
    public SandboxResponse Response { get; } = response;
}

/// <summary>Sends JSON 1.1 calls signed with SigV4 by AWSSDK.Core's SigV4SigningHandler, as a real client would.</summary>
public sealed class SandboxClient : IDisposable
{
    public const string EcsPrefix = "AmazonEC2ContainerServiceV20141113";
    public const string EcrPrefix = "AmazonEC2ContainerRegistry_V20150921";
    public const string CodeDeployPrefix = "CodeDeploy_20141006";
    public const string AccessKeyId = "AKIDSANDBOXEXAMPLE";
    public const string SecretKey = "sandbox/secret/EXAMPLEKEY0000000000000";

    private static readonly HttpRequestOptionsKey<string> ServiceKey = new(SigV4SigningHandler.ServiceOptionKey);
    private readonly HttpClient _http;

    public SandboxClient(string baseUrl, string accessKeyId = AccessKeyId, string secretKey = SecretKey, string region = "us-east-1", HttpMessageHandler? inner = null)
    {
        var signer = new SigV4SigningHandler(new BasicAWSCredentials(accessKeyId, secretKey), RegionEndpoint.GetBySystemName(region), "ecs",
            inner ?? new SocketsHttpHandler { AllowAutoRedirect = false });
        _http = new HttpClient(signer) { BaseAddress = new Uri(baseUrl + "/") };
    }

    /// <summary>Calls an operation and returns the JSON answer; throws <see cref="SandboxCallException"/> unless the status is 200.</summary>
    public async Task<JsonNode> CallAsync(string targetPrefix, string signingName, string operation, object? body = null)
    {
        var response = await SendAsync(targetPrefix, signingName, operation, body);
        return response.Status == 200 ? response.Body! : throw new SandboxCallException(response);
    }

    /// <summary>Calls an operation and returns whatever came back, errors included.</summary>
    public async Task<SandboxResponse> SendAsync(string targetPrefix, string signingName, string operation, object? body = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "")
        {
            Content = new StringContent(ToJson(body), Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", $"{targetPrefix}.{operation}");
        request.Options.Set(ServiceKey, signingName);
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = text.Length == 0 ? null : JsonNode.Parse(text);
        return new SandboxResponse((int)response.StatusCode, (string?)json?["__type"], (string?)json?["message"], json, response.Headers);
    }

    public Task<JsonNode> EcsAsync(string operation, object? body = null) => CallAsync(EcsPrefix, "ecs", operation, body);

    public Task<JsonNode> EcrAsync(string operation, object? body = null) => CallAsync(EcrPrefix, "ecr", operation, body);

    public Task<JsonNode> CodeDeployAsync(string operation, object? body = null) => CallAsync(CodeDeployPrefix, "codedeploy", operation, body);

    public void Dispose() => _http.Dispose();

    private static string ToJson(object? body) => body switch
    {
        null => "{}",
        JsonNode node => node.ToJsonString(),
        string text => text,
        _ => JsonSerializer.Serialize(body),
    };
}
