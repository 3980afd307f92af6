using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using EcsDeploy.Aws.CodeDeploy;
using EcsDeploy.Aws.Ecr;
using EcsDeploy.Aws.Ecs;

namespace EcsDeploy.Aws;

/// <summary>Source-generated JSON metadata for every AWS request and response the action sends or reads.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(AwsTimestampConverter)])]
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(DescribeServicesRequest))]
[JsonSerializable(typeof(DescribeServicesResponse))]
[JsonSerializable(typeof(DescribeTaskDefinitionRequest))]
[JsonSerializable(typeof(TaskDefinitionResponse))]
[JsonSerializable(typeof(TasksResponse))]
[JsonSerializable(typeof(DescribeTasksRequest))]
[JsonSerializable(typeof(StopTaskRequest))]
[JsonSerializable(typeof(StopTaskResponse))]
[JsonSerializable(typeof(UpdateServiceResponse))]
[JsonSerializable(typeof(ListServiceDeploymentsRequest))]
[JsonSerializable(typeof(ListServiceDeploymentsResponse))]
[JsonSerializable(typeof(DescribeServiceDeploymentsRequest))]
[JsonSerializable(typeof(DescribeServiceDeploymentsResponse))]
[JsonSerializable(typeof(DescribeServiceRevisionsRequest))]
[JsonSerializable(typeof(DescribeServiceRevisionsResponse))]
[JsonSerializable(typeof(StopServiceDeploymentRequest))]
[JsonSerializable(typeof(ContinueServiceDeploymentRequest))]
[JsonSerializable(typeof(ServiceDeploymentArnResponse))]
[JsonSerializable(typeof(ListTasksRequest))]
[JsonSerializable(typeof(ListTasksResponse))]
[JsonSerializable(typeof(GetDeploymentGroupRequest))]
[JsonSerializable(typeof(GetDeploymentGroupResponse))]
[JsonSerializable(typeof(CreateDeploymentRequest))]
[JsonSerializable(typeof(CreateDeploymentResponse))]
[JsonSerializable(typeof(DeploymentIdRequest))]
[JsonSerializable(typeof(GetDeploymentResponse))]
[JsonSerializable(typeof(ListDeploymentTargetsRequest))]
[JsonSerializable(typeof(ListDeploymentTargetsResponse))]
[JsonSerializable(typeof(GetDeploymentTargetRequest))]
[JsonSerializable(typeof(GetDeploymentTargetResponse))]
[JsonSerializable(typeof(GetDeploymentConfigRequest))]
[JsonSerializable(typeof(GetDeploymentConfigResponse))]
[JsonSerializable(typeof(ListDeploymentsRequest))]
[JsonSerializable(typeof(ListDeploymentsResponse))]
[JsonSerializable(typeof(StopDeploymentRequest))]
[JsonSerializable(typeof(StopDeploymentResponse))]
[JsonSerializable(typeof(ContinueDeploymentRequest))]
[JsonSerializable(typeof(EmptyResponse))]
[JsonSerializable(typeof(DescribeImagesRequest))]
[JsonSerializable(typeof(DescribeImagesResponse))]
public sealed partial class AwsJsonContext : JsonSerializerContext;
