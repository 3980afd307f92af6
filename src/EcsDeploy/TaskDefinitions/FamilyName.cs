using System.Text.RegularExpressions;

namespace EcsDeploy.TaskDefinitions;

/// <summary>What ECS accepts as a task definition family: up to 255 letters, digits, hyphens and underscores.</summary>
public static partial class FamilyName
{
    /// <summary>Why <paramref name="family"/> is not a family ECS accepts (finishing "which …"), or null when it is.</summary>
    public static string? Problem(string family)
    {
        ArgumentNullException.ThrowIfNull(family);
        return Pattern().IsMatch(family)
            ? null
            : family.Length > 255
                ? $"is {family.Length} characters long; ECS accepts up to 255"
                : "ECS does not accept; a family has up to 255 letters, digits, hyphens and underscores (no '/', '.' or spaces)";
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,255}$")]
    private static partial Regex Pattern();
}
