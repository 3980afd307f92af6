using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EcsDeploy.Sandbox.State;

/// <summary>Identifiers derived from text, so the same scenario always produces the same ids.</summary>
public static class StableIds
{
    /// <summary>Nineteen decimal digits, as in ECS task set ids (ecs-svc/1234567890123456789).</summary>
    public static string Digits(string seed)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(seed));
        var value = BitConverter.ToUInt64(hash, 0) % 9_000_000_000_000_000_000UL + 1_000_000_000_000_000_000UL;
        return value.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Lower-case hex of the SHA-256 of the text.</summary>
    public static string Hex(string seed) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(seed)));
}
