using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

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

/// <summary>Checks a request's SigV4 signature by signing it again with AWSSDK.Core and the sandbox's secret.</summary>
public static class SigV4Verifier
{
    /// <summary>Throws the AWS error a real endpoint would answer when the request is not signed by a known key for this service.</summary>
    public static void Verify(
        IReadOnlyDictionary<string, string> credentials,
        string expectedService,
        Uri requestUri,
        Func<string, string?> header,
        byte[] body)
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

        var expected = ComputeSignature(auth, secret, requestUri, header, body, signedAt);
        if (expected is null || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(auth.Signature)))
        {
            throw new AwsErrorException("InvalidSignatureException",
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.", 403);
        }
    }

    private static string? ComputeSignature(SigV4Authorization auth, string secret, Uri requestUri, Func<string, string?> header, byte[] body, DateTime signedAt)
    {
        var token = header("X-Amz-Security-Token");
        AWSCredentials credentials = token is null
            ? new BasicAWSCredentials(auth.AccessKeyId, secret)
            : new SessionAWSCredentials(auth.AccessKeyId, secret, token);
        var request = new AWSSigningRequest { HttpMethod = HttpMethod.Post, RequestUri = requestUri, Content = body };
        foreach (var name in auth.SignedHeaders)
        {
            // The signer adds host, the date and the token itself; the body hash it computes from the body,
            // so a tampered body cannot ride on the client's own x-amz-content-sha256.
            if (name is "host" or "x-amz-date" or "x-amz-security-token" or "x-amz-content-sha256")
            {
                continue;
            }

            var value = header(name);
            if (value is not null)
            {
                request.Headers[name] = value;
            }
        }

        var result = AWSSigV4Signer.Sign(request, new AWSSigV4Parameters
        {
            Credentials = credentials,
            Region = RegionEndpoint.GetBySystemName(auth.Region),
            Service = auth.Service,
            SignedAt = signedAt,
            SignPayload = true,
        });
        var produced = result.Headers.FirstOrDefault(h => string.Equals(h.Key, "Authorization", StringComparison.OrdinalIgnoreCase)).Value;
        return SigV4Authorization.Parse(produced)?.Signature;
    }
}
