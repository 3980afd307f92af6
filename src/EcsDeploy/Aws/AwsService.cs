namespace EcsDeploy.Aws;

/// <summary>The wire identity of one AWS service spoken over JSON 1.1.</summary>
/// <param name="Name">Short name used in messages and as the SigV4 signing name.</param>
/// <param name="TargetPrefix">The X-Amz-Target prefix, before the operation name.</param>
/// <param name="EndpointPrefix">The first labels of the regional host name.</param>
/// <param name="ServiceId">The model's service id; its upper-cased form names the AWS_ENDPOINT_URL_* variable.</param>
public sealed record AwsService(string Name, string TargetPrefix, string EndpointPrefix, string ServiceId)
{
    public static readonly AwsService Ecs = new("ecs", "AmazonEC2ContainerServiceV20141113", "ecs", "ECS");
    public static readonly AwsService CodeDeploy = new("codedeploy", "CodeDeploy_20141006", "codedeploy", "CodeDeploy");
    public static readonly AwsService Ecr = new("ecr", "AmazonEC2ContainerRegistry_V20150921", "api.ecr", "ECR");

    /// <summary>The service's key in a shared config [services …] section: the service id, lower-cased, spaces as underscores.</summary>
    public string ConfigKey => ServiceId.ToLowerInvariant().Replace(' ', '_');

    /// <summary>The first labels of the FIPS host; ECR's API uses ecr-fips, and api.ecr-fips on dual-stack.</summary>
    public string FipsPrefix(bool dualStack) => this == Ecr ? (dualStack ? "api.ecr-fips" : "ecr-fips") : EndpointPrefix + "-fips";

    /// <summary>The service-specific endpoint override variable, as the AWS SDKs name it.</summary>
    public string EndpointVariable => "AWS_ENDPOINT_URL_" + ServiceId.ToUpperInvariant().Replace(' ', '_');
}
