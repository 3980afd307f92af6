using System.Text.Json.Nodes;
using EcsDeploy.Sandbox.State;

namespace EcsDeploy.Sandbox.CodeDeploy;

// How deployments end: success, failure, stop, and the rollback that may follow.
internal sealed partial class LifecycleEngine
{
    private void FailEvent(DeploymentState d, DeploymentRun run, Stage stage, LifecycleEventState ev, DateTimeOffset t)
    {
        var hook = run.AppSpec.HookFor(ev.Name);
        ev.Status = "Failed";
        ev.EndTime = t;
        ev.DiagnosticsCode = d.Behavior.FailErrorCode;
        ev.DiagnosticsMessage = d.Behavior.FailMessage;
        ev.DiagnosticsLogTail = d.Behavior.FailLogTail ?? "";
        ev.DiagnosticsScriptName = hook ?? ev.Name;
        var (code, message) = stage.Kind switch
        {
            StageKind.Hook => ("HOOK_EXECUTION_FAILURE",
                $"The deployment failed because the {ev.Name} lifecycle hook {hook ?? "(none)"} reported a failure: {d.Behavior.FailMessage}"),
            StageKind.Install => ("ECS_UPDATE_ERROR",
                $"The ECS service could not be updated: the replacement task set failed to start: {d.Behavior.FailMessage}"),
            _ => ("ELASTIC_LOAD_BALANCING_INVALID",
                $"The deployment failed during {ev.Name}: the listener could not be updated: {d.Behavior.FailMessage}"),
        };
        End(d, run, t, EndReason.Failure, code, message);
    }

    private void Complete(DeploymentState d, DeploymentRun run, DateTimeOffset t)
    {
        var service = TaskSetOps.FindService(world, run.ClusterName, run.ServiceName);
        if (run.IsRollback)
        {
            TaskSetOps.Remove(service, run.Green);
            TaskSetOps.SetWeights(run.Blue, null, 0);
        }
        else
        {
            TaskSetOps.Remove(service, run.Blue);
            if (run.Green is not null)
            {
                run.Green.Label = "Blue";
            }
        }

        if (service is not null)
        {
            service.TaskDefinitionArn = d.TaskDefinitionArn;
        }

        d.Status = "Succeeded";
        d.CompleteTime = t;
        SetTarget(run, "Succeeded", t);
        if (Group(d) is { } group)
        {
            group.LastSuccessfulDeploymentId = d.Id;
        }
    }

    /// <summary>Ends the deployment early; returns whether a rollback deployment was started.</summary>
    private bool End(DeploymentState d, DeploymentRun run, DateTimeOffset t, EndReason reason, string code, string message, bool? rollbackOverride = null)
    {
        if (run.CurrentStage?.EventName is { } name && run.Event(name) is { Status: "InProgress" } current)
        {
            current.Status = "Failed";
            current.EndTime = t;
        }

        foreach (var ev in run.Events.Where(e => e.Status == "Pending"))
        {
            ev.Status = "Skipped";
        }

        d.Status = reason == EndReason.Failure ? "Failed" : "Stopped";
        d.ErrorCode = code;
        d.ErrorMessage = message;
        d.CompleteTime = t;
        run.StageIndex = run.Stages.Count;
        SetTarget(run, "Failed", t);

        var trigger = reason switch
        {
            EndReason.Alarm => "DEPLOYMENT_STOP_ON_ALARM",
            EndReason.Request => "DEPLOYMENT_STOP_ON_REQUEST",
            _ => "DEPLOYMENT_FAILURE",
        };
        var rollback = !run.IsRollback
            && (rollbackOverride ?? (run.AutoRollbackEnabled && run.AutoRollbackEvents.Contains(trigger)));
        if (rollback)
        {
            RollbackFactory.Start(world, d, run, t, code);
        }

        // Without a rollback nothing is restored: the green task set keeps whatever traffic it had, as CodeDeploy leaves it.
        return rollback;
    }

    private static void SetTarget(DeploymentRun run, string status, DateTimeOffset t)
    {
        run.TargetStatus = status;
        run.TargetUpdatedAt = t;
    }

    private DeploymentGroupState? Group(DeploymentState d) =>
        world.Applications.TryGetValue(d.ApplicationName, out var app) && app.Groups.TryGetValue(d.GroupName, out var g) ? g : null;

    private bool TaskDefinitionHasContainer(string arn, string container)
    {
        var td = world.TaskDefinitions.Values.SelectMany(v => v).FirstOrDefault(x => x.Arn == arn);
        if (td?.Definition["containerDefinitions"] is not JsonArray containers)
        {
            return true;
        }

        return containers.Any(c => c?["name"]?.GetValue<string>() == container);
    }
}
