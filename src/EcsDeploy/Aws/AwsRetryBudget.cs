using Polly;

namespace EcsDeploy.Aws;

/// <summary>How a call may be repeated when it fails.</summary>
public enum AwsCallKind
{
    /// <summary>Describe*, Get*, List*, BatchGet*: safe to repeat, so they get the larger budget.</summary>
    Read,

    /// <summary>A call that changes state and is safe to send again (it is idempotent or fails harmlessly when repeated).</summary>
    Change,

    /// <summary>A call that would act twice if repeated after a lost answer: repeated only when AWS surely did nothing.</summary>
    Unrepeatable,
}

/// <summary>Attempts (first included) and, for reads, the time after which no retry starts.</summary>
public sealed record AwsRetryBudget(int MaxAttempts, TimeSpan? Window, AwsCallKind Kind)
{
    /// <summary>Attempts a read gets when the user set no limit: enough to ride out sustained throttling.</summary>
    public const int DefaultReadAttempts = 10;

    /// <summary>How long a read keeps retrying when the user set no limit.</summary>
    public static readonly TimeSpan DefaultReadWindow = TimeSpan.FromMinutes(2);

    /// <summary>Calls that must not be sent twice after a lost answer; their callers look for the effect instead.</summary>
    private static readonly HashSet<string> UnrepeatableOperations = new(StringComparer.Ordinal)
    {
        "CreateDeployment", "ContinueDeployment",

        // A repeated UpdateService with forceNewDeployment starts a second deployment; the ECS path looks before it tries again.
        "UpdateService",
    };

    internal static readonly ResiliencePropertyKey<DateTimeOffset> StartedAt = new("ecs-deploy.started-at");

    /// <summary>The kind of <paramref name="operation"/>, from its name as the AWS model spells it.</summary>
    public static AwsCallKind KindOf(string operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        if (operation.StartsWith("Describe", StringComparison.Ordinal) || operation.StartsWith("Get", StringComparison.Ordinal)
            || operation.StartsWith("List", StringComparison.Ordinal) || operation.StartsWith("BatchGet", StringComparison.Ordinal))
        {
            return AwsCallKind.Read;
        }

        return UnrepeatableOperations.Contains(operation) ? AwsCallKind.Unrepeatable : AwsCallKind.Change;
    }

    /// <summary>
    /// The budget of each kind. With no limit set by the user (<paramref name="configured"/> null), reads get
    /// <see cref="DefaultReadAttempts"/> within <see cref="DefaultReadWindow"/> and changes <paramref name="standard"/>;
    /// a limit the user set applies to every call.
    /// </summary>
    public static AwsRetryBudget For(AwsCallKind kind, int? configured, int standard) =>
        configured is { } attempts ? new AwsRetryBudget(attempts, null, kind)
        : kind == AwsCallKind.Read ? new AwsRetryBudget(Math.Max(standard, DefaultReadAttempts), DefaultReadWindow, kind)
        : new AwsRetryBudget(standard, null, kind);

    internal bool WithinWindow(ResilienceContext context, TimeProvider time) =>
        Window is not { } window || !context.Properties.TryGetValue(StartedAt, out var started) || time.GetUtcNow() - started < window;
}
