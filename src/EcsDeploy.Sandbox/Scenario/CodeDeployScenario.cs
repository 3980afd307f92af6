using System.Text.Json.Nodes;
using EcsDeploy.Sandbox.State;
using static EcsDeploy.Sandbox.Scenario.ScenarioLoader;

namespace EcsDeploy.Sandbox.Scenario;

/// <summary>The CodeDeploy part of a scenario: applications, deployment groups and custom deployment configs.</summary>
public static class CodeDeployScenario
{
    public static void Apply(World world, JsonObject doc, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(doc);
        foreach (var spec in Items(doc["deploymentConfigs"]))
        {
            var name = Required(spec, "name");
            world.DeploymentConfigs[name] = new DeploymentConfigState
            {
                Name = name,
                Type = Text(spec["type"]) ?? "AllAtOnce",
                Percentage = Int(spec["percentage"]) ?? 0,
                IntervalMinutes = Int(spec["intervalMinutes"]) ?? 0,
            };
        }

        foreach (var spec in Items(doc["applications"]))
        {
            var name = Required(spec, "name");
            var application = new ApplicationState { Name = name, Id = Guid(name), CreatedAt = now };
            foreach (var groupSpec in Items(spec["deploymentGroups"]))
            {
                var group = ReadGroup(world, name, groupSpec);
                application.Groups[group.Name] = group;
            }

            world.Applications[name] = application;
        }
    }

    private static DeploymentGroupState ReadGroup(World world, string application, JsonObject spec)
    {
        var name = Required(spec, "name");
        var group = new DeploymentGroupState
        {
            Name = name,
            Id = Guid(application + "/" + name),
            ClusterName = Required(spec, "cluster"),
            ServiceName = Required(spec, "service"),
            DeploymentConfigName = Text(spec["deploymentConfigName"]) ?? "CodeDeployDefault.ECSAllAtOnce",
            ServiceRoleArn = Text(spec["serviceRoleArn"]) ?? $"arn:aws:iam::{world.AccountId}:role/ecsCodeDeployRole",
            ReadyAction = Text(spec["readyWait"]?["action"]) ?? "CONTINUE_DEPLOYMENT",
            ReadyWaitMinutes = Int(spec["readyWait"]?["minutes"]) ?? 0,
            TerminationWaitMinutes = Int(spec["terminationWaitMinutes"]) ?? 0,
        };
        if (spec["autoRollback"] is JsonObject rollback)
        {
            group.AutoRollbackEnabled = rollback["enabled"] is not JsonValue enabled || enabled.GetValue<bool>();
            if (rollback["events"] is JsonArray events)
            {
                group.AutoRollbackEvents.Clear();
                group.AutoRollbackEvents.AddRange(events.Select(Text).OfType<string>());
            }
        }

        Replace(group.Alarms, spec["alarms"]);
        Replace(group.TargetGroups, spec["targetGroups"]);
        Replace(group.ProdListenerArns, spec["prodListenerArns"]);
        Replace(group.TestListenerArns, spec["testListenerArns"]);
        return group;
    }

    private static void Replace(List<string> target, JsonNode? values)
    {
        if (values is JsonArray array)
        {
            target.Clear();
            target.AddRange(array.Select(Text).OfType<string>());
        }
    }

    private static string Guid(string seed)
    {
        var hex = StableIds.Hex(seed);
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..32]}";
    }
}
