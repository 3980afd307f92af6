namespace EcsDeploy.Aws.CodeDeploy;

/// <summary>GetDeploymentConfig request.</summary>
public sealed record GetDeploymentConfigRequest(string DeploymentConfigName);

/// <summary>GetDeploymentConfig response.</summary>
public sealed record GetDeploymentConfigResponse(DeploymentConfigInfo? DeploymentConfigInfo);

/// <summary>A deployment configuration (only the members the watch uses).</summary>
public sealed record DeploymentConfigInfo(string? DeploymentConfigName, string? ComputePlatform, TrafficRoutingConfig? TrafficRoutingConfig);

/// <summary>How an ECS or Lambda configuration moves traffic: TimeBasedCanary, TimeBasedLinear or AllAtOnce.</summary>
public sealed record TrafficRoutingConfig(string? Type, TimeBasedCanary? TimeBasedCanary, TimeBasedLinear? TimeBasedLinear);

/// <summary>A canary: this percentage first, the rest after the interval (minutes).</summary>
public sealed record TimeBasedCanary(int? CanaryPercentage, int? CanaryInterval);

/// <summary>Linear: this percentage more every interval (minutes).</summary>
public sealed record TimeBasedLinear(int? LinearPercentage, int? LinearInterval);
