using System.Text.RegularExpressions;
using EcsDeploy.CodeDeploy;
using EcsDeploy.Deploy;
using EcsDeploy.Runtime;

namespace EcsDeploy.Operations;

/// <summary>What the action does in this step: deploy (the default) or one of the operations on a deployment group.</summary>
public enum OperationCommand
{
    Deploy,
    Rollback,
    Stop,
    Continue,
    Status,
}

/// <summary>The deployment group an operation works on, and the ECS service behind it.</summary>
public sealed record OperationTarget(string Cluster, string Service, string Application, string DeploymentGroup)
{
    /// <summary>"application/group", the way people name a group in one word.</summary>
    public string GroupName => $"{Application}/{DeploymentGroup}";
}

/// <summary>The inputs of rollback, stop, continue and status, parsed once; see <see cref="CommandInputs.Read"/>.</summary>
public sealed record OperationInputs
{
    public required OperationCommand Command { get; init; }
    public required OperationTarget Target { get; init; }

    /// <summary>The AWS region (read as for a deploy), for console links; empty in tests that need none.</summary>
    public string Region { get; init; } = "";

    /// <summary>Attempts per AWS call, the first included (max-retries + 1); null lets AWS_MAX_ATTEMPTS or the SDKs' default apply.</summary>
    public int? MaxAttempts { get; init; }

    /// <summary>rollback only: the revision to go back to instead of the one that served before the last deployment.</summary>
    public string? TaskDefinitionArn { get; init; }

    /// <summary>stop only: whether CodeDeploy returns traffic to the original task set.</summary>
    public bool RollbackOnStop { get; init; } = true;

    /// <summary>rollback and continue: stop the deployment they started or promoted, with rollback, when the wait runs out.</summary>
    public bool RollbackOnTimeout { get; init; } = true;

    /// <summary>rollback and continue: stop the deployment they started or promoted, with rollback, when the run is cancelled.</summary>
    public bool RollbackOnCancel { get; init; } = true;

    /// <summary>deploy only: what to do about a deployment that is already running.</summary>
    public InProgressPolicy IfDeploymentInProgress { get; init; } = InProgressPolicy.Wait;

    /// <summary>rollback only: the CreateDeployment description and deployment configuration, when given.</summary>
    public string? Description { get; init; }
    public string? DeploymentConfig { get; init; }

    /// <summary>How followed deployments are polled, from wait-for-minutes, poll-interval and wait-max-delay-seconds (as for a deploy).</summary>
    public WatchSettings Watch { get; init; } = new(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(30));
}

/// <summary>
/// Reads the operation inputs and checks that every input given applies to the command. The runner sets an
/// INPUT_ variable for every input that has a default, so an input with a default counts as given only when
/// its value differs from that default.
/// </summary>
public static partial class CommandInputs
{
    public const string CommandInput = "operation";
    public const string InProgressInput = "if-deployment-in-progress";
    public const string RollbackOnStopInput = "rollback-on-stop";
    public const string TaskDefinitionArnInput = "task-definition-arn";
    public const string RollbackOnTimeoutInput = "rollback-on-timeout";
    public const string RollbackOnCancelInput = "rollback-on-cancel";

    /// <summary>An input, its action.yml default (null: none) and the commands it applies to.</summary>
    private sealed record Applicability(string Name, string? Default, params OperationCommand[] Commands);

    // Inputs the operations either use or must refuse. Inputs not listed here are not checked.
    private static readonly Applicability[] Table =
    [
        // The deploy's own inputs: they build and wait for a new revision, which no operation does.
        new("task-definition", null, OperationCommand.Deploy),
        new("task-definition-family", null, OperationCommand.Deploy),
        new("task-definition-revision", null, OperationCommand.Deploy),
        new("container-name", null, OperationCommand.Deploy),
        new("image", null, OperationCommand.Deploy),
        new("containers", null, OperationCommand.Deploy),
        new("environment-variables", null, OperationCommand.Deploy),
        new("environment-mode", "merge", OperationCommand.Deploy),
        new("secrets", null, OperationCommand.Deploy),
        new("secrets-mode", "merge", OperationCommand.Deploy),
        new("docker-labels", null, OperationCommand.Deploy),
        new("docker-labels-mode", "merge", OperationCommand.Deploy),
        new("env-files", null, OperationCommand.Deploy),
        new("log-configuration-log-driver", null, OperationCommand.Deploy),
        new("log-configuration-options", null, OperationCommand.Deploy),
        new("command", null, OperationCommand.Deploy),
        new("container-command", null, OperationCommand.Deploy),
        new("task-role-arn", null, OperationCommand.Deploy),
        new("execution-role-arn", null, OperationCommand.Deploy),
        new("cpu", null, OperationCommand.Deploy),
        new("memory", null, OperationCommand.Deploy),
        new("pin-image-digest", "true", OperationCommand.Deploy),
        new("skip-if-unchanged", "true", OperationCommand.Deploy),
        new("keep-null-value-keys", null, OperationCommand.Deploy),
        new("codedeploy-appspec", "appspec.yaml", OperationCommand.Deploy),
        new("codedeploy-hooks", null, OperationCommand.Deploy),
        new("wait-for-service-stability", "true", OperationCommand.Deploy),
        new("wait-until", "deployed", OperationCommand.Deploy),
        new(InProgressInput, "wait", OperationCommand.Deploy),
        // The one-off task before the deployment, and the inputs accepted for compatibility (see RunTaskInputs, CompatibilityInputs).
        new("run-task", "false", OperationCommand.Deploy),
        new("wait-for-task-stopped", "false", OperationCommand.Deploy),
        new("run-task-started-by", "GitHub-Actions", OperationCommand.Deploy),
        new("run-task-launch-type", "FARGATE", OperationCommand.Deploy),
        new("run-task-subnets", null, OperationCommand.Deploy),
        new("run-task-security-groups", null, OperationCommand.Deploy),
        new("run-task-assign-public-IP", "DISABLED", OperationCommand.Deploy),
        new("run-task-container-overrides", null, OperationCommand.Deploy),
        new("run-task-tags", null, OperationCommand.Deploy),
        new("run-task-capacity-provider-strategy", null, OperationCommand.Deploy),
        new("run-task-managed-ebs-volume-name", null, OperationCommand.Deploy),
        new("run-task-managed-ebs-volume", null, OperationCommand.Deploy),
        new("enable-ecs-managed-tags", null, OperationCommand.Deploy),
        new("desired-count", null, OperationCommand.Deploy),
        new("force-new-deployment", "false", OperationCommand.Deploy),
        new("propagate-tags", "NONE", OperationCommand.Deploy),
        new("service-managed-ebs-volume-name", null, OperationCommand.Deploy),
        new("service-managed-ebs-volume", null, OperationCommand.Deploy),

        // A rollback creates a deployment, so it takes the deployment's description and configuration.
        new("codedeploy-deployment-description", null, OperationCommand.Deploy, OperationCommand.Rollback),
        new("codedeploy-deployment-config", null, OperationCommand.Deploy, OperationCommand.Rollback),
        // The deploy starts from this revision; a rollback goes back to it.
        new(TaskDefinitionArnInput, null, OperationCommand.Deploy, OperationCommand.Rollback),
        new(RollbackOnStopInput, "true", OperationCommand.Stop),
        // Deploy, rollback and continue each set a deployment going, so each undoes it when the wait runs out or the
        // run is cancelled. Stop does not: it follows a rollback, and stopping a rollback leaves traffic half-shifted.
        new(RollbackOnTimeoutInput, "true", OperationCommand.Deploy, OperationCommand.Rollback, OperationCommand.Continue),
        new(RollbackOnCancelInput, "true", OperationCommand.Deploy, OperationCommand.Rollback, OperationCommand.Continue),
    ];

    /// <summary>Inputs every command reads the same way (the target, region, retries and waiting), so none is refused.</summary>
    internal static readonly IReadOnlyList<string> SharedInputs =
        [CommandInput, "service", "cluster", "region", "codedeploy-application", "codedeploy-deployment-group", "max-retries", "wait-for-minutes", "wait-max-delay-seconds", "poll-interval"];

    /// <summary>Every input action.yml declares: the checked ones and the shared ones (a test keeps this in step with action.yml).</summary>
    public static IEnumerable<string> DeclaredInputs => Table.Select(i => i.Name).Concat(SharedInputs);

    /// <summary>The checked inputs with their defaults, for the test that keeps this table in step with action.yml.</summary>
    internal static IEnumerable<(string Name, string? Default)> CheckedInputs => Table.Select(i => (i.Name, i.Default));

    /// <summary>Parses the command alone, so that the entry point can dispatch before reading anything else.</summary>
    public static OperationCommand ReadCommand(InputReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return Enum.Parse<OperationCommand>(reader.GetChoice(CommandInput, "deploy", "deploy", "rollback", "stop", "continue", "status"), ignoreCase: true);
    }

    /// <summary>Reads every input an operation uses; problems are collected in <paramref name="reader"/>.Errors, one line each.</summary>
    public static OperationInputs Read(InputReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var command = ReadCommand(reader);
        CheckApplicable(reader, command);
        var target = ReadTarget(reader, command);
        var taskDefinition = reader.GetString(TaskDefinitionArnInput);
        if (command == OperationCommand.Rollback && taskDefinition is not null && !TaskDefinitionPattern().IsMatch(taskDefinition))
        {
            reader.AddError(TaskDefinitionArnInput, taskDefinition,
                "is not a task definition revision; give an ARN such as arn:aws:ecs:us-east-1:111122223333:task-definition/web:41, or family:revision such as web:41");
        }

        return new OperationInputs
        {
            Command = command,
            Target = target,
            TaskDefinitionArn = command == OperationCommand.Rollback ? taskDefinition : null,
            RollbackOnStop = reader.GetBoolean(RollbackOnStopInput, true),
            RollbackOnTimeout = reader.GetBoolean(RollbackOnTimeoutInput, true),
            RollbackOnCancel = reader.GetBoolean(RollbackOnCancelInput, true),
            IfDeploymentInProgress = ReadInProgressPolicy(reader),
            Description = reader.GetString("codedeploy-deployment-description"),
            DeploymentConfig = reader.GetString("codedeploy-deployment-config"),
            Watch = new WatchSettings(
                TimeSpan.FromSeconds(reader.GetInteger("poll-interval", 15, 1, 300)),
                TimeSpan.FromSeconds(WaitInputs.ReadMaxDelaySeconds(reader)),
                TimeSpan.FromMinutes(WaitInputs.ReadWaitForMinutes(reader))),
        };
    }

    /// <summary>Records an error for every input given that <paramref name="command"/> does not use (the deploy calls this too).</summary>
    public static void CheckApplicable(InputReader reader, OperationCommand command)
    {
        ArgumentNullException.ThrowIfNull(reader);
        foreach (var input in Table)
        {
            if (!input.Commands.Contains(command) && Given(reader, input) is { } value)
            {
                reader.AddError($"Input '{input.Name}' value '{value}' does not apply to operation '{Name(command)}'; remove it from this step{Hint(input, command)}.");
            }
        }
    }

    /// <summary>The if-deployment-in-progress input: wait (default), stop or fail.</summary>
    public static InProgressPolicy ReadInProgressPolicy(InputReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return Enum.Parse<InProgressPolicy>(reader.GetChoice(InProgressInput, "wait", "wait", "stop", "fail"), ignoreCase: true);
    }

    /// <summary>The command as written in the workflow.</summary>
    public static string Name(OperationCommand command) => command.ToString().ToLowerInvariant();

    /// <summary>
    /// Cluster, service and deployment group, with the defaults of aws-actions/amazon-ecs-deploy-task-definition:
    /// cluster "default", application AppECS-cluster-service, group DgpECS-cluster-service. A rollback reads the
    /// service, so it always needs one; the other commands only need the group, so naming the application and
    /// the group is enough for them.
    /// </summary>
    private static OperationTarget ReadTarget(InputReader reader, OperationCommand command)
    {
        var cluster = reader.GetString("cluster", "default");
        var service = reader.GetString("service");
        EcsNames.CheckService(reader, service);
        EcsNames.CheckCluster(reader, cluster);
        var application = reader.GetString("codedeploy-application");
        var group = reader.GetString("codedeploy-deployment-group");
        if (service is null && (command == OperationCommand.Rollback || application is null || group is null))
        {
            reader.AddError(command == OperationCommand.Rollback
                ? "Input 'service' is required for operation 'rollback'; name the ECS service to roll back."
                : $"Input 'service' is required for operation '{Name(command)}' unless both 'codedeploy-application' and 'codedeploy-deployment-group' are given; name the ECS service.");
        }

        service ??= "";
        return new OperationTarget(cluster, service,
            application ?? $"AppECS-{cluster}-{service}",
            group ?? $"DgpECS-{cluster}-{service}");
    }

    private static string? Given(InputReader reader, Applicability input)
    {
        var value = reader.GetString(input.Name);
        return value is null || string.Equals(value, input.Default, StringComparison.OrdinalIgnoreCase) ? null : value;
    }

    private static string Hint(Applicability input, OperationCommand command) => (input.Name, command) switch
    {
        (RollbackOnStopInput, OperationCommand.Rollback) => " (a rollback always returns to the previous revision)",
        (RollbackOnTimeoutInput or RollbackOnCancelInput, OperationCommand.Stop) => " (a stop never stops the rollback it follows: that would leave traffic between task sets)",
        (RollbackOnTimeoutInput or RollbackOnCancelInput, _) => " (only operations 'deploy', 'rollback' and 'continue' start or promote a deployment)",
        (TaskDefinitionArnInput, _) => " (only operations 'deploy' and 'rollback' take a revision)",
        (_, not OperationCommand.Deploy) when input.Commands is [OperationCommand.Deploy] => " (it is only used by operation 'deploy')",
        _ => "",
    };

    // A full task definition ARN (any partition) or family:revision.
    [GeneratedRegex(@"^(arn:[a-z-]+:ecs:[a-z0-9-]+:\d{12}:task-definition/[A-Za-z0-9_-]{1,255}:\d+|[A-Za-z0-9_-]{1,255}:\d+)$")]
    private static partial Regex TaskDefinitionPattern();
}
