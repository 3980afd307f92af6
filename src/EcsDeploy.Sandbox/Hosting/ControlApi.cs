using System.Text.Json;
using System.Text.Json.Nodes;
using EcsDeploy.Sandbox.Faults;
using EcsDeploy.Sandbox.Scenario;

namespace EcsDeploy.Sandbox.Hosting;

/// <summary>Unsigned endpoints under /_sandbox/ for tests and tools: health, scenario, reset, faults and the request log.</summary>
internal static class ControlApi
{
    public static async Task HandleAsync(HttpContext context, SandboxServer server)
    {
        var request = context.Request;
        var route = $"{request.Method} {request.Path.Value?.TrimEnd('/')}";
        try
        {
            switch (route)
            {
                case "GET /_sandbox/health":
                    var runtime = server.Runtime;
                    await WriteAsync(context, 200, new JsonObject
                    {
                        ["status"] = "ok",
                        ["now"] = runtime.Clock.Now.ToString("O"),
                        ["timeScale"] = runtime.Clock.Scale,
                    }).ConfigureAwait(false);
                    break;
                case "GET /_sandbox/requests":
                    await WriteAsync(context, 200, Requests(server, request.Query["clear"] == "true")).ConfigureAwait(false);
                    break;
                case "POST /_sandbox/scenario":
                    server.LoadScenario(await ReadScenarioAsync(request).ConfigureAwait(false));
                    await WriteAsync(context, 200, new JsonObject { ["status"] = "loaded" }).ConfigureAwait(false);
                    break;
                case "POST /_sandbox/reset":
                    server.Reset();
                    await WriteAsync(context, 200, new JsonObject { ["status"] = "reset" }).ConfigureAwait(false);
                    break;
                case "POST /_sandbox/faults":
                    var node = JsonNode.Parse(await ReadTextAsync(request).ConfigureAwait(false));
                    server.SetFaults(FaultInjector.FromJson(node, null));
                    await WriteAsync(context, 200, new JsonObject { ["status"] = "set" }).ConfigureAwait(false);
                    break;
                default:
                    await AwsEndpoint.WriteErrorAsync(context, 404, "NotFound", $"No control endpoint {route}.").ConfigureAwait(false);
                    break;
            }
        }
        catch (Exception e) when (e is FormatException or JsonException or IOException or YamlDotNet.Core.YamlException)
        {
            await AwsEndpoint.WriteErrorAsync(context, 400, "InvalidRequest", e.Message).ConfigureAwait(false);
        }
    }

    private static JsonObject Requests(SandboxServer server, bool clear)
    {
        var world = server.World;
        var entries = new JsonArray();
        lock (world.Gate)
        {
            foreach (var entry in world.RequestLog)
            {
                entries.Add(new JsonObject
                {
                    ["service"] = entry.Service,
                    ["operation"] = entry.Operation,
                    ["body"] = TryParse(entry.Body),
                    ["status"] = entry.Status,
                    ["errorCode"] = entry.ErrorCode,
                });
            }

            if (clear)
            {
                world.RequestLog.Clear();
            }
        }

        return new JsonObject { ["requests"] = entries };
    }

    // ?path=FILE loads a file on the sandbox's disk; otherwise the body is the scenario (YAML or JSON).
    private static async Task<SandboxScenario> ReadScenarioAsync(HttpRequest request)
    {
        var path = request.Query["path"].ToString();
        return path.Length > 0
            ? SandboxScenario.Load(path)
            : SandboxScenario.Parse(await ReadTextAsync(request).ConfigureAwait(false));
    }

    private static async Task<string> ReadTextAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        return await reader.ReadToEndAsync(request.HttpContext.RequestAborted).ConfigureAwait(false);
    }

    private static JsonNode? TryParse(string text)
    {
        try
        {
            return string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return JsonValue.Create(text);
        }
    }

    private static Task WriteAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }
}
