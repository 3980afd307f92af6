using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EcsDeploy.Sandbox.Protocol;

/// <summary>The parts of a SigV4 Authorization header.</summary>
public sealed record SigV4Authorization(string AccessKeyId, string Date, string Region, string Service, IReadOnlyList<string> SignedHeaders, string Signature)
{
    private const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>Reads "AWS4-HMAC-SHA256 Credential=AKID/date/region/service/aws4_request, SignedHeaders=a;b, Signature=hex"; null when malformed.</summary>
    public static SigV4Authorization? Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header) || !header.StartsWith(Algorithm + " ", StringComparison.Ordinal))
        {
            return null;
        }

        var parts = header[Algorithm.Length..]
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        if (!parts.TryGetValue("Credential", out var credential)
            || !parts.TryGetValue("SignedHeaders", out var signedHeaders)
            || !parts.TryGetValue("Signature", out var signature))
        {
            return null;
        }

        var scope = credential.Split('/');
        if (scope.Length != 5 || scope[4] != "aws4_request")
        {
            return null;
        }

        return new SigV4Authorization(scope[0], scope[1], scope[2], scope[3], signedHeaders.Split(';'), signature);
    }
}

/// <summary>
/// Checks a request's SigV4 signature the way AWS does: the canonical request is rebuilt from the headers the
/// client says it signed, so any conforming signer (AWSSDK, botocore and the AWS CLI, ...) is accepted whatever
/// optional headers it chose to sign, while the payload hash always comes from the body actually received.
/// </summary>
public static class SigV4Verifier
{
    private const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>Throws the AWS error a real endpoint would answer when the request is not signed by a known key for this service.</summary>
    public static void Verify(
        IReadOnlyDictionary<string, string> credentials,
        string expectedService,
        Uri requestUri,
        Func<string, string?> header,
        byte[] body)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(requestUri);
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(body);
        var authorization = header("Authorization");
        if (string.IsNullOrEmpty(authorization))
        {
            throw new AwsErrorException("MissingAuthenticationTokenException", "Missing Authentication Token", 403);
        }

        var auth = SigV4Authorization.Parse(authorization)
            ?? throw new AwsErrorException("IncompleteSignatureException", $"Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters. Authorization={authorization}", 403);
        if (!credentials.TryGetValue(auth.AccessKeyId, out var secret))
        {
            throw new AwsErrorException("UnrecognizedClientException", "The security token included in the request is invalid.", 403);
        }

        if (!string.Equals(auth.Service, expectedService, StringComparison.Ordinal))
        {
            throw new AwsErrorException("InvalidSignatureException", $"Credential should be scoped to correct service: '{expectedService}'.", 403);
        }

        var amzDate = header("X-Amz-Date");
        if (amzDate is null || !DateTime.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out _))
        {
            throw new AwsErrorException("IncompleteSignatureException", "Authorization requires a valid X-Amz-Date header.", 403);
        }

        if (!amzDate.StartsWith(auth.Date, StringComparison.Ordinal) || auth.Date.Length != 8)
        {
            throw new AwsErrorException("InvalidSignatureException", $"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{auth.Date}' != '{amzDate[..Math.Min(8, amzDate.Length)]}', from '{amzDate}'.", 403);
        }

        if (!auth.SignedHeaders.Contains("host"))
        {
            throw new AwsErrorException("InvalidSignatureException", "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.", 403);
        }

        var expected = ComputeSignature(auth, secret, amzDate, requestUri, header, body);
        if (expected is null || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(auth.Signature)))
        {
            throw new AwsErrorException("InvalidSignatureException",
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.", 403);
        }
    }

    /// <summary>The signature a client holding <paramref name="secret"/> would send; null when a signed header is missing.</summary>
    internal static string? ComputeSignature(SigV4Authorization auth, string secret, string amzDate, Uri requestUri, Func<string, string?> header, byte[] body)
    {
        var canonical = new StringBuilder()
            .Append("POST\n")
            .Append(CanonicalPath(requestUri)).Append('\n')
            .Append(CanonicalQuery(requestUri)).Append('\n');
        foreach (var name in auth.SignedHeaders)
        {
            var value = header(name);
            if (value is null)
            {
                return null;
            }

            canonical.Append(name.ToLowerInvariant()).Append(':').Append(CollapseSpaces(value)).Append('\n');
        }

        // The hash of the body received, never the client's x-amz-content-sha256, so a changed body cannot pass.
        canonical.Append('\n').Append(string.Join(';', auth.SignedHeaders)).Append('\n').Append(Hex(SHA256.HashData(body)));

        var scope = $"{auth.Date}/{auth.Region}/{auth.Service}/aws4_request";
        var stringToSign = $"{Algorithm}\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())))}";
        var key = Encoding.UTF8.GetBytes("AWS4" + secret);
        foreach (var part in (string[])[auth.Date, auth.Region, auth.Service, "aws4_request"])
        {
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        }

        return Hex(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
    }

    // Non-S3 services encode each path segment once more on top of the encoding the URI already carries.
    private static string CanonicalPath(Uri uri)
    {
        var path = uri.AbsolutePath;
        if (path.Length == 0 || path == "/")
        {
            return "/";
        }

        return string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
    }

    private static string CanonicalQuery(Uri uri)
    {
        var query = uri.Query.TrimStart('?');
        if (query.Length == 0)
        {
            return "";
        }

        return string.Join('&', query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .Select(pair => (Key: Encode(pair[0]), Value: pair.Length > 1 ? Encode(pair[1]) : ""))
            .OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .ThenBy(pair => pair.Value, StringComparer.Ordinal)
            .Select(pair => pair.Key + "=" + pair.Value));

        static string Encode(string part) => Uri.EscapeDataString(Uri.UnescapeDataString(part));
    }

    // SigV4 trims a header value and folds runs of spaces into one.
    private static string CollapseSpaces(string value)
    {
        var text = new StringBuilder(value.Length);
        foreach (var c in value.Trim())
        {
            if (c != ' ' || text.Length == 0 || text[^1] != ' ')
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
