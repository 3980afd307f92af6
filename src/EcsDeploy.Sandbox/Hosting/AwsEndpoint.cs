using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EcsDeploy.Sandbox.Faults;
using EcsDeploy.Sandbox.Protocol;
using EcsDeploy.Sandbox.State;
using EcsDeploy.Sandbox.Validation;

namespace EcsDeploy.Sandbox.Hosting;

/// <summary>The AWS side: target routing, signature check, faults, model validation, then the handler under World.Gate.</summary>
internal static class AwsEndpoint
{
    public const string ContentType = "application/x-amz-json-1.1";

    public static async Task HandleAsync(HttpContext context, SandboxRuntime runtime)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        var body = buffer.ToArray();
        var bodyText = Encoding.UTF8.GetString(body);
        context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        if (StsEndpoint.Accepts(context.Request))
        {
            await StsEndpoint.HandleAsync(context, runtime, bodyText).ConfigureAwait(false);
            return;
        }

        var service = "unknown";
        var operation = "";
        var status = 0;
        string? errorCode = null;
        try
        {
            var target = context.Request.Headers["X-Amz-Target"].ToString();
            var dot = target.LastIndexOf('.');
            operation = dot < 0 ? target : target[(dot + 1)..];
            var prefix = dot < 0 ? "" : target[..dot];
            var handler = runtime.Handlers.FirstOrDefault(h => h.TargetPrefix == prefix && context.Request.Method == "POST")
                ?? throw Unknown(target);
            service = handler.SigningName;
            Verify(context, runtime.World, handler, body);
            if (!handler.Supports(operation) || !ServiceModel.Get(service).HasOperation(operation))
            {
                throw Unknown(target);
            }

            if (!await ApplyFaultAsync(context, runtime, service, operation).ConfigureAwait(false))
            {
                status = 0;
                errorCode = "ConnectionDropped";
                return;
            }

            var input = ParseBody(bodyText);
            var problems = ModelValidator.ValidateInput(service, operation, input);
            if (problems.Count > 0)
            {
                throw ValidationErrors.ToAwsError(service, operation, problems);
            }

            if (runtime.ValidateResponses)
            {
                runtime.AcceptNewerModelMembers(ModelValidator.UnknownMembers(service, operation, input));
            }

            JsonNode result;
            lock (runtime.World.Gate)
            {
                foreach (var simulation in runtime.Handlers.OfType<ISimulation>())
                {
                    simulation.Advance(runtime.Clock.Now);
                }

                result = handler.Handle(operation, input);
            }

            if (runtime.ValidateResponses)
            {
                CheckResponse(runtime, service, operation, result);
            }

            status = 200;
            await WriteAsync(context, 200, result).ConfigureAwait(false);
        }
        catch (AwsErrorException e)
        {
            (status, errorCode) = (e.Status, e.Code);
            await WriteErrorAsync(context, e.Status, e.Code, e.Message).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Any failure of a handler must become an AWS-shaped 500, never a dropped connection.
        catch (Exception e)
#pragma warning restore CA1031
        {
            (status, errorCode) = (500, "InternalFailure");
            await WriteErrorAsync(context, 500, "InternalFailure", e.Message).ConfigureAwait(false);
        }
        finally
        {
            lock (runtime.World.Gate)
            {
                runtime.World.RequestLog.Add(new RequestLogEntry(service, operation, bodyText, status, errorCode));
            }
        }
    }

    private static void Verify(HttpContext context, World world, IServiceHandler handler, byte[] body)
    {
        Dictionary<string, string> credentials;
        lock (world.Gate)
        {
            credentials = new Dictionary<string, string>(world.Credentials, StringComparer.Ordinal);
        }

        var request = context.Request;
        var uri = new Uri($"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}{request.QueryString}");
        SigV4Verifier.Verify(credentials, handler.SigningName, uri, name => request.Headers.TryGetValue(name, out var v) ? v.ToString() : null, body);
    }

    // False when the connection was dropped and nothing more may be written.
    private static async Task<bool> ApplyFaultAsync(HttpContext context, SandboxRuntime runtime, string service, string operation)
    {
        var decision = runtime.Faults.Decide(service, operation);
        if (decision.Delay > TimeSpan.Zero)
        {
            await Task.Delay(decision.Delay, context.RequestAborted).ConfigureAwait(false);
        }

        switch (decision.Kind)
        {
            case FaultKind.Drop:
                context.Abort();
                return false;
            case FaultKind.Throttle:
                throw new AwsErrorException("ThrottlingException", "Rate exceeded", 400);
            case FaultKind.InternalFailure:
                throw new AwsErrorException("InternalFailure", "The request processing has failed because of an unknown error, exception or failure.", 500);
            case FaultKind.ServiceUnavailable:
                throw new AwsErrorException("ServiceUnavailable", "The service is unavailable. Please try again later.", 503);
            default:
                return true;
        }
    }

    // A sandbox answer AWS could not send is a sandbox bug: fail loudly instead of letting a client rely on it.
    private static void CheckResponse(SandboxRuntime runtime, string service, string operation, JsonNode result)
    {
        var problems = ModelValidator.ValidateOutput(service, operation, result)
            .Where(p => p.Kind != ProblemKind.Unknown || !runtime.IsNewerModelMember(p.Member))
            .ToList();
        if (problems.Count > 0)
        {
            throw new AwsErrorException("InternalFailure",
                $"The sandbox's {operation} response does not match the {service} model: {string.Join("; ", problems.Take(5).Select(p => p.Message))}", 500);
        }
    }

    private static JsonObject ParseBody(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        try
        {
            return JsonNode.Parse(text) as JsonObject
                ?? throw new AwsErrorException("SerializationException", "The request body must be a JSON object.");
        }
        catch (JsonException e)
        {
            throw new AwsErrorException("SerializationException", $"The request body is not valid JSON: {e.Message}");
        }
    }

    private static AwsErrorException Unknown(string target) =>
        new("UnknownOperationException", target.Length == 0 ? "Missing X-Amz-Target header." : $"Unknown operation {target}.");

    internal static Task WriteErrorAsync(HttpContext context, int status, string code, string message)
    {
        context.Response.Headers["x-amzn-ErrorType"] = code;
        return WriteAsync(context, status, new JsonObject { ["__type"] = code, ["message"] = message });
    }

    internal static async Task WriteAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = ContentType;
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted).ConfigureAwait(false);
    }
}
