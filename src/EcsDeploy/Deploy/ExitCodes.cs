namespace EcsDeploy.Deploy;

/// <summary>The process exit codes; each failure kind has its own so scripts can tell them apart.</summary>
public static class ExitCodes
{
    public const int Succeeded = 0;

    /// <summary>The deployment failed, was stopped or was rolled back.</summary>
    public const int DeploymentFailed = 1;

    /// <summary>An input was invalid; nothing was sent to AWS.</summary>
    public const int InvalidInput = 2;

    /// <summary>The deployment did not finish within the wait.</summary>
    public const int TimedOut = 3;

    /// <summary>The service, the CodeDeploy group or an AWS call before the deployment was not usable.</summary>
    public const int SetupFailed = 4;

    /// <summary>The run was cancelled (SIGINT/SIGTERM), like a shell's 128 + SIGINT.</summary>
    public const int Cancelled = 130;
}
