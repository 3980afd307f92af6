using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using Polly;

namespace EcsDeploy.Aws;

/// <summary>
/// The one call path for AWS JSON 1.1: POST / with X-Amz-Target, signed by the SDK's SigV4 handler, retried by a
/// Polly pipeline that sits above the signer so every attempt is a fresh, freshly signed request.
/// </summary>
public sealed class AwsJsonClient : IDisposable
{
    public const string ContentType = "application/x-amz-json-1.1";

    private static readonly HttpRequestOptionsKey<string> SigningService = new(SigV4SigningHandler.ServiceOptionKey);
    private static readonly HttpRequestOptionsKey<string> SigningRegion = new(SigV4SigningHandler.RegionOptionKey);
    private static readonly MediaTypeHeaderValue JsonMediaType = new(ContentType);

    private readonly HttpClient http;
    private readonly IReadOnlyDictionary<AwsCallKind, ResiliencePipeline> pipelines;
    private readonly IReadOnlyDictionary<string, string> environment;
    private readonly AwsSdkSettings settings;
    private readonly TimeProvider time;

    internal AwsJsonClient(HttpClient http, IReadOnlyDictionary<AwsCallKind, ResiliencePipeline> pipelines, string region, IReadOnlyDictionary<string, string> environment, AwsSdkSettings settings, TimeProvider time)
    {
        this.http = http;
        this.pipelines = pipelines;
        this.environment = environment;
        this.settings = settings;
        this.time = time;
        Region = region;
    }

    /// <summary>Retry mode "adaptive": the gate every request passes, closed for a while after throttling; null in standard mode.</summary>
    internal ThrottleGate? Gate { get; init; }

    /// <summary>The action's region, used when a call names none.</summary>
    public string Region { get; }

    /// <summary>Calls <paramref name="operation"/> of <paramref name="service"/> in the action's region.</summary>
    public Task<TResponse> CallAsync<TRequest, TResponse>(AwsService service, string operation, TRequest request, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken) =>
        CallAsync(service, Region, operation, request, requestType, responseType, cancellationToken);

    /// <summary>Calls <paramref name="operation"/> of <paramref name="service"/> in <paramref name="region"/>; failures throw <see cref="AwsServiceException"/>.</summary>
    public async Task<TResponse> CallAsync<TRequest, TResponse>(AwsService service, string region, string operation, TRequest request, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        var body = JsonSerializer.SerializeToUtf8Bytes(request, requestType);
        var endpoint = AwsEndpoints.Resolve(service, region, environment, settings);
        var call = new Call(service, region, operation, endpoint, body);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(AwsRetryBudget.StartedAt, time.GetUtcNow());
        byte[] payload;
        try
        {
            payload = await pipelines[AwsRetryBudget.KindOf(operation)].ExecuteAsync(
                static (context, state) => state.Client.AttemptAsync(state.Call, context.CancellationToken), context, (Client: this, Call: call)).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        try
        {
            return JsonSerializer.Deserialize(payload.Length == 0 ? "{}"u8 : payload, responseType)
                ?? throw new JsonException("the response body is null");
        }
        catch (JsonException e)
        {
            throw new AwsServiceException(service.Name, operation, "InvalidResponse", $"the response from {endpoint.Host} could not be read: {e.Message}", null, 200, e);
        }
    }

    public void Dispose() => http.Dispose();

    private async ValueTask<byte[]> AttemptAsync(Call call, CancellationToken cancellationToken)
    {
        // A new message per attempt: the signing handler below stamps X-Amz-Date and Authorization on each one.
        using var message = new HttpRequestMessage(HttpMethod.Post, call.Endpoint) { Content = new ByteArrayContent(call.Body) };
        message.Content.Headers.ContentType = JsonMediaType;
        message.Headers.TryAddWithoutValidation("X-Amz-Target", $"{call.Service.TargetPrefix}.{call.Operation}");
        message.Options.Set(SigningService, call.Service.Name);
        message.Options.Set(SigningRegion, call.Region);

        if (Gate is not null)
        {
            await Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (e.StatusCode is null)
        {
            throw new AwsServiceException(call.Service.Name, call.Operation, AwsRetry.ConnectionErrorCode, $"could not reach {call.Endpoint.Host}: {e.Message} Check the network and the region.", null, 0, e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AwsServiceException(call.Service.Name, call.Operation, AwsRetry.TimeoutErrorCode, $"{call.Endpoint.Host} did not answer in time.", null, 0, e);
        }
        catch (Exception e) when (e is AmazonClientException or AmazonServiceException)
        {
            // Only resolving credentials throws SDK exceptions here: the request itself goes through HttpClient.
            throw new AwsServiceException(call.Service.Name, call.Operation, AwsRetry.CredentialsErrorCode, CredentialErrors.Describe(e, environment), null, 0, e);
        }

        using (response)
        {
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                Gate?.Succeeded();
                return bytes;
            }

            var errorType = response.Headers.TryGetValues(AwsErrorReader.ErrorTypeHeader, out var types) ? types.FirstOrDefault() : null;
            var requestId = response.Headers.TryGetValues(AwsErrorReader.RequestIdHeader, out var ids) ? ids.FirstOrDefault() : null;
            var (code, text) = AwsErrorReader.Read(bytes, errorType, (int)response.StatusCode);
            if (AwsRetry.IsThrottling(code))
            {
                Gate?.Throttled();
            }

            throw new AwsServiceException(call.Service.Name, call.Operation, code, text, requestId, (int)response.StatusCode);
        }
    }

    private sealed record Call(AwsService Service, string Region, string Operation, Uri Endpoint, byte[] Body);
}
