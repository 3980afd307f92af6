namespace EcsDeploy.Aws;

/// <summary>
/// Tells apart failures where AWS surely did nothing (an error answer, a connection never made, no credentials) from
/// failures where the request may have reached AWS and worked while its answer was lost (timeout, connection closed
/// after sending, 5xx). After the second kind, a call that changes state must look before it repeats itself.
/// </summary>
public static class LostAnswer
{
    /// <summary>True when the request may have reached AWS and taken effect although the call failed.</summary>
    public static bool MayHaveReachedAws(Exception exception) => exception switch
    {
        AwsServiceException { ErrorCode: AwsRetry.CredentialsErrorCode } => false,
        AwsServiceException { StatusCode: >= 500 } => true,
        AwsServiceException { StatusCode: 0 } e => !NeverSent(e.InnerException),
        // A call abandoned by its own budget or by the run may still have been sent.
        OperationCanceledException => true,
        HttpRequestException http => !NeverSent(http),
        _ => false,
    };

    /// <summary>True when retrying is safe for any call: AWS answered with an error that says it did nothing (throttling, 4xx), or no connection was made.</summary>
    public static bool SurelyNotApplied(AwsServiceException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return !MayHaveReachedAws(exception);
    }

    // Failures that happen before a single byte of the request leaves the machine.
    private static bool NeverSent(Exception? exception) =>
        exception is HttpRequestException
        {
            HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError
                or HttpRequestError.ProxyTunnelError or HttpRequestError.ConfigurationLimitExceeded,
        };
}
