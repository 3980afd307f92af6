namespace EcsDeploy.Aws;

/// <summary>Says once per run that AWS is throttling, instead of a line per retried attempt.</summary>
internal sealed class ThrottleNotice(Action<string>? say)
{
    private int _said;

    /// <summary>Called for each throttled attempt that will be retried.</summary>
    public void Heard(AwsServiceException throttled)
    {
        if (say is not null && Interlocked.Exchange(ref _said, 1) == 0)
        {
            say($"AWS is throttling the action's requests ({throttled.ErrorCode} on {throttled.Service}:{throttled.Operation}); retrying with backoff. Reads are retried for up to {AwsRetryBudget.DefaultReadWindow.TotalMinutes:0} minutes unless max-retries is set.");
        }
    }
}
