using System.Text.RegularExpressions;

namespace EcsDeploy.TaskDefinitions;

/// <summary>Recognises values that look like credentials, so that they are masked and never printed.</summary>
internal static partial class CredentialDetector
{
    private static readonly string[] SecretNameParts = ["PASSWORD", "PASSWD", "SECRET", "TOKEN", "API_KEY", "APIKEY", "PRIVATE_KEY", "ACCESS_KEY", "CREDENTIAL"];

    /// <summary>True for AWS access key ids, 40-character secret keys, well-known token formats, and values of secret-named keys.</summary>
    public static bool LooksLikeCredential(string? key, string value)
    {
        if (value.Length < 8 || value.StartsWith("arn:", StringComparison.Ordinal))
        {
            return false;
        }

        if (AccessKeyId().IsMatch(value) || Token().IsMatch(value) || IsSecretKey(value))
        {
            return true;
        }

        return key is not null && SecretNameParts.Any(part => key.Contains(part, StringComparison.OrdinalIgnoreCase));
    }

    // 40 base64 characters with both letter cases: an AWS secret key, never a git SHA (lower-case hex).
    private static bool IsSecretKey(string value) =>
        SecretKeyShape().IsMatch(value) && value.Any(char.IsUpper) && value.Any(char.IsLower);

    [GeneratedRegex(@"(?<![A-Z0-9])(AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])")]
    private static partial Regex AccessKeyId();

    [GeneratedRegex(@"^[A-Za-z0-9/+=]{40}$")]
    private static partial Regex SecretKeyShape();

    // GitHub, GitLab, Slack and npm tokens, private keys, and JSON web tokens.
    [GeneratedRegex(@"(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|glpat-[A-Za-z0-9_-]{20,}|xox[abprs]-[A-Za-z0-9-]{10,}|npm_[A-Za-z0-9]{30,}|-----BEGIN [A-Z ]*PRIVATE KEY-----|eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+)")]
    private static partial Regex Token();
}
