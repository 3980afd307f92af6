using System.Globalization;
using System.Text.Json.Nodes;
using EcsDeploy.Sandbox.State;

namespace EcsDeploy.Sandbox.CodeDeploy;

// Read-only operations: they render state and never change the lifecycle.
public sealed partial class CodeDeployHandler
{
    private const int MaxBatchTargets = 25;

    private JsonObject GetDeploymentGroup(JsonObject body)
    {
        var app = App(body);
        var group = Group(app, body);
        return new JsonObject { ["deploymentGroupInfo"] = CodeDeployViews.Group(_world, app, group) };
    }

    // The built-in ECS configurations and the scenario's custom ones, as CodeDeploy describes them.
    private JsonObject GetDeploymentConfig(JsonObject body)
    {
        var name = Str(body, "deploymentConfigName") ?? throw Error("DeploymentConfigNameRequiredException", "Deployment configuration name is required.");
        var config = _world.DeploymentConfigs.GetValueOrDefault(name) ?? name switch
        {
            "CodeDeployDefault.ECSAllAtOnce" => new DeploymentConfigState { Name = name, Type = "AllAtOnce" },
            "CodeDeployDefault.ECSCanary10Percent5Minutes" => new DeploymentConfigState { Name = name, Type = "TimeBasedCanary", Percentage = 10, IntervalMinutes = 5 },
            "CodeDeployDefault.ECSCanary10Percent15Minutes" => new DeploymentConfigState { Name = name, Type = "TimeBasedCanary", Percentage = 10, IntervalMinutes = 15 },
            "CodeDeployDefault.ECSLinear10PercentEvery1Minutes" => new DeploymentConfigState { Name = name, Type = "TimeBasedLinear", Percentage = 10, IntervalMinutes = 1 },
            "CodeDeployDefault.ECSLinear10PercentEvery3Minutes" => new DeploymentConfigState { Name = name, Type = "TimeBasedLinear", Percentage = 10, IntervalMinutes = 3 },
            _ => throw Error("DeploymentConfigDoesNotExistException", $"No deployment configuration found for name: {name}"),
        };
        var routing = new JsonObject { ["type"] = config.Type };
        if (config.Type == "TimeBasedCanary")
        {
            routing["timeBasedCanary"] = new JsonObject { ["canaryPercentage"] = config.Percentage, ["canaryInterval"] = config.IntervalMinutes };
        }
        else if (config.Type == "TimeBasedLinear")
        {
            routing["timeBasedLinear"] = new JsonObject { ["linearPercentage"] = config.Percentage, ["linearInterval"] = config.IntervalMinutes };
        }

        return new JsonObject
        {
            ["deploymentConfigInfo"] = new JsonObject
            {
                ["deploymentConfigName"] = config.Name,
                ["computePlatform"] = "ECS",
                ["trafficRoutingConfig"] = routing,
            },
        };
    }

    private JsonObject GetDeployment(JsonObject body)
    {
        var d = Deployment(body);
        var group = _world.Applications.TryGetValue(d.ApplicationName, out var app) && app.Groups.TryGetValue(d.GroupName, out var g) ? g : null;
        return new JsonObject { ["deploymentInfo"] = CodeDeployViews.Deployment(_world, d, group, LifecycleEngine.RunOf(d)) };
    }

    private JsonObject ListDeployments(JsonObject body)
    {
        IEnumerable<DeploymentState> deployments = _world.Deployments.Values;
        if (Str(body, "applicationName") is not null || Str(body, "deploymentGroupName") is not null)
        {
            // CodeDeploy wants both or neither.
            var app = App(body);
            var group = Group(app, body);
            deployments = deployments.Where(d => d.ApplicationName == app.Name && d.GroupName == group.Name);
        }

        if (body["includeOnlyStatuses"] is JsonArray { Count: > 0 } statuses)
        {
            var wanted = statuses.Select(s => s!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
            deployments = deployments.Where(d => wanted.Contains(d.Status));
        }

        if (body["createTimeRange"] is JsonObject range)
        {
            if (range["start"] is JsonValue start)
            {
                var from = FromEpoch(start);
                deployments = deployments.Where(d => d.CreateTime >= from);
            }

            if (range["end"] is JsonValue end)
            {
                var to = FromEpoch(end);
                deployments = deployments.Where(d => d.CreateTime <= to);
            }
        }

        // Newest first; creation order breaks ties between deployments created at the same instant.
        var ordered = deployments.Select((d, i) => (d, i)).OrderByDescending(x => x.d.CreateTime).ThenByDescending(x => x.i).Select(x => x.d.Id).ToList();
        var offset = 0;
        if (Str(body, "nextToken") is { } token && !TryParseToken(token, ordered.Count, out offset))
        {
            throw Error("InvalidNextTokenException", $"The nextToken '{token}' is not one this sandbox returned; start again without it.");
        }

        var page = ordered.Skip(offset).Take(PageSize).ToList();
        var result = new JsonObject { ["deployments"] = new JsonArray([.. page.Select(id => (JsonNode)JsonValue.Create(id))]) };
        if (offset + page.Count < ordered.Count)
        {
            result["nextToken"] = MakeToken(offset + page.Count);
        }

        return result;
    }

    private JsonObject ListDeploymentTargets(JsonObject body)
    {
        var (_, run) = StartedDeployment(body);
        return new JsonObject { ["targetIds"] = new JsonArray(CodeDeployViews.TargetId(run)) };
    }

    private JsonObject GetDeploymentTarget(JsonObject body)
    {
        var (d, run) = StartedDeployment(body);
        var targetId = Str(body, "targetId") ?? throw Error("DeploymentTargetIdRequiredException", "A target ID must be specified.");
        CheckTarget(d, run, targetId);
        return new JsonObject { ["deploymentTarget"] = CodeDeployViews.Target(_world, d, run) };
    }

    private JsonObject BatchGetDeploymentTargets(JsonObject body)
    {
        var (d, run) = StartedDeployment(body);
        var ids = (body["targetIds"] as JsonArray ?? []).Select(n => n!.GetValue<string>()).ToList();
        if (ids.Count == 0)
        {
            throw Error("DeploymentTargetIdRequiredException", "At least one target ID must be specified.");
        }

        if (ids.Count > MaxBatchTargets)
        {
            throw Error("DeploymentTargetListSizeExceededException", $"At most {MaxBatchTargets} target IDs can be requested at once; {ids.Count} were given.");
        }

        var targets = new JsonArray();
        foreach (var id in ids)
        {
            CheckTarget(d, run, id);
            targets.Add(CodeDeployViews.Target(_world, d, run));
        }

        return new JsonObject { ["deploymentTargets"] = targets };
    }

    private JsonObject GetApplicationRevision(JsonObject body)
    {
        var app = App(body);
        var revision = body["revision"] as JsonObject ?? throw Error("RevisionRequiredException", "The revision must be specified.");
        var appSpec = revision["appSpecContent"] as JsonObject;
        var sha = appSpec is null ? null : Str(appSpec, "sha256") ?? (Str(appSpec, "content") is { } c ? CodeDeployViews.Sha256Hex(c) : null);
        var uses = _world.Deployments.Values
            .Where(d => d.ApplicationName == app.Name && string.Equals(d.AppSpecSha256 ?? CodeDeployViews.Sha256Hex(d.AppSpecContent), sha, StringComparison.OrdinalIgnoreCase))
            .OrderBy(d => d.CreateTime)
            .ToList();
        if (sha is null || uses.Count == 0)
        {
            throw Error("RevisionDoesNotExistException", $"No revision of application {app.Name} matches the given AppSpecContent; it was never deployed.");
        }

        return new JsonObject
        {
            ["applicationName"] = app.Name,
            ["revision"] = CodeDeployViews.Revision(uses[0].AppSpecContent),
            ["revisionInfo"] = new JsonObject
            {
                ["deploymentGroups"] = new JsonArray([.. uses.Select(d => d.GroupName).Distinct().Select(n => (JsonNode)JsonValue.Create(n))]),
                ["firstUsedTime"] = CodeDeployViews.Time(uses[0].CreateTime),
                ["lastUsedTime"] = CodeDeployViews.Time(uses[^1].CreateTime),
                ["registerTime"] = CodeDeployViews.Time(uses[0].CreateTime),
            },
        };
    }

    private (DeploymentState Deployment, DeploymentRun Run) StartedDeployment(JsonObject body)
    {
        var d = Deployment(body);
        var run = LifecycleEngine.RunOf(d);
        if (run is null || d.Status == "Created")
        {
            throw Error("DeploymentNotStartedException", $"The deployment {d.Id} has not started yet; retry in a few seconds.");
        }

        return (d, run);
    }

    private static void CheckTarget(DeploymentState d, DeploymentRun run, string targetId)
    {
        if (targetId != CodeDeployViews.TargetId(run))
        {
            throw Error("DeploymentTargetDoesNotExistException", $"The target '{targetId}' does not belong to deployment {d.Id}; its target is '{CodeDeployViews.TargetId(run)}'.");
        }
    }

    private static DateTimeOffset FromEpoch(JsonValue value) =>
        DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(value.GetValue<double>() * 1000));

    private static string MakeToken(int offset) =>
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("offset:" + offset.ToString(CultureInfo.InvariantCulture)));

    private static bool TryParseToken(string token, int count, out int offset)
    {
        offset = 0;
        try
        {
            var text = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(token));
            return text.StartsWith("offset:", StringComparison.Ordinal)
                && int.TryParse(text["offset:".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out offset)
                && offset <= count;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
