using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using EcsDeploy.Sandbox.State;

namespace EcsDeploy.Sandbox.CodeDeploy;

/// <summary>Renders sandbox state as the CodeDeploy API's JSON shapes (timestamps as epoch seconds).</summary>
internal static class CodeDeployViews
{
    public static JsonValue Time(DateTimeOffset t) => JsonValue.Create(t.ToUnixTimeMilliseconds() / 1000.0);

    public static string Sha256Hex(string content) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));

    public static JsonObject Revision(string content) => new()
    {
        ["revisionType"] = "AppSpecContent",
        ["appSpecContent"] = new JsonObject { ["content"] = content, ["sha256"] = Sha256Hex(content) },
    };

    public static JsonObject Application(ApplicationState app) => new()
    {
        ["applicationId"] = app.Id,
        ["applicationName"] = app.Name,
        ["createTime"] = Time(app.CreatedAt),
        ["linkedToGitHub"] = false,
        ["computePlatform"] = app.ComputePlatform,
    };

    public static JsonObject Group(World world, ApplicationState app, DeploymentGroupState g)
    {
        var info = new JsonObject
        {
            ["applicationName"] = app.Name,
            ["deploymentGroupId"] = g.Id,
            ["deploymentGroupName"] = g.Name,
            ["deploymentConfigName"] = g.DeploymentConfigName,
            ["serviceRoleArn"] = g.ServiceRoleArn,
            ["alarmConfiguration"] = new JsonObject
            {
                ["enabled"] = g.Alarms.Count > 0,
                ["ignorePollAlarmFailure"] = false,
                ["alarms"] = new JsonArray([.. g.Alarms.Select(a => (JsonNode)new JsonObject { ["name"] = a })]),
            },
            ["autoRollbackConfiguration"] = AutoRollback(g.AutoRollbackEnabled, g.AutoRollbackEvents),
            ["deploymentStyle"] = DeploymentStyle(),
            ["blueGreenDeploymentConfiguration"] = BlueGreen(g),
            ["loadBalancerInfo"] = LoadBalancer(g),
            ["ecsServices"] = new JsonArray(new JsonObject { ["serviceName"] = g.ServiceName, ["clusterName"] = g.ClusterName }),
            ["computePlatform"] = "ECS",
        };
        if (LastDeployment(world, g.LastSuccessfulDeploymentId) is { } success)
        {
            info["lastSuccessfulDeployment"] = success;
        }

        if (LastDeployment(world, g.LastAttemptedDeploymentId) is { } attempted)
        {
            info["lastAttemptedDeployment"] = attempted;
        }

        return info;
    }

    public static JsonObject Deployment(World world, DeploymentState d, DeploymentGroupState? g, DeploymentRun? run)
    {
        var info = new JsonObject
        {
            ["applicationName"] = d.ApplicationName,
            ["deploymentGroupName"] = d.GroupName,
            ["deploymentConfigName"] = d.ConfigName,
            ["deploymentId"] = d.Id,
            ["revision"] = Revision(d.AppSpecContent),
            ["status"] = d.Status,
            ["createTime"] = Time(d.CreateTime),
            ["deploymentOverview"] = Overview(run?.TargetStatus ?? "Pending"),
            ["creator"] = d.Creator,
            ["ignoreApplicationStopFailures"] = false,
            ["autoRollbackConfiguration"] = AutoRollback(run?.AutoRollbackEnabled ?? false, run?.AutoRollbackEvents ?? []),
            ["updateOutdatedInstancesOnly"] = false,
            ["deploymentStyle"] = DeploymentStyle(),
            ["instanceTerminationWaitTimeStarted"] = d.InstanceTerminationWaitTimeStarted,
            ["computePlatform"] = "ECS",
        };
        var previous = world.Deployments.Values.LastOrDefault(x =>
            x.Status == "Succeeded" && x.GroupName == d.GroupName && x.ApplicationName == d.ApplicationName
            && x.CreateTime < d.CreateTime && x.TaskDefinitionArn == d.PreviousTaskDefinitionArn);
        if (previous is not null)
        {
            info["previousRevision"] = Revision(previous.AppSpecContent);
        }

        if (d.StartTime is { } start)
        {
            info["startTime"] = Time(start);
        }

        if (d.CompleteTime is { } complete)
        {
            info["completeTime"] = Time(complete);
        }

        if (d.Description is not null)
        {
            info["description"] = d.Description;
        }

        if (d.ErrorCode is not null)
        {
            info["errorInformation"] = new JsonObject { ["code"] = d.ErrorCode, ["message"] = d.ErrorMessage };
        }

        if (d.RollbackDeploymentId is not null || d.RollbackTriggeringDeploymentId is not null || d.RollbackMessage is not null)
        {
            var rollback = new JsonObject();
            Put(rollback, "rollbackDeploymentId", d.RollbackDeploymentId);
            Put(rollback, "rollbackTriggeringDeploymentId", d.RollbackTriggeringDeploymentId);
            Put(rollback, "rollbackMessage", d.RollbackMessage);
            info["rollbackInfo"] = rollback;
        }

        if (g is not null)
        {
            info["blueGreenDeploymentConfiguration"] = BlueGreen(g);
            info["loadBalancerInfo"] = LoadBalancer(g);
        }

        return info;
    }

    public static JsonObject Target(World world, DeploymentState d, DeploymentRun run)
    {
        var service = TaskSetOps.FindService(world, run.ClusterName, run.ServiceName);
        var serviceArn = service?.Arn
            ?? $"arn:aws:ecs:{world.Region}:{world.AccountId}:service/{run.ClusterName}/{run.ServiceName}";
        var taskSets = new JsonArray();
        AddTaskSet(taskSets, run.Blue, "Blue", service);
        AddTaskSet(taskSets, run.Green, "Green", service);
        return new JsonObject
        {
            ["deploymentTargetType"] = "ECSTarget",
            ["ecsTarget"] = new JsonObject
            {
                ["deploymentId"] = d.Id,
                ["targetId"] = TargetId(run),
                ["targetArn"] = serviceArn,
                ["lastUpdatedAt"] = Time(LastUpdated(d, run)),
                ["lifecycleEvents"] = new JsonArray([.. run.Events.Select(e => (JsonNode)LifecycleEvent(e))]),
                ["status"] = run.TargetStatus,
                ["taskSetsInfo"] = taskSets,
            },
        };
    }

    /// <summary>The latest change to the target: a status change or a lifecycle event starting or ending.</summary>
    private static DateTimeOffset LastUpdated(DeploymentState d, DeploymentRun run) =>
        run.Events.SelectMany(e => new[] { e.StartTime, e.EndTime }).OfType<DateTimeOffset>()
            .Append(run.TargetUpdatedAt).Append(d.CreateTime).Max();

    public static string TargetId(DeploymentRun run) => $"{run.ClusterName}:{run.ServiceName}";

    private static void AddTaskSet(JsonArray list, TaskSetState? ts, string label, ServiceState? service)
    {
        if (ts is null)
        {
            return;
        }

        var desired = (long)Math.Round((service?.DesiredCount ?? 0) * ts.ScalePercent / 100.0);
        var item = new JsonObject
        {
            ["identifer"] = ts.Id,
            ["desiredCount"] = desired,
            ["pendingCount"] = Math.Max(0, desired - ts.RunningCount),
            ["runningCount"] = (long)ts.RunningCount,
            ["status"] = ts.Status,
            ["trafficWeight"] = ts.TrafficWeight,
            ["taskSetLabel"] = label,
        };
        if (ts.TargetGroupName is not null)
        {
            item["targetGroup"] = new JsonObject { ["name"] = ts.TargetGroupName };
        }

        list.Add(item);
    }

    private static JsonObject LifecycleEvent(LifecycleEventState e)
    {
        var o = new JsonObject { ["lifecycleEventName"] = e.Name, ["status"] = e.Status };
        if (e.StartTime is { } s)
        {
            o["startTime"] = Time(s);
        }

        if (e.EndTime is { } end)
        {
            o["endTime"] = Time(end);
        }

        if (e.DiagnosticsCode is not null)
        {
            o["diagnostics"] = new JsonObject
            {
                ["errorCode"] = e.DiagnosticsCode,
                ["scriptName"] = e.DiagnosticsScriptName,
                ["message"] = e.DiagnosticsMessage,
                ["logTail"] = e.DiagnosticsLogTail,
            };
        }

        return o;
    }

    private static JsonObject Overview(string targetStatus)
    {
        var o = new JsonObject { ["Pending"] = 0L, ["InProgress"] = 0L, ["Succeeded"] = 0L, ["Failed"] = 0L, ["Skipped"] = 0L, ["Ready"] = 0L };
        var key = targetStatus is "Pending" or "InProgress" or "Succeeded" or "Failed" or "Skipped" or "Ready" ? targetStatus : "Pending";
        o[key] = 1L;
        return o;
    }

    private static JsonObject AutoRollback(bool enabled, IEnumerable<string> events) => new()
    {
        ["enabled"] = enabled,
        ["events"] = new JsonArray([.. events.Select(e => (JsonNode)JsonValue.Create(e))]),
    };

    private static JsonObject DeploymentStyle() => new() { ["deploymentType"] = "BLUE_GREEN", ["deploymentOption"] = "WITH_TRAFFIC_CONTROL" };

    private static JsonObject BlueGreen(DeploymentGroupState g) => new()
    {
        ["terminateBlueInstancesOnDeploymentSuccess"] = new JsonObject
        {
            ["action"] = "TERMINATE",
            ["terminationWaitTimeInMinutes"] = g.TerminationWaitMinutes,
        },
        ["deploymentReadyOption"] = new JsonObject
        {
            ["actionOnTimeout"] = g.ReadyAction,
            ["waitTimeInMinutes"] = g.ReadyWaitMinutes,
        },
    };

    private static JsonObject LoadBalancer(DeploymentGroupState g)
    {
        var pair = new JsonObject
        {
            ["targetGroups"] = new JsonArray([.. g.TargetGroups.Select(t => (JsonNode)new JsonObject { ["name"] = t })]),
            ["prodTrafficRoute"] = new JsonObject { ["listenerArns"] = new JsonArray([.. g.ProdListenerArns.Select(a => (JsonNode)JsonValue.Create(a))]) },
        };
        if (g.TestListenerArns.Count > 0)
        {
            pair["testTrafficRoute"] = new JsonObject { ["listenerArns"] = new JsonArray([.. g.TestListenerArns.Select(a => (JsonNode)JsonValue.Create(a))]) };
        }

        return new JsonObject { ["targetGroupPairInfoList"] = new JsonArray(pair) };
    }

    private static JsonObject? LastDeployment(World world, string? id)
    {
        if (id is null || !world.Deployments.TryGetValue(id, out var d))
        {
            return null;
        }

        var o = new JsonObject { ["deploymentId"] = d.Id, ["status"] = d.Status, ["createTime"] = Time(d.CreateTime) };
        if (d.CompleteTime is { } end)
        {
            o["endTime"] = Time(end);
        }

        return o;
    }

    private static void Put(JsonObject o, string key, string? value)
    {
        if (value is not null)
        {
            o[key] = value;
        }
    }
}
