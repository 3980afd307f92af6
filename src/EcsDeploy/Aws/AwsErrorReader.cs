using System.Text.Json;

namespace EcsDeploy.Aws;

/// <summary>Reads the error code and message of a failed JSON 1.1 response.</summary>
public static class AwsErrorReader
{
    public const string ErrorTypeHeader = "x-amzn-ErrorType";
    public const string RequestIdHeader = "x-amzn-RequestId";

    /// <summary>
    /// The code from the body's __type (or code) member, else from the x-amzn-ErrorType header, with any
    /// "namespace#" prefix and ":suffix" removed; the message from "message" or "Message".
    /// </summary>
    public static (string Code, string Message) Read(ReadOnlySpan<byte> body, string? errorTypeHeader, int statusCode)
    {
        string? type = null;
        string? message = null;
        if (!body.IsEmpty)
        {
            try
            {
                using var document = JsonDocument.Parse(body.ToArray());
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                {
                    foreach (var property in document.RootElement.EnumerateObject())
                    {
                        if (property.Value.ValueKind != JsonValueKind.String)
                        {
                            continue;
                        }

                        switch (property.Name)
                        {
                            case "__type":
                                type = property.Value.GetString();
                                break;
                            case "code" or "Code":
                                type ??= property.Value.GetString();
                                break;
                            case "message" or "Message" or "errorMessage":
                                message ??= property.Value.GetString();
                                break;
                        }
                    }
                }
            }
            catch (JsonException)
            {
                // A proxy or load balancer may answer with HTML; the status code still classifies it.
            }
        }

        var code = Sanitize(type) ?? Sanitize(errorTypeHeader) ?? $"Http{statusCode}";
        return (code, string.IsNullOrWhiteSpace(message) ? $"HTTP status {statusCode} with no error message" : message);
    }

    /// <summary>Strips "namespace#" and ":suffix" from an error type; null when nothing remains.</summary>
    public static string? Sanitize(string? type)
    {
        if (string.IsNullOrWhiteSpace(type))
        {
            return null;
        }

        var code = type.Trim();
        var colon = code.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            code = code[..colon];
        }

        var hash = code.LastIndexOf('#');
        if (hash >= 0)
        {
            code = code[(hash + 1)..];
        }

        return code.Length == 0 ? null : code;
    }
}
