using Amazon.Runtime;
using EcsDeploy.Aws;

namespace EcsDeploy.Tests.Aws;

/// <summary>Builds AWS clients over a <see cref="FakeAwsHandler"/> with no backoff delay unless told otherwise.</summary>
internal static class TestClients
{
    public static readonly BasicAWSCredentials Credentials = new("AKIDEXAMPLE", "secret-for-tests");

    public static AwsApis Create(FakeAwsHandler handler, int? maxAttempts = null, TimeProvider? time = null, Func<double>? jitter = null,
        IReadOnlyDictionary<string, string>? environment = null, AWSCredentials? credentials = null) =>
        AwsClients.Create(new AwsClientOptions
        {
            Region = "us-east-1",
            Credentials = credentials ?? Credentials,
            MaxAttempts = maxAttempts,
            InnerHandler = handler,
            Time = time ?? TimeProvider.System,
            Jitter = jitter ?? (static () => 0),
            Environment = environment ?? new Dictionary<string, string>(),
        });
}
