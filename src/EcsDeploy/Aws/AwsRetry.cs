using System.Globalization;
using Polly;
using Polly.Retry;

namespace EcsDeploy.Aws;

/// <summary>
/// Retry classification and backoff of the AWS SDKs' "standard" retry mode: throttling and transient error
/// codes, HTTP 500/502/503/504, connection failures and timeouts are retried with full-jitter exponential
/// backoff, min(20 s, random(0, 2^attempt × 1 s)); everything else fails at once.
/// </summary>
public static class AwsRetry
{
    /// <summary>Total attempts when nothing is configured, as in the SDKs' standard mode.</summary>
    public const int DefaultMaxAttempts = 3;

    /// <summary>The longest single backoff.</summary>
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(20);

    /// <summary>The base of the exponential backoff.</summary>
    public static readonly TimeSpan BaseDelay = TimeSpan.FromSeconds(1);

    /// <summary>The error code given to a request that got no response (connection failure).</summary>
    public const string ConnectionErrorCode = "ConnectionError";

    /// <summary>The code of a call that could not be signed because no credentials resolved; the SDK has already retried its own lookups.</summary>
    public const string CredentialsErrorCode = "CredentialsError";

    /// <summary>The error code given to an attempt that timed out.</summary>
    public const string TimeoutErrorCode = "RequestTimeout";

    private static readonly HashSet<string> ThrottlingCodes = new(StringComparer.Ordinal)
    {
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
        "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled",
        "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException",
    };

    private static readonly HashSet<string> TransientCodes = new(StringComparer.Ordinal)
    {
        "RequestTimeout", "RequestTimeoutException", "InternalError", "InternalFailure",
        "ServiceUnavailable", "ServiceUnavailableException", ConnectionErrorCode,
    };

    /// <summary>Whether a code means the caller is being throttled.</summary>
    public static bool IsThrottling(string errorCode) => ThrottlingCodes.Contains(errorCode);

    /// <summary>Whether a failed attempt is worth another try: throttling, transient code, 5xx, or no response (but not missing credentials: a denied role stays denied).</summary>
    public static bool IsRetryable(string errorCode, int statusCode) =>
        errorCode != CredentialsErrorCode
        && (ThrottlingCodes.Contains(errorCode) || TransientCodes.Contains(errorCode) || statusCode is 0 or 500 or 502 or 503 or 504);

    /// <summary>The backoff before retry number <paramref name="attempt"/> (0 for the first retry), given a uniform sample in [0, 1).</summary>
    public static TimeSpan Backoff(int attempt, double random)
    {
        var ceiling = BaseDelay.TotalSeconds * Math.Pow(2, Math.Clamp(attempt, 0, 30));
        var seconds = Math.Min(MaxBackoff.TotalSeconds, Math.Clamp(random, 0, 1) * ceiling);
        return TimeSpan.FromSeconds(seconds);
    }

    /// <summary>
    /// Total attempts (first try included): <paramref name="maxRetries"/> + 1 when the action's max-retries input
    /// is given, else AWS_MAX_ATTEMPTS (already a total), else <see cref="DefaultMaxAttempts"/>.
    /// </summary>
    public static int ResolveMaxAttempts(int? maxRetries, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (maxRetries is { } retries)
        {
            return retries < 0 ? throw new ArgumentOutOfRangeException(nameof(maxRetries), retries, "max-retries must be 0 or more.") : retries + 1;
        }

        if (environment.TryGetValue("AWS_MAX_ATTEMPTS", out var text) && !string.IsNullOrWhiteSpace(text))
        {
            return int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var attempts) && attempts >= 1
                ? attempts
                : throw new ArgumentException($"AWS_MAX_ATTEMPTS is '{text}', which is not a whole number of 1 or more; set it to e.g. 3 or unset it.");
        }

        return DefaultMaxAttempts;
    }

    /// <summary>A Polly pipeline retrying <see cref="AwsServiceException"/>s that <see cref="IsRetryable"/> accepts, on <paramref name="time"/>.</summary>
    internal static ResiliencePipeline Build(int maxAttempts, TimeProvider time, Func<double> random) =>
        Build(new AwsRetryBudget(maxAttempts, null, AwsCallKind.Change), time, random, null);

    /// <summary>
    /// The pipeline of one kind of call: reads retry any retryable failure up to their budget, changes too, and
    /// unrepeatable changes only when AWS surely did nothing (see <see cref="LostAnswer"/>). <paramref name="onThrottled"/>
    /// hears every throttled attempt that is retried.
    /// </summary>
    internal static ResiliencePipeline Build(AwsRetryBudget budget, TimeProvider time, Func<double> random, Action<AwsServiceException>? onThrottled)
    {
        if (budget.MaxAttempts <= 1)
        {
            return ResiliencePipeline.Empty;
        }

        return new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = budget.MaxAttempts - 1,
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is AwsServiceException failure
                    && !args.Context.CancellationToken.IsCancellationRequested
                    && IsRetryable(failure.ErrorCode, failure.StatusCode)
                    && (budget.Kind != AwsCallKind.Unrepeatable || LostAnswer.SurelyNotApplied(failure))
                    && budget.WithinWindow(args.Context, time)),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(Backoff(args.AttemptNumber, random())),
                OnRetry = args =>
                {
                    if (args.Outcome.Exception is AwsServiceException { ErrorCode: var code } throttled && IsThrottling(code))
                    {
                        onThrottled?.Invoke(throttled);
                    }

                    return ValueTask.CompletedTask;
                },
                MaxDelay = MaxBackoff,
                UseJitter = false,
            })
            .Build();
    }
}
