using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace EcsDeploy.Aws;

/// <summary>AWS_CA_BUNDLE / ca_bundle: the certificate authorities in a PEM file are trusted instead of the system's, as in the AWS SDKs (for TLS-inspecting proxies and private endpoints).</summary>
public static class AwsTls
{
    /// <summary>A server-certificate check that accepts only chains ending in a certificate of <paramref name="bundlePath"/>, for a host name that matches.</summary>
    public static RemoteCertificateValidationCallback TrustOnly(string bundlePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(bundlePath);
        var roots = new X509Certificate2Collection();
        try
        {
            roots.ImportFromPemFile(bundlePath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new ArgumentException($"AWS_CA_BUNDLE (or ca_bundle) names '{bundlePath}', which is not a readable PEM file of certificates: {e.Message}", e);
        }

        if (roots.Count == 0)
        {
            throw new ArgumentException($"AWS_CA_BUNDLE (or ca_bundle) names '{bundlePath}', which holds no PEM certificate.");
        }

        return (_, certificate, chain, errors) => IsTrusted(certificate, chain, errors, roots);
    }

    private static bool IsTrusted(X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors, X509Certificate2Collection roots)
    {
        // A name mismatch or a missing certificate is never excused; only who signed it is decided here.
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }
}

/// <summary>
/// The congestion control of retry mode "adaptive": after a throttling answer every call of the client waits out a
/// growing pause (1 s, doubling, at most 20 s) before its next request; a successful answer resets it.
/// </summary>
public sealed class ThrottleGate(TimeProvider time)
{
    private readonly Lock _gate = new();
    private DateTimeOffset _openAt = DateTimeOffset.MinValue;
    private TimeSpan _pause = TimeSpan.Zero;

    /// <summary>Waits until requests may be sent again.</summary>
    public Task WaitAsync(CancellationToken cancellationToken)
    {
        TimeSpan wait;
        lock (_gate)
        {
            wait = _openAt - time.GetUtcNow();
        }

        return wait > TimeSpan.Zero ? Task.Delay(wait, time, cancellationToken) : Task.CompletedTask;
    }

    /// <summary>AWS throttled a request: closes the gate for the next, longer pause.</summary>
    public void Throttled()
    {
        lock (_gate)
        {
            _pause = _pause == TimeSpan.Zero ? AwsRetry.BaseDelay : TimeSpan.FromTicks(Math.Min(_pause.Ticks * 2, AwsRetry.MaxBackoff.Ticks));
            _openAt = time.GetUtcNow() + _pause;
        }
    }

    /// <summary>A request succeeded: the next throttling starts from the shortest pause again.</summary>
    public void Succeeded()
    {
        lock (_gate)
        {
            _pause = TimeSpan.Zero;
        }
    }
}
