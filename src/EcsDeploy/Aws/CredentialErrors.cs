using Amazon.Runtime;

namespace EcsDeploy.Aws;

/// <summary>
/// Turns the SDK's credential failures into one line for people: which sources were tried and what to configure, or,
/// for a GitHub OIDC role that cannot be assumed, STS's code and message, the role and the usual fixes.
/// </summary>
public static class CredentialErrors
{
    /// <summary>The sources the SDK's default chain tries, in its order.</summary>
    public const string SourcesTried =
        "environment variables (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), web identity (AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN), " +
        "the shared config and credentials files (AWS_PROFILE), and container and instance metadata";

    /// <summary>The one-line explanation of <paramref name="failure"/>, given the process environment.</summary>
    public static string Describe(Exception failure, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(failure);
        ArgumentNullException.ThrowIfNull(environment);
        var role = Value(environment, "AWS_ROLE_ARN");
        var tokenFile = Value(environment, "AWS_WEB_IDENTITY_TOKEN_FILE");
        if (StsCause(failure) is { } sts)
        {
            var who = role is null ? "the role" : $"role {role}";
            return $"assuming {who} with the GitHub OIDC token failed ({sts.ErrorCode ?? "no code"}): {OneLine(sts.Message)} " +
                   "Check the role's trust policy: it must trust the token.actions.githubusercontent.com identity provider, its " +
                   "token.actions.githubusercontent.com:sub condition must match this repository and branch or environment (repo:OWNER/REPO:...), " +
                   "and :aud must be sts.amazonaws.com; the workflow needs 'permissions: id-token: write'.";
        }

        if (Innermost(failure).Message == NoSourceCredentials.Explanation)
        {
            return NoSourceCredentials.Explanation + ".";
        }

        if (role is not null && tokenFile is not null)
        {
            return $"assuming role {role} with the web identity token in {tokenFile} failed: {OneLine(Innermost(failure).Message)} " +
                   "Check that the token file exists and that the job has 'permissions: id-token: write'.";
        }

        return $"no AWS credentials were found; tried {SourcesTried}. " +
               "Add a step with aws-actions/configure-aws-credentials before this one (role-to-assume with 'permissions: id-token: write' is the usual way).";
    }

    // The STS answer (AccessDenied, InvalidIdentityToken, ExpiredTokenException…) wherever the SDK wrapped it.
    private static AmazonServiceException? StsCause(Exception failure)
    {
        for (var e = (Exception?)failure; e is not null; e = e.InnerException)
        {
            if (e is AmazonServiceException service)
            {
                return service;
            }
        }

        return null;
    }

    private static Exception Innermost(Exception failure)
    {
        var e = failure;
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e;
    }

    private static string? Value(IReadOnlyDictionary<string, string> environment, string name) =>
        environment.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private static string OneLine(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        line = line.Length <= 300 ? line : string.Concat(line.AsSpan(0, 297), "...");
        return line.EndsWith('.') ? line : line + ".";
    }
}
