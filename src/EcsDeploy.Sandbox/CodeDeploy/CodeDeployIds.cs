using System.Globalization;
using EcsDeploy.Sandbox.State;

namespace EcsDeploy.Sandbox.CodeDeploy;

/// <summary>Deterministic identifiers drawn from World.NextId, shaped like the real ones.</summary>
internal static class CodeDeployIds
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private const ulong Space = 101_559_956_668_416UL; // 36^9

    /// <summary>d- and nine uppercase alphanumerics; the multiplier is coprime with 36, so ids never repeat.</summary>
    public static string NextDeploymentId(World world)
    {
        var n = (ulong)world.NextId++;
        var x = ((n * 2_654_435_761UL) + 48_271UL) % Space;
        Span<char> chars = stackalloc char[9];
        for (var i = 8; i >= 0; i--)
        {
            chars[i] = Alphabet[(int)(x % 36)];
            x /= 36;
        }

        return "d-" + new string(chars);
    }

    /// <summary>ecs-svc/ and nineteen digits, as ECS names task sets created by CodeDeploy.</summary>
    public static string NextTaskSetId(World world)
    {
        var n = (ulong)world.NextId++;
        var digits = 4_000_000_000_000_000_000UL + (n * 7_368_787UL);
        return "ecs-svc/" + digits.ToString("D19", CultureInfo.InvariantCulture);
    }
}
