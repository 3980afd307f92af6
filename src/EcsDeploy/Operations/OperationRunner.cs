using EcsDeploy.Aws;
using EcsDeploy.Aws.CodeDeploy;
using EcsDeploy.CodeDeploy;
using EcsDeploy.Deploy;
using EcsDeploy.EcsController;
using EcsDeploy.EcsController.Operations;
using EcsDeploy.Runtime;

namespace EcsDeploy.Operations;

/// <summary>The entry of rollback, stop, continue and status: validates every input before any AWS call, builds the clients, runs the command.</summary>
public static class OperationRunner
{
    /// <summary>Runs the operation named by the 'command' input; returns the exit code (see <see cref="ExitCodes"/>).</summary>
    public static async Task<int> RunAsync(ActionHost host, InputReader reader, IJobLog log, IActionOutputs outputs, IStepSummary summary, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(log);
        // An unknown command is the only problem worth reporting: the other inputs depend on it.
        if (reader.Errors.Count > 0)
        {
            return Invalid(log, reader.Errors);
        }

        var inputs = CommandInputs.Read(reader) with
        {
            Region = DeployInputs.ParseRegion(reader, host.Environment, host.FallbackRegion),
            MaxAttempts = DeployInputs.ParseMaxRetries(reader) + 1,
        };
        if (reader.Errors.Count > 0)
        {
            return Invalid(log, reader.Errors);
        }

        ActionRunner.PrintAdjustments(reader, log);
        var apis = host.CreateAws(new AwsSettings(inputs.Region, inputs.MaxAttempts) { OnNotice = log.Info });
        using (apis.Owner)
        {
            // The controller is chosen once, from the service: ECS services take their own path; CODE_DEPLOY services,
            // and steps that name only the CodeDeploy application and group, take the CodeDeploy path below.
            if (await ControllerDispatch.ChooseAsync(inputs, apis, log, cancellationToken).ConfigureAwait(false) is { } choice)
            {
                return choice.ExitCode ?? await EcsOperationRunner.RunAsync(inputs, choice.EcsService!, apis, Followers(host, apis, log, inputs),
                    log, outputs, summary, host.Time, cancellationToken).ConfigureAwait(false);
            }

            DeploymentGroupInfo group;
            try
            {
                group = await apis.CodeDeploy.GetDeploymentGroupAsync(inputs.Target.Application, inputs.Target.DeploymentGroup, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException e)
            {
                log.Error($"Reading deployment group '{inputs.Target.GroupName}' failed ({e.ErrorCode}): {e.AwsMessage.ReplaceLineEndings(" ")} Check 'codedeploy-application' and 'codedeploy-deployment-group' (by default AppECS-<cluster>-<service> and DgpECS-<cluster>-<service>).",
                    new AnnotationProperties($"{CommandInputs.Name(inputs.Command)} failed"));
                return ExitCodes.SetupFailed;
            }

            // As for a deploy: the group's ready wait and termination wait come on top of wait-for-minutes.
            var blueGreen = group.BlueGreenDeploymentConfiguration;
            var terminationWait = blueGreen?.TerminateBlueInstancesOnDeploymentSuccess?.TerminationWaitTimeInMinutes;
            var minutes = (inputs.Watch.Timeout ?? TimeSpan.FromMinutes(30)).TotalMinutes + (blueGreen?.DeploymentReadyOption?.WaitTimeInMinutes ?? 0) + (terminationWait ?? 0);
            var settings = inputs.Watch with { Timeout = TimeSpan.FromMinutes(Math.Min(minutes, 360)) };
            var follower = new WatcherFollower(new DeploymentWatcher(apis.CodeDeploy, log, host.Time), settings, terminationWait);
            var context = new OperationContext(inputs with { Watch = settings }, apis.CodeDeploy, apis.Ecs, follower, log, outputs, summary, host.Time)
            {
                GroupRollsBack = group.AutoRollbackConfiguration?.Enabled == true,
            };
            return await OperationCommands.RunAsync(context, cancellationToken).ConfigureAwait(false);
        }
    }

    private static EcsOperationRunner.FollowerFactory Followers(ActionHost host, ActionApis apis, IJobLog log, OperationInputs inputs) =>
        (_, settings) => new WatcherServiceDeploymentFollower(new ServiceDeploymentWatcher(apis.Ecs, apis.EcsDeployments, log, host.Time),
            new EcsWatchSettings(inputs.Target.Cluster, inputs.Target.Service, settings.PollInterval, settings.MaxDelay, settings.Timeout) { FixedInterval = settings.FixedInterval });

    private static int Invalid(IJobLog log, IReadOnlyList<string> problems)
    {
        foreach (var problem in problems)
        {
            log.Error(problem, new AnnotationProperties("Invalid input"));
        }

        return ExitCodes.InvalidInput;
    }
}
