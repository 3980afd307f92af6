using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EcsDeploy.Sandbox.Protocol;
using EcsDeploy.Sandbox.State;

namespace EcsDeploy.Sandbox.CodeDeploy;

/// <summary>The CodeDeploy service of the sandbox: ECS blue/green deployments simulated over World and SandboxClock.</summary>
public sealed partial class CodeDeployHandler : IServiceHandler, ISimulation
{
    private static readonly HashSet<string> Operations = new(StringComparer.Ordinal)
    {
        "GetApplication", "GetDeploymentGroup", "CreateDeployment", "GetDeployment", "ListDeployments",
        "ListDeploymentTargets", "BatchGetDeploymentTargets", "GetDeploymentTarget", "StopDeployment",
        "ContinueDeployment", "GetApplicationRevision", "GetDeploymentConfig",
    };

    private readonly World _world;
    private readonly SandboxClock _clock;
    private readonly LifecycleEngine _engine;

    public CodeDeployHandler(World world, SandboxClock clock)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(clock);
        _world = world;
        _clock = clock;
        _engine = new LifecycleEngine(world);
    }

    public string TargetPrefix => "CodeDeploy_20141006";

    public string SigningName => "codedeploy";

    /// <summary>Deployments per ListDeployments page.</summary>
    internal int PageSize { get; init; } = 100;

    public bool Supports(string operation) => Operations.Contains(operation);

    public void Advance(DateTimeOffset now)
    {
        // A deployment that fails can start a rollback deployment, which must catch up to now too.
        var advanced = new HashSet<string>(StringComparer.Ordinal);
        while (_world.Deployments.Values.Where(d => !advanced.Contains(d.Id)).ToList() is { Count: > 0 } pending)
        {
            foreach (var d in pending)
            {
                advanced.Add(d.Id);
                _engine.Advance(d, now);
            }
        }
    }

    public JsonNode Handle(string operation, JsonObject body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return operation switch
        {
            "GetApplication" => new JsonObject { ["application"] = CodeDeployViews.Application(App(body)) },
            "GetDeploymentGroup" => GetDeploymentGroup(body),
            "CreateDeployment" => CreateDeployment(body),
            "GetDeployment" => GetDeployment(body),
            "ListDeployments" => ListDeployments(body),
            "ListDeploymentTargets" => ListDeploymentTargets(body),
            "BatchGetDeploymentTargets" => BatchGetDeploymentTargets(body),
            "GetDeploymentTarget" => GetDeploymentTarget(body),
            "GetDeploymentConfig" => GetDeploymentConfig(body),
            "StopDeployment" => StopDeployment(body),
            "ContinueDeployment" => ContinueDeployment(body),
            "GetApplicationRevision" => GetApplicationRevision(body),
            _ => throw new AwsErrorException("UnknownOperationException", $"CodeDeploy operation {operation} is not implemented by the sandbox."),
        };
    }

    private JsonObject CreateDeployment(JsonObject body)
    {
        var app = App(body);
        var group = Group(app, body);
        var content = RevisionContent(body["revision"] as JsonObject ?? throw Error("RevisionRequiredException", "The revision must be specified."));
        AppSpec spec;
        try
        {
            spec = AppSpecReader.Read(content);
        }
        catch (FormatException e)
        {
            throw Error("InvalidRevisionException", e.Message);
        }

        var taskDefinition = ResolveTaskDefinition(spec.TaskDefinition) ?? throw Error("InvalidRevisionException",
            $"The task definition '{spec.TaskDefinition}' named in the AppSpec does not exist; register it before creating the deployment.");

        var configName = Str(body, "deploymentConfigName") ?? group.DeploymentConfigName;
        var plan = TrafficPlan.Resolve(_world, configName) ?? throw (TrafficPlan.IsOtherPlatformBuiltIn(configName)
            ? Error("InvalidDeploymentConfigNameException", $"The deployment configuration {configName} is not for the ECS compute platform.")
            : Error("DeploymentConfigDoesNotExistException", $"No deployment configuration found for name: {configName}"));

        if (Str(body, "description") is { Length: > 100 })
        {
            throw Error("DescriptionTooLongException", "The description is too long; the limit is 100 characters.");
        }

        var active = _world.Deployments.Values.FirstOrDefault(d =>
            d.ApplicationName == app.Name && d.GroupName == group.Name && !LifecycleEngine.IsDone(d));
        if (active is not null)
        {
            throw Error("DeploymentLimitExceededException", $"The Deployment Group '{group.Name}' already has an active Deployment '{active.Id}'");
        }

        var (rollbackEnabled, rollbackEvents) = body["autoRollbackConfiguration"] is JsonObject rollback
            ? (rollback["enabled"]?.GetValue<bool>() ?? false,
               (IReadOnlyList<string>)[.. (rollback["events"] as JsonArray ?? []).Select(e => e!.GetValue<string>())])
            : (group.AutoRollbackEnabled, [.. group.AutoRollbackEvents]);

        var behavior = _world.NextDeployments.TryDequeue(out var next) ? next : new DeploymentBehavior();
        var service = TaskSetOps.FindService(_world, group.ClusterName, group.ServiceName);
        var blueDefinition = service?.TaskSets.Find(t => t.Status == "PRIMARY")?.TaskDefinitionArn ?? service?.TaskDefinitionArn ?? "";
        var deployment = new DeploymentState
        {
            Id = CodeDeployIds.NextDeploymentId(_world),
            ApplicationName = app.Name,
            GroupName = group.Name,
            ConfigName = configName,
            Creator = "user",
            Description = Str(body, "description"),
            AppSpecContent = content,
            AppSpecSha256 = CodeDeployViews.Sha256Hex(content),
            TaskDefinitionArn = taskDefinition.Arn,
            PreviousTaskDefinitionArn = blueDefinition,
            CreateTime = _clock.Now,
            Behavior = behavior,
        };
        deployment.Engine[DeploymentRun.Key] = new DeploymentRun
        {
            IsRollback = false,
            AppSpec = spec,
            Plan = plan,
            Stages = LifecycleStages.RegularStages(group, spec, behavior, plan),
            AutoRollbackEnabled = rollbackEnabled,
            AutoRollbackEvents = rollbackEvents,
            ClusterName = group.ClusterName,
            ServiceName = group.ServiceName,
        };
        _world.Deployments.Add(deployment.Id, deployment);
        return new JsonObject { ["deploymentId"] = deployment.Id };
    }

    private JsonObject StopDeployment(JsonObject body)
    {
        var d = Deployment(body);
        if (LifecycleEngine.IsDone(d))
        {
            throw Error("DeploymentAlreadyCompletedException", $"The deployment {d.Id} has already completed ({d.Status}); there is nothing to stop.");
        }

        // Without an explicit autoRollbackEnabled the group's DEPLOYMENT_STOP_ON_REQUEST setting decides.
        bool? rollback = body["autoRollbackEnabled"] is JsonValue v ? v.GetValue<bool>() : null;
        var rolledBack = _engine.Stop(d, _clock.Now, rollback);
        Advance(_clock.Now);
        return rolledBack
            ? new JsonObject { ["status"] = "Pending", ["statusMessage"] = $"Deployment {d.Id} stopped; rollback deployment {d.RollbackDeploymentId} started." }
            : new JsonObject { ["status"] = "Succeeded", ["statusMessage"] = $"Deployment {d.Id} stopped." };
    }

    private JsonObject ContinueDeployment(JsonObject body)
    {
        var d = Deployment(body);
        var waitType = Str(body, "deploymentWaitType") ?? "READY_WAIT";
        if (LifecycleEngine.IsDone(d))
        {
            throw Error("DeploymentAlreadyCompletedException", $"The deployment {d.Id} has already completed ({d.Status}).");
        }

        var waiting = LifecycleEngine.RunOf(d)?.CurrentStage?.Kind switch
        {
            StageKind.ReadyWait => "READY_WAIT",
            StageKind.TerminationWait => "TERMINATION_WAIT",
            _ => null,
        };
        if (waiting is null)
        {
            throw Error("DeploymentIsNotInReadyStateException", $"The deployment {d.Id} is {d.Status} and not waiting; it cannot continue yet.");
        }

        if (waiting != waitType)
        {
            throw Error("InvalidDeploymentWaitTypeException", $"The deployment {d.Id} is in its {waiting}, not {waitType}; call ContinueDeployment with deploymentWaitType {waiting}.");
        }

        _engine.Continue(d, _clock.Now);
        Advance(_clock.Now);
        return [];
    }

    private static string RevisionContent(JsonObject revision)
    {
        var type = Str(revision, "revisionType");
        if (type != "AppSpecContent")
        {
            throw Error("InvalidRevisionException", $"Revision type '{type}' is not supported by the sandbox; use revisionType AppSpecContent for ECS.");
        }

        var appSpec = revision["appSpecContent"] as JsonObject;
        var content = appSpec is null ? null : Str(appSpec, "content");
        if (string.IsNullOrWhiteSpace(content))
        {
            throw Error("InvalidRevisionException", "The revision's appSpecContent.content is empty; pass the AppSpec YAML or JSON.");
        }

        var sha = Str(appSpec!, "sha256");
        var actual = CodeDeployViews.Sha256Hex(content);
        if (sha is not null && !string.Equals(sha, actual, StringComparison.OrdinalIgnoreCase))
        {
            throw Error("InvalidRevisionException", $"The AppSpec content's SHA-256 is {actual} but the revision gives sha256 {sha}; send the hash of the exact content.");
        }

        return content;
    }

    private TaskDefinitionState? ResolveTaskDefinition(string reference)
    {
        var key = reference;
        if (reference.StartsWith("arn:", StringComparison.Ordinal))
        {
            var at = reference.IndexOf("task-definition/", StringComparison.Ordinal);
            if (at < 0)
            {
                return null;
            }

            key = reference[(at + "task-definition/".Length)..];
        }

        var colon = key.LastIndexOf(':');
        var family = colon < 0 ? key : key[..colon];
        if (!_world.TaskDefinitions.TryGetValue(family, out var revisions))
        {
            return null;
        }

        TaskDefinitionState? found = colon < 0
            ? revisions.LastOrDefault(r => r.Status == "ACTIVE")
            : int.TryParse(key[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture, out var n) ? revisions.Find(r => r.Revision == n) : null;
        return found is not null && reference.StartsWith("arn:", StringComparison.Ordinal) && found.Arn != reference ? null : found;
    }

    private ApplicationState App(JsonObject body)
    {
        var name = Str(body, "applicationName") ?? throw Error("ApplicationNameRequiredException", "The application name must be specified.");
        return _world.Applications.TryGetValue(name, out var app)
            ? app
            : throw Error("ApplicationDoesNotExistException", $"No application found for name: {name}");
    }

    private static DeploymentGroupState Group(ApplicationState app, JsonObject body)
    {
        var name = Str(body, "deploymentGroupName") ?? throw Error("DeploymentGroupNameRequiredException", "The deployment group name must be specified.");
        return app.Groups.TryGetValue(name, out var group)
            ? group
            : throw Error("DeploymentGroupDoesNotExistException", $"No Deployment Group found for name: {name}");
    }

    private DeploymentState Deployment(JsonObject body)
    {
        var id = Str(body, "deploymentId") ?? throw Error("DeploymentIdRequiredException", "At least one deployment ID must be specified.");
        if (!DeploymentIdPattern().IsMatch(id))
        {
            throw Error("InvalidDeploymentIdException", $"Specified DeploymentId is not in the valid format: {id}");
        }

        return _world.Deployments.TryGetValue(id, out var d)
            ? d
            : throw Error("DeploymentDoesNotExistException", $"The deployment {id} could not be found.");
    }

    private static string? Str(JsonObject o, string key) => o[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static AwsErrorException Error(string code, string message) => new(code, message);

    [GeneratedRegex("^d-[A-Z0-9]{9}$")]
    private static partial Regex DeploymentIdPattern();
}
