using Amazon.Runtime.CredentialManagement;

namespace EcsDeploy.Aws;

/// <summary>
/// The profile of the shared config file (AWS_CONFIG_FILE, else ~/.aws/config; AWS_PROFILE, else default). AWSSDK.Core's
/// reader (<see cref="SharedCredentialsFile"/>) gives the settings it models; the keys it keeps to itself —
/// endpoint_url, ca_bundle, sts_regional_endpoints and the [services …] sections — are read here from the same file.
/// </summary>
public sealed class AwsSharedConfig
{
    private readonly Dictionary<string, string> _values;
    private readonly Dictionary<string, Dictionary<string, string>> _services;

    private AwsSharedConfig(CredentialProfile? profile, Dictionary<string, string> values, Dictionary<string, Dictionary<string, string>> services)
    {
        Profile = profile;
        _values = values;
        _services = services;
    }

    /// <summary>No file, or no such profile.</summary>
    public static readonly AwsSharedConfig Empty = new(null, [], []);

    /// <summary>The profile as AWSSDK.Core reads it (FIPS, dual-stack, retry mode, max attempts, services name), or null.</summary>
    public CredentialProfile? Profile { get; }

    /// <summary>A key of the profile, for example endpoint_url; null when absent.</summary>
    public string? Value(string key) => _values.TryGetValue(key, out var value) && value.Length > 0 ? value : null;

    /// <summary>A key of the profile's [services …] section for one service, for example ("ecs", "endpoint_url").</summary>
    public string? ServiceValue(string serviceKey, string key) =>
        _services.TryGetValue(serviceKey, out var values) && values.TryGetValue(key, out var value) && value.Length > 0 ? value : null;

    /// <summary>Reads the profile the environment names; a missing file is no error, as in the SDKs.</summary>
    public static AwsSharedConfig Load(IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        string? Get(string name) => environment.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
        var home = Get("HOME") ?? Get("USERPROFILE");
        var path = Get("AWS_CONFIG_FILE") ?? (home is null ? null : Path.Combine(home, ".aws", "config"));
        if (path is null || !File.Exists(path))
        {
            return Empty;
        }

        var name = Get("AWS_PROFILE") ?? Get("AWS_DEFAULT_PROFILE") ?? "default";
        var sections = Parse(File.ReadAllLines(path));
        var profileSection = name == "default" && !sections.ContainsKey("profile default") ? "default" : $"profile {name}";
        var values = sections.TryGetValue(profileSection, out var found) ? found.Values : [];
        var services = values.TryGetValue("services", out var servicesName) && sections.TryGetValue($"services {servicesName}", out var s) ? s.Nested : [];

        // The SDK's reader takes the credentials file and finds "config" beside it (or AWS_CONFIG_FILE in the process).
        var credentials = Get("AWS_SHARED_CREDENTIALS_FILE") ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, "credentials");
        CredentialProfile? profile = null;
        try
        {
            _ = new SharedCredentialsFile(credentials).TryGetProfile(name, out profile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or Amazon.Runtime.AmazonClientException)
        {
            profile = null;
        }

        return new AwsSharedConfig(profile, values, services);
    }

    private sealed record Section(Dictionary<string, string> Values, Dictionary<string, Dictionary<string, string>> Nested);

    // INI as the SDKs write it: [section], key = value, and "key =" followed by indented sub-keys.
    private static Dictionary<string, Section> Parse(IEnumerable<string> lines)
    {
        var sections = new Dictionary<string, Section>(StringComparer.Ordinal);
        Section? current = null;
        Dictionary<string, string>? nested = null;
        foreach (var raw in lines)
        {
            var line = raw.Split(['#', ';'])[0].TrimEnd();
            if (line.Trim().Length == 0)
            {
                continue;
            }

            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                var title = string.Join(' ', line[1..^1].Split(' ', StringSplitOptions.RemoveEmptyEntries));
                current = sections.TryGetValue(title, out var existing) ? existing : sections[title] = new Section(new(StringComparer.Ordinal), new(StringComparer.Ordinal));
                nested = null;
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (current is null || equals < 0)
            {
                continue;
            }

            var key = line[..equals].Trim().ToLowerInvariant();
            var value = line[(equals + 1)..].Trim();
            if (char.IsWhiteSpace(line[0]) && nested is not null)
            {
                nested[key] = value;
            }
            else if (value.Length == 0)
            {
                nested = current.Nested[key] = new Dictionary<string, string>(StringComparer.Ordinal);
            }
            else
            {
                current.Values[key] = value;
                nested = null;
            }
        }

        return sections;
    }
}
