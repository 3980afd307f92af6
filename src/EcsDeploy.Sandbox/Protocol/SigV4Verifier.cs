using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Amazon.Runtime.Internal.Auth;
using Amazon.Util;

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

/// <summary>Checks a request's SigV4 signature over the headers the client signed, with AWSSDK.Core's signing primitives and the sandbox's secret.</summary>
public static class SigV4Verifier
{
    /// <summary>Throws the AWS error a real endpoint would answer when the request is not signed by a known key for this service.</summary>
    public static void Verify(
        IReadOnlyDictionary<string, string> credentials,
        string expectedService,
        Uri requestUri,
        Func<string, string?> header,
        byte[] body,
        string method = "POST")
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(header);
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
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var signedAt))
        {
            throw new AwsErrorException("IncompleteSignatureException", "Authorization requires a valid X-Amz-Date header.", 403);
        }

        var expected = ComputeSignature(auth, secret, requestUri, method, header, body, signedAt);
        if (expected is null || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(auth.Signature)))
        {
            throw new AwsErrorException("InvalidSignatureException",
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.", 403);
        }
    }

    // Rebuilds the canonical request from the headers the client itself listed in SignedHeaders, as AWS does, so
    // clients that sign fewer headers (the AWS CLI and the JavaScript SDK leave x-amz-content-sha256 out) verify
    // too. Canonicalisation, the signing key and the keyed hashes are AWSSDK.Core's; the payload hash is always
    // computed from the body received, so a body changed after signing never verifies.
    private static string? ComputeSignature(SigV4Authorization auth, string secret, Uri requestUri, string method, Func<string, string?> header, byte[] body, DateTime signedAt)
    {
        var signed = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in auth.SignedHeaders.Select(n => n.ToLowerInvariant()))
        {
            var value = header(name);
            if (value is null)
            {
                return null; // a header the client signed did not arrive
            }

            signed[name] = value;
        }

        if (!signed.ContainsKey("host"))
        {
            return null; // AWS requires host among the signed headers
        }

        var bodyHash = AWSSDKUtils.ToHex(AWS4Signer.ComputeHash(body), true);
        var signedHeaders = string.Join(';', signed.Keys);
        var canonical = new StringBuilder()
            .Append(method).Append('\n')
            .Append(CanonicalPath(requestUri.AbsolutePath)).Append('\n')
            .Append(CanonicalQuery(requestUri.Query)).Append('\n');
        foreach (var (name, value) in signed)
        {
            canonical.Append(name).Append(':').Append(string.Join(' ', value.Split(' ', StringSplitOptions.RemoveEmptyEntries))).Append('\n');
        }

        canonical.Append('\n').Append(signedHeaders).Append('\n').Append(bodyHash);
        return AWS4Signer.ComputeSignature(auth.AccessKeyId, secret, auth.Region, signedAt, auth.Service, signedHeaders, canonical.ToString()).Signature;
    }

    // Each path segment URI-encoded (RFC 3986 unreserved characters kept), "/" for an empty path.
    private static string CanonicalPath(string path) =>
        string.IsNullOrEmpty(path) || path == "/"
            ? "/"
            : string.Join('/', path.Split('/').Select(segment => AWSSDKUtils.UrlEncode(Uri.UnescapeDataString(segment), false)));

    // Name=value pairs URI-encoded and sorted by name, then value.
    private static string CanonicalQuery(string query) =>
        string.Join('&', query.TrimStart('?')
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .Select(p => (Name: AWSSDKUtils.UrlEncode(Uri.UnescapeDataString(p[0]), false), Value: AWSSDKUtils.UrlEncode(p.Length > 1 ? Uri.UnescapeDataString(p[1]) : "", false)))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => $"{p.Name}={p.Value}"));
}
