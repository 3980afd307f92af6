using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using EcsDeploy.Sandbox.State;

namespace EcsDeploy.Sandbox.Hosting;

/// <summary>
/// AWS STS's AssumeRoleWithWebIdentity (the query protocol: a form-encoded POST answered in XML), enough for the AWS SDK's
/// web identity credentials: a role ARN and a token shaped like a JWT get temporary keys that the sandbox then accepts
/// for signed requests. Like STS, the call is unsigned; a malformed token or role is refused with STS's error codes.
/// </summary>
internal static class StsEndpoint
{
    private static readonly XNamespace Ns = "https://sts.amazonaws.com/doc/2011-06-15/";

    /// <summary>True for a request in STS's query protocol (what this endpoint answers).</summary>
    public static bool Accepts(HttpRequest request) =>
        request.Method == "POST"
        && request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true
        && !request.Headers.ContainsKey("X-Amz-Target");

    public static async Task HandleAsync(HttpContext context, SandboxRuntime runtime, string body)
    {
        var form = ParseForm(body);
        var action = form.GetValueOrDefault("Action") ?? "";
        var requestId = context.Response.Headers["x-amzn-RequestId"].ToString();
        var (status, code, answer) = action == "AssumeRoleWithWebIdentity"
            ? Assume(runtime, form, requestId)
            : (400, "InvalidAction", Error("InvalidAction", $"Could not find operation {action} for version 2011-06-15", requestId));
        lock (runtime.World.Gate)
        {
            runtime.World.RequestLog.Add(new RequestLogEntry("sts", action, body, status, code));
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "text/xml";
        await context.Response.WriteAsync(answer.ToString(SaveOptions.DisableFormatting), context.RequestAborted).ConfigureAwait(false);
    }

    private static (int Status, string? Code, XDocument Answer) Assume(SandboxRuntime runtime, Dictionary<string, string> form, string requestId)
    {
        var role = form.GetValueOrDefault("RoleArn") ?? "";
        var session = form.GetValueOrDefault("RoleSessionName") ?? "";
        var token = form.GetValueOrDefault("WebIdentityToken") ?? "";
        var roleParts = role.Split(':');
        if (roleParts.Length != 6 || roleParts[0] != "arn" || roleParts[2] != "iam" || !roleParts[5].StartsWith("role/", StringComparison.Ordinal) || session.Length == 0)
        {
            return (400, "ValidationError", Error("ValidationError", $"Request ARN is invalid: '{role}'", requestId));
        }

        if (token.Split('.') is not { Length: 3 } parts || parts.Any(p => p.Length == 0))
        {
            return (400, "InvalidIdentityToken", Error("InvalidIdentityToken", "The web identity token that was passed could not be validated by AWS. Get a new identity token from the identity provider and then retry the request.", requestId));
        }

        var accessKeyId = "ASIA" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8));
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(30));
        var sessionToken = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
        DateTimeOffset expires;
        lock (runtime.World.Gate)
        {
            runtime.World.Credentials[accessKeyId] = secret;
            expires = runtime.Clock.Now.AddHours(1);
        }

        var roleName = roleParts[5]["role/".Length..];
        var result = new XElement(Ns + "AssumeRoleWithWebIdentityResult",
            new XElement(Ns + "Credentials",
                new XElement(Ns + "AccessKeyId", accessKeyId),
                new XElement(Ns + "SecretAccessKey", secret),
                new XElement(Ns + "SessionToken", sessionToken),
                new XElement(Ns + "Expiration", expires.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))),
            new XElement(Ns + "SubjectFromWebIdentityToken", "repo:example/web:ref:refs/heads/main"),
            new XElement(Ns + "AssumedRoleUser",
                new XElement(Ns + "Arn", $"arn:aws:sts::{roleParts[4]}:assumed-role/{roleName}/{session}"),
                new XElement(Ns + "AssumedRoleId", $"AROA{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(role)))[..16]}:{session}")),
            new XElement(Ns + "Audience", "sts.amazonaws.com"),
            new XElement(Ns + "Provider", "arn:aws:iam::" + roleParts[4] + ":oidc-provider/token.actions.githubusercontent.com"));
        return (200, null, new XDocument(new XElement(Ns + "AssumeRoleWithWebIdentityResponse", result,
            new XElement(Ns + "ResponseMetadata", new XElement(Ns + "RequestId", requestId)))));
    }

    private static XDocument Error(string code, string message, string requestId) =>
        new(new XElement(Ns + "ErrorResponse",
            new XElement(Ns + "Error", new XElement(Ns + "Type", "Sender"), new XElement(Ns + "Code", code), new XElement(Ns + "Message", message)),
            new XElement(Ns + "RequestId", requestId)));

    private static Dictionary<string, string> ParseForm(string body)
    {
        var form = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in body.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString((equals < 0 ? pair : pair[..equals]).Replace('+', ' '));
            var value = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '));
            form[name] = value;
        }

        return form;
    }
}
