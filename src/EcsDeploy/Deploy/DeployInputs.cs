using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EcsDeploy.CodeDeploy;
using EcsDeploy.Operations;
using EcsDeploy.RunTask;
using EcsDeploy.Runtime;
using EcsDeploy.TaskDefinitions;
using EcsDeploy.Yaml;

namespace EcsDeploy.Deploy;

/// <summary>Every input of a deploy, parsed and checked once; nothing here talks to AWS.</summary>
public sealed partial record DeployInputs
{
    /// <summary>CodeDeploy's limit on a deployment description.</summary>
    public const int MaxDescriptionLength = 512;

    public required TaskDefinitionInputs TaskDefinition { get; init; }

    /// <summary>The service to deploy to; empty when none is given, and then the task definition is only registered.</summary>
    public required string Service { get; init; }

    /// <summary>True when no service is given: register the task definition (and run the one-off task), deploy nothing.</summary>
    public bool RegisterOnly => Service.Length == 0;

    public string Cluster { get; init; } = "default";
    public required string Region { get; init; }
    public bool WaitForServiceStability { get; init; } = true;
    public int WaitForMinutes { get; init; } = 30;
    public int WaitMaxDelaySeconds { get; init; } = 30;

    /// <summary>The AppSpec file's full path, for messages.</summary>
    public required string AppSpecPath { get; init; }

    /// <summary>The parsed AppSpec file, or null when the file does not exist and the AppSpec is generated.</summary>
    public JsonObject? AppSpecFile { get; init; }
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

    /// <summary>wait-until as given (lower-case words, upper-case stage names), for messages about the controller it does not fit.</summary>
    public string WaitUntilInput { get; init; } = "deployed";

    /// <summary>Warnings for a CODE_DEPLOY service only: the service inputs that only an ECS-controller service uses.</summary>
    public IReadOnlyList<string> CodeDeployWarnings { get; init; } = [];

    /// <summary>The service inputs an ECS-controller service receives in its UpdateService.</summary>
    public ServiceUpdateInputs ServiceUpdate { get; init; } = new();

    /// <summary>wait-until for an ECS-controller service (deployed, paused or a lifecycle stage).</summary>
    public EcsController.EcsWaitUntil EcsWaitUntil { get; init; } = EcsController.EcsWaitUntil.Deployed;

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
        var service = reader.GetString("service") ?? "";
        if (service.Length == 0 && taskDefinition is { File: null, Family: null, Arn: null })
        {
            // The official action then only registers the file; without a file, family or ARN there is nothing to do.
            reader.AddError("Neither 'service' nor a task definition ('task-definition', 'task-definition-family' or 'task-definition-arn') is given; give 'service' to deploy to it, or a task definition to register it without deploying.");
        }

        var cluster = reader.GetString("cluster", "default");
        EcsNames.CheckService(reader, service);
        EcsNames.CheckCluster(reader, cluster);
        var region = ParseRegion(reader, environment, fallbackRegion);
        var appSpecInput = reader.GetString("codedeploy-appspec", "appspec.yaml");
        var appSpecPath = runner.ResolvePath(appSpecInput);
        var appSpec = ReadAppSpec(reader, appSpecPath);
        if (appSpec is null && appSpecInput != "appspec.yaml" && service.Length > 0 && !File.Exists(appSpecPath))
        {
            // A generated AppSpec has none of the file's hooks, so a mistyped path would skip them without a word.
            reader.AddError("codedeploy-appspec", appSpecInput, $"names no file ({appSpecPath}); fix the path, or remove the input to have the AppSpec generated from the service");
        }

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
        var serviceUpdate = ServiceUpdateInputs.Parse(reader, runTask.EnableEcsManagedTags);
        var compatibility = CompatibilityInputs.Warnings(serviceUpdate);
        var waitUntil = reader.GetChoice("wait-until", "deployed", [.. WaitUntilChoices]);
        var inputs = new DeployInputs
        {
            TaskDefinition = taskDefinition,
            Service = service,
            Cluster = cluster,
            Region = region,
            WaitForServiceStability = reader.GetBoolean("wait-for-service-stability", true),
            WaitForMinutes = WaitInputs.ReadWaitForMinutes(reader),
            WaitMaxDelaySeconds = WaitInputs.ReadMaxDelaySeconds(reader),
            AppSpecPath = appSpecPath,
            AppSpecFile = appSpec,
            Hooks = hooks,
            Application = reader.GetString("codedeploy-application", $"AppECS-{cluster}-{service}"),
            DeploymentGroup = reader.GetString("codedeploy-deployment-group", $"DgpECS-{cluster}-{service}"),
            DeploymentConfig = reader.GetString("codedeploy-deployment-config"),
            Description = description ?? DefaultDescription(runner),
            MaxRetries = ParseMaxRetries(reader),
            WaitUntil = waitUntil switch
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
            Warnings = [.. runTask.Enabled ? runTask.Warnings : [], .. service.Length == 0 ? UnusedWithoutService(reader) : []],
            CodeDeployWarnings = compatibility,
            WaitUntilInput = waitUntil,
            ServiceUpdate = serviceUpdate,
            EcsWaitUntil = waitUntil switch
            {
                "paused" => new EcsController.EcsWaitUntil(EcsController.EcsWaitKind.Paused),
                "deployed" or "traffic-shifted" or "ready" => EcsController.EcsWaitUntil.Deployed,
                var stage => new EcsController.EcsWaitUntil(EcsController.EcsWaitKind.Stage, stage),
            },
        };
        return reader.Errors.Count == errorsBefore ? inputs : null;
    }

    /// <summary>Values of wait-until: the CodeDeploy ones, paused, and the ECS lifecycle stage names.</summary>
    public static readonly IReadOnlyList<string> WaitUntilChoices = ["deployed", "traffic-shifted", "ready", "paused", .. EcsController.EcsStages.All];

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

    private static readonly string[] DeploymentOnlyInputs =
        ["codedeploy-application", "codedeploy-deployment-group", "codedeploy-deployment-config", "codedeploy-deployment-description", "codedeploy-hooks"];

    /// <summary>A warning for each deployment input given without a service: nothing is deployed, so none has an effect.</summary>
    private static IEnumerable<string> UnusedWithoutService(InputReader reader) =>
        DeploymentOnlyInputs.Where(input => reader.GetString(input) is not null)
            .Select(input => $"Input '{input}' has no effect without 'service': the task definition is only registered and nothing is deployed.");

    /// <summary>`max-retries` (0 to 10), or null when the input is not given.</summary>
    internal static int? ParseMaxRetries(InputReader reader)
    {
        if (reader.GetString("max-retries") is not { } text)
        {
            return null;
        }

        // The official action takes any number here; more than 10 retries only stretches a failing step, so it is capped.
        var retries = reader.GetInteger("max-retries", 2, 0, int.MaxValue);
        if (retries > MaxRetriesCap)
        {
            reader.Notices.Add($"Input 'max-retries' value '{text}' is more than {MaxRetriesCap}; each AWS call is retried at most {MaxRetriesCap} times.");
            return MaxRetriesCap;
        }

        return retries;
    }

    private const int MaxRetriesCap = 10;

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
            if (new FileInfo(path).Length > InputLimits.MaxBytes)
            {
                reader.AddError($"Input 'codedeploy-appspec' value '{path}' is larger than {InputLimits.SizeRule}; an AppSpec needs a few hundred bytes.");
                return null;
            }

            return AppSpec.Parse(File.ReadAllText(path));
        }
        catch (InputSyntaxException e)
        {
            reader.AddError(InputFileProblem.Describe("codedeploy-appspec", path, "YAML or JSON", e));
            return null;
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
