using System.Net;
using System.Text;

namespace EcsDeploy.Tests.Aws;

/// <summary>A request as it left the signing handler.</summary>
internal sealed record RecordedRequest(HttpRequestMessage Message, HttpMethod Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string BodyText => Encoding.UTF8.GetString(Body);
    public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : "";
}

/// <summary>Transport below the signer: records each request and answers from a script.</summary>
internal sealed class FakeAwsHandler : HttpMessageHandler
{
    private readonly Queue<Func<HttpRequestMessage, CancellationToken, HttpResponseMessage>> script = new();

    public List<RecordedRequest> Requests { get; } = [];

    /// <summary>Answer used once the script is exhausted; null means the test did not expect more requests.</summary>
    public Func<HttpRequestMessage, CancellationToken, HttpResponseMessage>? Fallback { get; set; }

    public FakeAwsHandler Respond(HttpStatusCode status, string json, params (string Name, string Value)[] headers)
    {
        script.Enqueue((_, _) => Response(status, json, headers));
        return this;
    }

    public FakeAwsHandler Respond(Func<HttpRequestMessage, CancellationToken, HttpResponseMessage> answer)
    {
        script.Enqueue(answer);
        return this;
    }

    public static HttpResponseMessage Response(HttpStatusCode status, string json, params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/x-amz-json-1.1") };
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>()))
        {
            headers[header.Key] = string.Join(",", header.Value);
        }

        Requests.Add(new RecordedRequest(request, request.Method, request.RequestUri!, headers, body));
        var answer = script.Count > 0 ? script.Dequeue() : Fallback ?? throw new InvalidOperationException($"unexpected request #{Requests.Count}");
        return answer(request, cancellationToken);
    }
}
