namespace EcsDeploy.EcsController.Operations;

/// <summary>The step outputs the ECS operations set (declared in action.yml by the ECS deploy).</summary>
public static class EcsOutputs
{
    /// <summary>The service deployment the operation acted on or followed.</summary>
    public const string ServiceDeploymentArn = "service-deployment-arn";

    /// <summary>The service deployment's last status (SUCCESSFUL, ROLLBACK_SUCCESSFUL, IN_PROGRESS, ...).</summary>
    public const string DeploymentStatus = "deployment-status";

    /// <summary>The PAUSE hook awaiting action, when the operation ended at one.</summary>
    public const string LifecycleHookId = "lifecycle-hook-id";

    /// <summary>true when the service went back to the previous revision.</summary>
    public const string RolledBack = "rolled-back";

    /// <summary>The task definition a rollback deployed.</summary>
    public const string TaskDefinitionArn = "task-definition-arn";
}
