using System.Text.Json.Nodes;
using EcsDeploy.Aws;
using EcsDeploy.Aws.Ecs;
using EcsDeploy.CodeDeploy;
using EcsDeploy.Deploy;
using EcsDeploy.Runtime;

namespace EcsDeploy.RunTask;

/// <summary>Where a one-off task runs and how long the action waits for it.</summary>
public sealed record OneOffTaskTarget(string Cluster, string Region, string TaskDefinitionArn, TimeSpan PollInterval, TimeSpan Timeout)
{
    /// <summary>The service's awsvpc network, used when the run-task inputs give none.</summary>
    public AwsVpcConfiguration? ServiceNetwork { get; init; }
}

/// <summary>
/// Runs the one-off task (run-task) with the new revision before the deployment, and with wait-for-task-stopped waits
/// for it to stop. A task the action started is never left running when the run is cancelled or the wait runs out.
/// </summary>
public sealed class OneOffTask(IEcsApi ecs, IJobLog log, IActionOutputs outputs, TimeProvider time)
{
    /// <summary>How long RunTask may take, whatever happens to the run meanwhile (a cancel shortens it to the cancel budget).</summary>
    public static readonly TimeSpan StartBudget = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Makes the RunTask clientToken, once per run of this step: every retry of the call carries the same token, so ECS
    /// answers a retry after a lost answer with the tasks it already started instead of starting more.
    /// </summary>
    public Func<string> NewClientToken { get; init; } = static () => Guid.NewGuid().ToString("N");

    /// <summary>Runs the task; null when the deployment may go on, else the exit code to end the run with.</summary>
    public async Task<int?> RunAsync(RunTaskInputs inputs, OneOffTaskTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(target);
        var request = inputs.ToRequest(target.Cluster, target.TaskDefinitionArn, target.ServiceNetwork);
        if (inputs.Subnets.Count == 0 && inputs.SecurityGroups.Count == 0 && request["networkConfiguration"] is not null)
        {
            log.Info("The one-off task uses the service's subnets and security groups (run-task-subnets and run-task-security-groups are not given).");
        }

        request["clientToken"] = NewClientToken();
        var started = await StartAsync(request, target, cancellationToken).ConfigureAwait(false);
        if (started is null)
        {
            return ExitCodes.Cancelled;
        }

        if (started.Failures.Count > 0 || started.Tasks.Count == 0)
        {
            var failure = started.Failures.Count > 0 ? started.Failures[0] : null;
            var why = failure is null ? "ECS started no task" : $"{failure.Reason}{(failure.Detail is { } d ? $" ({d})" : "")}{(failure.Arn is { } a ? $" for {a}" : "")}";
            log.Error($"Running the one-off task of {target.TaskDefinitionArn} failed: {why}. Check the cluster's capacity and the run-task inputs; the deployment was not started.", new AnnotationProperties("One-off task not started"));
            return ExitCodes.SetupFailed;
        }

        var arns = started.Tasks.Select(t => t.TaskArn).ToList();
        outputs.Set("run-task-arn", new JsonArray([.. arns.Select(a => (JsonNode)a)]).ToJsonString());
        foreach (var arn in arns)
        {
            log.Info($"Started one-off task {arn}: {Link(target, arn)}");
        }

        if (cancellationToken.IsCancellationRequested)
        {
            var stopped = await StopAllAsync(target, arns, "the GitHub Actions run was cancelled", CancellationToken.None).ConfigureAwait(false);
            log.Error($"The run was cancelled while the one-off task was starting; {stopped} No deployment was started.", new AnnotationProperties("Deployment cancelled"));
            return ExitCodes.Cancelled;
        }

        if (!inputs.WaitForStopped)
        {
            log.Info("Not waiting for the one-off task (wait-for-task-stopped is false); the deployment starts now.");
            return null;
        }

        try
        {
            return await WaitAsync(target, arns, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            var stopped = await StopAllAsync(target, arns, "the GitHub Actions run was cancelled", CancellationToken.None).ConfigureAwait(false);
            log.Error($"The run was cancelled while the one-off task ran; {stopped} No deployment was started.", new AnnotationProperties("Deployment cancelled"));
            return ExitCodes.Cancelled;
        }
        catch (AwsServiceException)
        {
            // The wait cannot go on: leave no task behind, then report the AWS error as any other.
            log.Info(await StopAllAsync(target, arns, "the action could not follow the task", cancellationToken).ConfigureAwait(false));
            throw;
        }
    }

    // RunTask is not aborted by a cancelled run at once: ECS may start the task even when the answer is cut off, and
    // then nobody could stop it. The call gets the cancel budget to finish, and the caller stops what it started.
    // Null when the run was cancelled and the answer did not come within the budget.
    private async Task<EcsTaskResult?> StartAsync(JsonObject request, OneOffTaskTarget target, CancellationToken cancellationToken)
    {
        using var budget = new CancellationTokenSource(StartBudget);
        using var onCancel = cancellationToken.Register(static state => ((CancellationTokenSource)state!).CancelAfter(EcsDeploy.CancelBudget.Value), budget);
        try
        {
            return await ecs.RunTaskAsync(request, budget.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            log.Error($"The run was cancelled while ECS was starting the one-off task, and its answer did not come within {EcsDeploy.CancelBudget.Value.TotalSeconds:0} seconds; a task of {target.TaskDefinitionArn} may be running: check the cluster's tasks and stop it. No deployment was started.", new AnnotationProperties("Deployment cancelled"));
            return null;
        }
        catch (OperationCanceledException e) when (budget.IsCancellationRequested)
        {
            throw new AwsServiceException(AwsService.Ecs.Name, "RunTask", AwsRetry.TimeoutErrorCode, $"ECS did not answer within {StartBudget.TotalSeconds:0} seconds; a task of {target.TaskDefinitionArn} may have started: check the cluster's tasks.", null, 0, e);
        }
    }

    private async Task<int?> WaitAsync(OneOffTaskTarget target, List<string> arns, CancellationToken cancellationToken)
    {
        var start = time.GetUtcNow();
        var deadline = start + target.Timeout;
        var statuses = (IReadOnlyDictionary<string, string>)new Dictionary<string, string>(StringComparer.Ordinal);
        while (true)
        {
            var described = await ecs.DescribeTasksAsync(target.Cluster, arns, cancellationToken).ConfigureAwait(false);
            if (described.Failures is [var missing, ..])
            {
                log.Error($"One-off task {missing.Arn} could not be described ({missing.Reason}); the deployment was not started.", new AnnotationProperties("One-off task failed"));
                return ExitCodes.DeploymentFailed;
            }

            var step = TaskProgress.Step(statuses, described.Tasks, arns);
            statuses = step.Statuses;
            // Timed like the deployment watch; Untrusted because stoppedReason and container reasons come from the task.
            var elapsed = DeploymentWatcher.FormatElapsed(time.GetUtcNow() - start);
            foreach (var line in step.Lines)
            {
                log.Untrusted($"{elapsed} {line}");
            }

            if (step.AllStopped)
            {
                return Verdict(described.Tasks);
            }

            var left = deadline - time.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                var limit = DeploymentWatch.FormatDuration(target.Timeout);
                var stopped = await StopAllAsync(target, arns, $"it did not stop within {limit}", cancellationToken).ConfigureAwait(false);
                log.Error($"The one-off task did not stop within {limit} (wait-for-minutes); {stopped} No deployment was started; raise 'wait-for-minutes' if the task needs longer.", new AnnotationProperties("One-off task timed out"));
                return ExitCodes.TimedOut;
            }

            await Task.Delay(left < target.PollInterval ? left : target.PollInterval, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private int? Verdict(IReadOnlyList<EcsTask> tasks)
    {
        var failures = TaskProgress.Failures(tasks);
        if (failures.Count == 0)
        {
            log.Info("The one-off task exited with 0; starting the deployment.");
            return null;
        }

        log.Error($"The one-off task failed: {string.Join("; ", failures)}. The deployment was not started.", new AnnotationProperties("One-off task failed"));
        return ExitCodes.DeploymentFailed;
    }

    // Stops every task that may still run; returns the sentence that says what happened. On cancel the budget is fresh and short.
    private async Task<string> StopAllAsync(OneOffTaskTarget target, List<string> arns, string why, CancellationToken cancellationToken)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(EcsDeploy.CancelBudget.Value);
        var problems = new List<string>();
        foreach (var arn in arns)
        {
            try
            {
                await ecs.StopTaskAsync(target.Cluster, arn, $"Stopped by the deploy action: {why}", budget.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is AwsServiceException or OperationCanceledException or HttpRequestException)
            {
                problems.Add($"{TaskProgress.Id(arn)} ({e.Message})");
            }
        }

        return problems.Count == 0
            ? $"the task was stopped ({string.Join(", ", arns.Select(TaskProgress.Id))})."
            : $"stopping the task failed for {string.Join(", ", problems)}; stop it in the console: {Link(target, arns[0])}.";
    }

    /// <summary>The console page of a task.</summary>
    public static Uri Link(OneOffTaskTarget target, string taskArn)
    {
        ArgumentNullException.ThrowIfNull(target);
        var cluster = target.Cluster.StartsWith("arn:", StringComparison.Ordinal) ? target.Cluster[(target.Cluster.LastIndexOf('/') + 1)..] : target.Cluster;
        return new Uri($"https://{target.Region}.{AwsConsole.Host(target.Region)}/ecs/v2/clusters/{Uri.EscapeDataString(cluster)}/tasks/{Uri.EscapeDataString(TaskProgress.Id(taskArn))}/configuration?region={Uri.EscapeDataString(target.Region)}");
    }
}
