using Amazon.Runtime;
using EcsDeploy.Aws;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EcsDeploy.Tests.Aws;

public sealed class AwsSigningTests : IAsyncLifetime
{
    private static readonly SessionAWSCredentials Credentials = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "session-token-value");
    private readonly List<RecordedRequest> received = [];
    private WebApplication app = null!;
    private string baseUrl = "";

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        app = builder.Build();
        app.MapPost("/", async (HttpContext context) =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            var uri = new Uri($"{context.Request.Scheme}://{context.Request.Host}{context.Request.Path}{context.Request.QueryString}");
            lock (received)
            {
                received.Add(new RecordedRequest(null!, new HttpMethod(context.Request.Method), uri, headers, buffer.ToArray()));
            }

            context.Response.ContentType = "application/x-amz-json-1.1";
            await context.Response.WriteAsync("""{"services":[{"serviceName":"web","status":"ACTIVE"}]}""");
        });
        await app.StartAsync();
        baseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task CallAsync_OverLoopback_SignatureVerifiesWithSessionToken()
    {
        var request = await SendOneAsync();

        Assert.True(SigV4Verifier.Verify(request, Credentials));
        Assert.Equal("session-token-value", request.Header("X-Amz-Security-Token"));
        var signed = SigV4Verifier.SignedHeaders(request.Header("Authorization"));
        Assert.Contains("x-amz-security-token", signed);
        Assert.Contains("x-amz-target", signed);
        Assert.Contains("/us-east-1/ecs/aws4_request", request.Header("Authorization"), StringComparison.Ordinal);
        Assert.Equal("AmazonEC2ContainerServiceV20141113.DescribeServices", request.Header("X-Amz-Target"));
        Assert.Equal("application/x-amz-json-1.1", request.Header("Content-Type"));
        Assert.StartsWith("ecs-bluegreen-action/1.0.0 md/dotnet#", request.Header("User-Agent"), StringComparison.Ordinal);
        Assert.Equal("""{"cluster":"prod","services":["web"]}""", request.BodyText);
    }

    [Fact]
    public async Task CallAsync_VerifiedWithWrongSecret_DoesNotVerify()
    {
        var request = await SendOneAsync();

        var wrong = new SessionAWSCredentials("AKIDEXAMPLE", "not-the-secret", "session-token-value");
        Assert.False(SigV4Verifier.Verify(request, wrong));
    }

    [Fact]
    public async Task CallAsync_BodyAlteredAfterSigning_DoesNotVerify()
    {
        var request = await SendOneAsync();

        var tampered = request with { Body = "{\"cluster\":\"other\",\"services\":[\"web\"]}"u8.ToArray() };
        Assert.False(SigV4Verifier.Verify(tampered, Credentials));
    }

    private async Task<RecordedRequest> SendOneAsync()
    {
        using var apis = AwsClients.Create(new AwsClientOptions
        {
            Region = "us-east-1",
            Credentials = Credentials,
            Environment = new Dictionary<string, string> { ["AWS_ENDPOINT_URL"] = baseUrl },
        });

        var service = await apis.Ecs.DescribeServiceAsync("prod", "web", CancellationToken.None);

        Assert.Equal("web", service?.ServiceName);
        return Assert.Single(received);
    }
}
