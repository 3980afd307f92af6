using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Amazon;
using EcsDeploy.Aws;
using EcsDeploy.Tests.Integration;
using EcsDeploy.Tests.Support;

namespace EcsDeploy.Tests.Aws;

/// <summary>The AWS SDKs' environment and shared-config conventions, each from the environment dictionary and from a config file.</summary>
public sealed class AwsSdkSettingsTests : IDisposable
{
    private const string Service = """{"services":[{"serviceName":"web","status":"ACTIVE"}],"failures":[]}""";
    private const string Throttled = """{"__type":"ThrottlingException","message":"Rate exceeded"}""";
    private readonly TempDirectory _home = new();

    public void Dispose() => _home.Dispose();

    /// <summary>An environment whose AWS_CONFIG_FILE holds <paramref name="config"/>, plus the given variables.</summary>
    private Dictionary<string, string> With(string? config, params (string Name, string Value)[] variables)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        if (config is not null)
        {
            File.WriteAllText(_home.File("config"), config);
            environment["AWS_CONFIG_FILE"] = _home.File("config");
        }

        foreach (var (name, value) in variables)
        {
            environment[name] = value;
        }

        return environment;
    }

    private static string Host(AwsService service, string region, Dictionary<string, string> environment) =>
        AwsEndpoints.Resolve(service, region, environment).Host;

    [Theory]
    [InlineData("us-east-1", "ecs-fips.us-east-1.amazonaws.com")]
    [InlineData("us-gov-west-1", "ecs-fips.us-gov-west-1.amazonaws.com")]
    public void UseFipsEndpoint_Variable_FipsHost(string region, string expected) =>
        Assert.Equal(expected, Host(AwsService.Ecs, region, With(null, ("AWS_USE_FIPS_ENDPOINT", "true"))));

    [Fact]
    public void UseFipsEndpoint_Profile_FipsHostForEachService()
    {
        var environment = With("[profile gov]\nuse_fips_endpoint = true\n", ("AWS_PROFILE", "gov"));

        Assert.Equal("codedeploy-fips.us-gov-east-1.amazonaws.com", Host(AwsService.CodeDeploy, "us-gov-east-1", environment));
        Assert.Equal("ecr-fips.us-gov-east-1.amazonaws.com", Host(AwsService.Ecr, "us-gov-east-1", environment));
    }

    [Fact]
    public void UseFipsEndpoint_VariableFalse_WinsOverProfile() =>
        Assert.Equal("ecs.us-east-1.amazonaws.com", Host(AwsService.Ecs, "us-east-1", With("[default]\nuse_fips_endpoint = true\n", ("AWS_USE_FIPS_ENDPOINT", "false"))));

    [Theory]
    [InlineData("us-east-1", false, "ecs.us-east-1.api.aws")]
    [InlineData("cn-north-1", false, "ecs.cn-north-1.api.amazonwebservices.com.cn")]
    [InlineData("us-east-1", true, "ecs-fips.us-east-1.api.aws")]
    public void UseDualStackEndpoint_Variable_DualStackHost(string region, bool fips, string expected) =>
        Assert.Equal(expected, Host(AwsService.Ecs, region, With(null, ("AWS_USE_DUALSTACK_ENDPOINT", "true"), ("AWS_USE_FIPS_ENDPOINT", fips ? "true" : "false"))));

    [Fact]
    public void UseDualStackEndpoint_ProfileWithFips_EcrApiHost() =>
        Assert.Equal("api.ecr-fips.us-east-1.api.aws", Host(AwsService.Ecr, "us-east-1", With("[default]\nuse_dualstack_endpoint = true\nuse_fips_endpoint = true\n")));

    [Theory]
    [InlineData("AWS_USE_FIPS_ENDPOINT", "yes")]
    [InlineData("AWS_USE_DUALSTACK_ENDPOINT", "1")]
    [InlineData("AWS_RETRY_MODE", "fast")]
    [InlineData("AWS_STS_REGIONAL_ENDPOINTS", "global")]
    public void Read_ValueTheSdksReject_ErrorNamesVariableAndValue(string name, string value)
    {
        var error = Assert.Throws<ArgumentException>(() => AwsSdkSettings.Read(With(null, (name, value))));

        Assert.StartsWith($"{name} is '{value}'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("legacy", AwsRetryMode.Standard)]
    [InlineData("standard", AwsRetryMode.Standard)]
    [InlineData("adaptive", AwsRetryMode.Adaptive)]
    [InlineData("ADAPTIVE", AwsRetryMode.Adaptive)]
    public void RetryMode_Variable_Parsed(string value, AwsRetryMode expected) =>
        Assert.Equal(expected, AwsSdkSettings.Read(With(null, ("AWS_RETRY_MODE", value))).RetryMode);

    [Fact]
    public void RetryMode_Profile_Parsed() =>
        Assert.Equal(AwsRetryMode.Adaptive, AwsSdkSettings.Read(With("[default]\nretry_mode = adaptive\n")).RetryMode);

    [Fact]
    public async Task RetryMode_Adaptive_NextCallWaitsAfterThrottling()
    {
        var clock = new VirtualClock();
        var handler = new FakeAwsHandler().Respond(HttpStatusCode.BadRequest, Throttled).Respond(HttpStatusCode.OK, Service);
        using var apis = AwsClients.Create(new AwsClientOptions
        {
            Region = "us-east-1",
            Credentials = TestClients.Credentials,
            InnerHandler = handler,
            MaxAttempts = 1,
            Time = clock,
            Environment = With(null, ("AWS_RETRY_MODE", "adaptive")),
        });
        await Assert.ThrowsAsync<AwsServiceException>(() => apis.Ecs.DescribeServiceAsync("prod", "web", CancellationToken.None));
        var throttledAt = clock.GetUtcNow();

        await apis.Ecs.DescribeServiceAsync("prod", "web", CancellationToken.None);

        Assert.True(clock.GetUtcNow() - throttledAt >= AwsRetry.BaseDelay, "the call after a throttling answer should wait on the clock");
    }

    [Fact]
    public async Task RetryMode_Standard_NextCallDoesNotWait()
    {
        var clock = new VirtualClock();
        var handler = new FakeAwsHandler().Respond(HttpStatusCode.BadRequest, Throttled).Respond(HttpStatusCode.OK, Service);
        using var apis = AwsClients.Create(new AwsClientOptions { Region = "us-east-1", Credentials = TestClients.Credentials, InnerHandler = handler, MaxAttempts = 1, Time = clock });
        await Assert.ThrowsAsync<AwsServiceException>(() => apis.Ecs.DescribeServiceAsync("prod", "web", CancellationToken.None));
        var throttledAt = clock.GetUtcNow();

        await apis.Ecs.DescribeServiceAsync("prod", "web", CancellationToken.None);

        Assert.Equal(throttledAt, clock.GetUtcNow());
    }

    [Fact]
    public async Task MaxAttempts_Profile_UsedWhenNeitherInputNorVariableSetsIt()
    {
        var handler = new FakeAwsHandler { Fallback = (_, _) => FakeAwsHandler.Response(HttpStatusCode.BadRequest, Throttled) };
        using var apis = TestClients.Create(handler, environment: With("[default]\nmax_attempts = 2\n"));

        await Assert.ThrowsAsync<AwsServiceException>(() => apis.Ecs.DescribeServiceAsync("prod", "web", CancellationToken.None));

        Assert.Equal(2, handler.Requests.Count);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("regional", true)]
    [InlineData("legacy", false)]
    public void StsRegionalEndpoints_Variable_Parsed(string? value, bool regional)
    {
        var environment = value is null ? With(null) : With(null, ("AWS_STS_REGIONAL_ENDPOINTS", value));

        Assert.Equal(regional, AwsSdkSettings.Read(environment).StsRegionalEndpoints);
    }

    [Fact]
    public void StsConfig_GovCloudWithFips_RegionalFipsEndpoint()
    {
        var settings = AwsSdkSettings.Read(With("[default]\nsts_regional_endpoints = regional\n", ("AWS_USE_FIPS_ENDPOINT", "true"), ("AWS_RETRY_MODE", "adaptive")));

        var config = AwsCredentialChain.StsConfig(RegionEndpoint.USGovCloudWest1, settings);

        Assert.Equal("us-gov-west-1", config.RegionEndpoint.SystemName);
        Assert.True(config.UseFIPSEndpoint);
        Assert.Equal(Amazon.Runtime.RequestRetryMode.Adaptive, config.RetryMode);
    }

    [Fact]
    public void EndpointUrl_Profile_UsedForEveryService()
    {
        var environment = With("[profile local]\nendpoint_url = http://localhost:4566\n", ("AWS_PROFILE", "local"));

        Assert.Equal("http://localhost:4566/", AwsEndpoints.Resolve(AwsService.CodeDeploy, "us-east-1", environment).AbsoluteUri);
    }

    [Fact]
    public void EndpointUrl_ServicesSection_WinsOverProfileEndpoint()
    {
        var environment = With("""
            [default]
            endpoint_url = http://localhost:4566
            services = local-ecs

            [services local-ecs]
            ecs =
              endpoint_url = http://localhost:5000
            """);

        Assert.Equal("http://localhost:5000/", AwsEndpoints.Resolve(AwsService.Ecs, "us-east-1", environment).AbsoluteUri);
        Assert.Equal("http://localhost:4566/", AwsEndpoints.Resolve(AwsService.Ecr, "us-east-1", environment).AbsoluteUri);
    }

    [Fact]
    public void EndpointUrl_VariableWinsAndIgnoreSkipsBoth()
    {
        const string Config = "[default]\nendpoint_url = http://localhost:4566\n";

        Assert.Equal("http://127.0.0.1:9/", AwsEndpoints.Resolve(AwsService.Ecs, "us-east-1", With(Config, ("AWS_ENDPOINT_URL", "http://127.0.0.1:9"))).AbsoluteUri);
        Assert.Equal("ecs.us-east-1.amazonaws.com", Host(AwsService.Ecs, "us-east-1", With(Config, ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"))));
        Assert.Equal("ecs.us-east-1.amazonaws.com", Host(AwsService.Ecs, "us-east-1", With(Config + "ignore_configured_endpoint_urls = true\n")));
    }

    [Fact]
    public void CaBundle_VariableOrProfile_Read()
    {
        Assert.Equal("/etc/ssl/corp.pem", AwsSdkSettings.Read(With(null, ("AWS_CA_BUNDLE", "/etc/ssl/corp.pem"))).CaBundle);
        Assert.Equal("/etc/ssl/corp.pem", AwsSdkSettings.Read(With("[default]\nca_bundle = /etc/ssl/corp.pem\n")).CaBundle);
    }

    [Fact]
    public void CaBundle_TrustOnly_AcceptsItsCertificatesOnly()
    {
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=Corp Root", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        using var leafKey = RSA.Create(2048);
        var leafRequest = new CertificateRequest("CN=ecs.us-east-1.amazonaws.com", leafKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var leaf = leafRequest.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(10), [1, 2, 3, 4]);
        using var strangerKey = RSA.Create(2048);
        using var stranger = new CertificateRequest("CN=ecs.us-east-1.amazonaws.com", strangerKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(10));
        File.WriteAllText(_home.File("corp.pem"), ca.ExportCertificatePem());

        var check = AwsTls.TrustOnly(_home.File("corp.pem"));

        Assert.True(check(this, leaf, null, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.False(check(this, stranger, null, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.False(check(this, leaf, null, SslPolicyErrors.RemoteCertificateNameMismatch));
    }

    [Fact]
    public void CaBundle_NotAPemFile_ErrorNamesThePath()
    {
        File.WriteAllText(_home.File("empty.pem"), "not a certificate");

        var error = Assert.Throws<ArgumentException>(() => AwsTls.TrustOnly(_home.File("empty.pem")));

        Assert.Contains("empty.pem", error.Message, StringComparison.Ordinal);
    }
}
