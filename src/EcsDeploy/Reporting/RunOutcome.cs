using EcsDeploy.Deploy;

namespace EcsDeploy.Reporting;

/// <summary>How a run of the action ended, whatever the command and the deployment controller.</summary>
public enum RunOutcome
{
    /// <summary>The run reached what was asked for.</summary>
    Succeeded,

    /// <summary>The deployment failed, was stopped or was rolled back.</summary>
    Failed,

    /// <summary>The wait ran out.</summary>
    TimedOut,

    /// <summary>The run was cancelled.</summary>
    Cancelled,

    /// <summary>Nothing was deployed: the service, the group, the task definition or an AWS call was not usable.</summary>
    NotStarted,

    /// <summary>An input was invalid; nothing was sent to AWS.</summary>
    InvalidInput,
}

/// <summary>The words, icons and exit codes of <see cref="RunOutcome"/>.</summary>
public static class RunOutcomes
{
    /// <summary>The outcome as the summary's first words, for example "Timed out".</summary>
    public static string Label(RunOutcome outcome) => outcome switch
    {
        RunOutcome.Succeeded => "Succeeded",
        RunOutcome.Failed => "Failed",
        RunOutcome.TimedOut => "Timed out",
        RunOutcome.Cancelled => "Cancelled",
        RunOutcome.NotStarted => "Not started",
        _ => "Invalid input",
    };

    /// <summary>One emoji that tells the outcome apart at a glance.</summary>
    public static string Icon(RunOutcome outcome) => outcome switch
    {
        RunOutcome.Succeeded => "✅",
        RunOutcome.Failed => "❌",
        RunOutcome.TimedOut => "⏱️",
        RunOutcome.Cancelled => "🛑",
        RunOutcome.NotStarted => "⛔",
        _ => "⚠️",
    };

    /// <summary>The outcome an exit code stands for (see <see cref="ExitCodes"/>).</summary>
    public static RunOutcome FromExitCode(int exitCode) => exitCode switch
    {
        ExitCodes.Succeeded => RunOutcome.Succeeded,
        ExitCodes.DeploymentFailed => RunOutcome.Failed,
        ExitCodes.InvalidInput => RunOutcome.InvalidInput,
        ExitCodes.TimedOut => RunOutcome.TimedOut,
        ExitCodes.Cancelled => RunOutcome.Cancelled,
        _ => RunOutcome.NotStarted,
    };
}
