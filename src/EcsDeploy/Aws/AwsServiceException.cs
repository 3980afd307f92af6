namespace EcsDeploy.Aws;

/// <summary>An AWS call that failed for good: after retries, or at once for a non-retryable error.</summary>
public sealed class AwsServiceException : Exception
{
    public AwsServiceException(string service, string operation, string errorCode, string awsMessage, string? requestId, int statusCode, Exception? inner = null)
        : base(Describe(service, operation, errorCode, awsMessage, requestId), inner)
    {
        Service = service;
        Operation = operation;
        ErrorCode = errorCode;
        AwsMessage = awsMessage;
        RequestId = requestId;
        StatusCode = statusCode;
    }

    /// <summary>The service's short name: ecs, codedeploy or ecr.</summary>
    public string Service { get; }
    public string Operation { get; }
    /// <summary>The AWS error code without namespace prefix or suffix, for example ThrottlingException.</summary>
    public string ErrorCode { get; }
    public string AwsMessage { get; }
    public string? RequestId { get; }
    /// <summary>The HTTP status, or 0 when no response arrived.</summary>
    public int StatusCode { get; }

    private static string Describe(string service, string operation, string code, string message, string? requestId) =>
        $"{service}:{operation} failed ({code}): {message}" + (requestId is null ? "" : $" [request id {requestId}]");
}
