using System.Reflection;

namespace EcsDeploy.Aws;

/// <summary>The User-Agent the action sends, naming itself and its version.</summary>
public static class AwsUserAgent
{
    public const string Product = "ecs-bluegreen-action";

    /// <summary>For example "ecs-bluegreen-action/1.0.0 md/dotnet#10".</summary>
    public static string Value { get; } = Build();

    private static string Build()
    {
        var assembly = typeof(AwsUserAgent).Assembly;
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString(3) ?? "0.0.0";

        // Source-link builds append "+<commit>"; the product token keeps only the version.
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        if (plus >= 0)
        {
            version = version[..plus];
        }

        return $"{Product}/{version} md/dotnet#{Environment.Version.Major}";
    }
}
