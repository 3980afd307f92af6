using System.Globalization;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

namespace EcsDeploy.Tests.Aws;

/// <summary>Recomputes a received request's SigV4 signature with the SDK's signer and compares it.</summary>
internal static class SigV4Verifier
{
    // Headers the signer derives itself; everything else that was signed is handed back in as caller headers.
    private static readonly HashSet<string> Derived = new(StringComparer.OrdinalIgnoreCase)
    {
        "host", "x-amz-date", "x-amz-content-sha256", "x-amz-security-token", "authorization",
    };

    public static bool Verify(HttpMethod method, Uri uri, IReadOnlyDictionary<string, string> headers, byte[] body, AWSCredentials credentials)
    {
        var authorization = headers.TryGetValue("Authorization", out var value) ? value : throw new InvalidOperationException("no Authorization header");
        var scope = Part(authorization, "Credential=").Split('/');
        var signedHeaders = Part(authorization, "SignedHeaders=").Split(';');
        var signedAt = DateTime.ParseExact(headers["X-Amz-Date"], "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

        var request = new AWSSigningRequest { HttpMethod = method, RequestUri = uri, Content = body };
        foreach (var name in signedHeaders.Where(n => !Derived.Contains(n)))
        {
            request.Headers[name] = headers[name];
        }

        var result = AWSSigV4Signer.Sign(request, new AWSSigV4Parameters
        {
            Credentials = credentials,
            Region = RegionEndpoint.GetBySystemName(scope[2]),
            Service = scope[3],
            SignedAt = signedAt,
        });
        return string.Equals(result.Headers["Authorization"], authorization, StringComparison.Ordinal);
    }

    public static bool Verify(RecordedRequest request, AWSCredentials credentials) =>
        Verify(request.Method, request.Uri, request.Headers, request.Body, credentials);

    public static string[] SignedHeaders(string authorization) => Part(authorization, "SignedHeaders=").Split(';');

    private static string Part(string authorization, string key)
    {
        var start = authorization.IndexOf(key, StringComparison.Ordinal) + key.Length;
        var end = authorization.IndexOf(',', start);
        return (end < 0 ? authorization[start..] : authorization[start..end]).Trim();
    }
}
