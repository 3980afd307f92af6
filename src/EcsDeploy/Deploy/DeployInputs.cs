using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EcsDeploy.CodeDeploy;
using EcsDeploy.Operations;
using EcsDeploy.RunTask;
using EcsDeploy.Runtime;
using EcsDeploy.TaskDefinitions;

namespace EcsDeploy.Deploy;

/// <summary>Every input of a deploy, parsed and checked once; nothing here talks to AWS.</summary>
public sealed partial record DeployInputs
{
    /// <summary>CodeDeploy's limit on a deployment description.</summary>
    public const int MaxDescriptionLength = 512;

    public required TaskDefinitionInputs TaskDefinition { get; init; }
    public required string Service { get; init; }
    public string Cluster { get; init; } = "default";
    public required string Region { get; init; }
    public bool WaitForServiceStability { get; init; } = true;
    public int WaitForMinutes { get; init; } = 30;
    public int WaitMaxDelaySeconds { get; init; } = 30;

    /// <summary>The AppSpec file's full path, for messages.</summary>
    public required string AppSpecPath { get; init; }

    /// <summary>The parsed AppSpec file, or null when the file does not exist and the AppSpec is generated.</summary>
    public JsonObject? AppSpecFile { get; init; }

    /// <summary>True when 'codedeploy-appspec' names a path other than the default, so a missing file is worth a warning.</summary>
    public bool AppSpecPathGiven { get; init; }
    public IReadOnlyList<AppSpecHook> Hooks { get; init; } = [];
    public required string Application { get; init; }
    public required string DeploymentGroup { get; init; }
    public string? DeploymentConfig { get; init; }
    public required string Description { get; init; }
    /// <summary>`max-retries`, or null when not given (AWS_MAX_ATTEMPTS or the SDKs' default applies).</summary>
    public int? MaxRetries { get; init; }
    public WaitUntil WaitUntil { get; init; } = WaitUntil.Deployed;
    public int PollIntervalSeconds { get; init; } = 15;

    /// <summary>ECS_DEPLOY_POLL_SCHEDULE=fixed: poll everything every poll-interval, as before the schedule (the benchmarks compare both).</summary>
    public bool FixedPollInterval { get; init; }
    public bool RollbackOnTimeout { get; init; } = true;
    public bool RollbackOnCancel { get; init; } = true;
    public InProgressPolicy IfDeploymentInProgress { get; init; } = InProgressPolicy.Wait;

    /// <summary>The one-off task to run with the new revision before the deployment (run-task).</summary>
    public RunTaskInputs RunTask { get; init; } = new();

    /// <summary>Warnings to print before anything runs: inputs accepted for compatibility that have no effect.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Reads the inputs; returns null and adds problems to <paramref name="reader"/> when any input is invalid.</summary>
    public static DeployInputs? Parse(InputReader reader, IReadOnlyDictionary<string, string> environment, ActionEnvironment runner, Func<string?>? fallbackRegion = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(runner);
        var errorsBefore = reader.Errors.Count;
        CommandInputs.CheckApplicable(reader, OperationCommand.Deploy);

        // No task definition source means "the service's current one" (see TaskDefinitionInputs).
        var taskDefinition = TaskDefinitionInputs.Parse(reader, runner.Workspace);
        var service = reader.GetRequired("service");
        var cluster = reader.GetString("cluster", "default");
        EcsNames.CheckService(reader, service);
        EcsNames.CheckCluster(reader, cluster);
        var region = ParseRegion(reader, environment, fallbackRegion);
        var appSpecInput = reader.GetString("codedeploy-appspec", "appspec.yaml");
        var appSpecPath = runner.ResolvePath(appSpecInput);
        var appSpec = ReadAppSpec(reader, appSpecPath);
        var (hooks, hookProblems) = AppSpecHook.ParseLines("codedeploy-hooks", reader.GetLines("codedeploy-hooks"));
        foreach (var problem in hookProblems)
        {
            reader.AddError(problem);
        }

        if (appSpec is not null && hooks.Count > 0)
        {
            reader.AddError($"Input 'codedeploy-hooks' applies only to a generated AppSpec, but '{appSpecPath}' exists; write the hooks into that file or remove the input.");
        }

        var description = reader.GetString("codedeploy-deployment-description");
        if (description is { Length: > MaxDescriptionLength })
        {
            reader.AddError("codedeploy-deployment-description", description, $"is {description.Length} characters long; CodeDeploy accepts at most {MaxDescriptionLength}");
        }

        var runTask = RunTaskInputs.Parse(reader);
        var compatibility = CompatibilityInputs.Parse(reader);
        var inputs = new DeployInputs
        {
            TaskDefinition = taskDefinition,
            Service = service,
            Cluster = cluster,
            Region = region,
            WaitForServiceStability = reader.GetBoolean("wait-for-service-stability", true),
            WaitForMinutes = reader.GetInteger("wait-for-minutes", 30, 1, 360),
            WaitMaxDelaySeconds = reader.GetInteger("wait-max-delay-seconds", 30, 1, 600),
            AppSpecPath = appSpecPath,
            AppSpecFile = appSpec,
            AppSpecPathGiven = appSpecInput != "appspec.yaml",
            Hooks = hooks,
            Application = reader.GetString("codedeploy-application", $"AppECS-{cluster}-{service}"),
            DeploymentGroup = reader.GetString("codedeploy-deployment-group", $"DgpECS-{cluster}-{service}"),
            DeploymentConfig = reader.GetString("codedeploy-deployment-config"),
            Description = description ?? DefaultDescription(runner),
            MaxRetries = ParseMaxRetries(reader),
            WaitUntil = reader.GetChoice("wait-until", "deployed", "deployed", "traffic-shifted", "ready") switch
            {
                "traffic-shifted" => WaitUntil.TrafficShifted,
                "ready" => WaitUntil.Ready,
                _ => WaitUntil.Deployed,
            },
            PollIntervalSeconds = reader.GetInteger("poll-interval", 15, 1, 300),
            FixedPollInterval = string.Equals(environment.GetValueOrDefault("ECS_DEPLOY_POLL_SCHEDULE"), "fixed", StringComparison.OrdinalIgnoreCase),
            RollbackOnTimeout = reader.GetBoolean("rollback-on-timeout", true),
            RollbackOnCancel = reader.GetBoolean("rollback-on-cancel", true),
            IfDeploymentInProgress = CommandInputs.ReadInProgressPolicy(reader),
            RunTask = runTask,
            Warnings = [.. compatibility, .. runTask.Enabled ? runTask.Warnings : []],
        };
        return reader.Errors.Count == errorsBefore ? inputs : null;
    }

    /// <summary>"Deployed by GitHub Actions: owner/repo@abc1234 (main) run-url", cut to 512 characters.</summary>
    public static string DefaultDescription(ActionEnvironment runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var parts = new List<string>();
        if (runner.Repository is { } repository)
        {
            parts.Add(runner.Sha is { } sha ? $"{repository}@{sha[..Math.Min(7, sha.Length)]}" : repository);
        }

        if (runner.RefName is { } refName)
        {
            parts.Add($"({refName})");
        }

        if (runner.RunUrl is { } runUrl)
        {
            parts.Add(runUrl);
        }

        var text = parts.Count == 0 ? "Deployed by ecs-deploy" : "Deployed by GitHub Actions: " + string.Join(' ', parts);
        return text.Length <= MaxDescriptionLength ? text : string.Concat(text.AsSpan(0, MaxDescriptionLength - 3), "...");
    }

    /// <summary>`max-retries` (0 to 10), or null when the input is not given.</summary>
    internal static int? ParseMaxRetries(InputReader reader) =>
        reader.GetString("max-retries") is null ? null : reader.GetInteger("max-retries", 2, 0, 10);

    internal static string ParseRegion(InputReader reader, IReadOnlyDictionary<string, string> environment, Func<string?>? fallback = null)
    {
        var region = reader.GetString("region");
        var source = "region";
        foreach (var name in new[] { "AWS_REGION", "AWS_DEFAULT_REGION" })
        {
            if (region is null && environment.TryGetValue(name, out var value) && value.Trim().Length > 0)
            {
                (region, source) = (value.Trim(), name);
            }
        }

        if (region is null && fallback?.Invoke() is { Length: > 0 } chained)
        {
            (region, source) = (chained, "the AWS SDK's region chain");
        }

        if (region is null)
        {
            reader.AddError("No AWS region given; set input 'region' or AWS_REGION (aws-actions/configure-aws-credentials sets it).");
            return "";
        }

        if (!RegionPattern().IsMatch(region))
        {
            var what = source switch
            {
                "region" => "Input 'region'",
                "the AWS SDK's region chain" => "The region from the AWS SDK's region chain",
                _ => $"Environment variable {source}",
            };
            reader.AddError($"{what} value '{region}' is not an AWS region; use a name such as us-east-1 or eu-central-1.");
        }

        return region;
    }

    private static JsonObject? ReadAppSpec(InputReader reader, string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return AppSpec.Parse(File.ReadAllText(path));
        }
        catch (FormatException e)
        {
            reader.AddError($"Input 'codedeploy-appspec' value '{path}' is not a usable AppSpec ({e.Message}); fix the file or remove it to have one generated.");
            return null;
        }
        catch (IOException e)
        {
            reader.AddError($"Input 'codedeploy-appspec' value '{path}' could not be read ({e.Message}).");
            return null;
        }
    }

    [GeneratedRegex(@"^[a-z]{2}(-[a-z]+)+-\d{1,2}$")]
    private static partial Regex RegionPattern();
}
