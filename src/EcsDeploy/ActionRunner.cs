using EcsDeploy.Aws.Ecr;
using EcsDeploy.Aws.Ecs;
using EcsDeploy.Deploy;
using EcsDeploy.Operations;
using EcsDeploy.Runtime;
using EcsDeploy.TaskDefinitions;

namespace EcsDeploy;

/// <summary>The action's entry point after Program: reads the inputs, validates all of them, then deploys.</summary>
public static class ActionRunner
{
    /// <summary>Runs the action; returns the process exit code (see <see cref="ExitCodes"/>).</summary>
    public static async Task<int> RunAsync(ActionHost host, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        var runner = ActionEnvironment.From(host.Environment);
        var log = new WorkflowCommandLog(host.Output, runner.IsDebug, host.StopTokens);
        MaskCredentials(host.Environment, log);
        try
        {
            var outputs = new GitHubOutputFile(runner.OutputPath, log);
            var summary = new StepSummaryFile(runner.StepSummaryPath);
            var reader = new InputReader(host.Environment);
            if (CommandInputs.ReadCommand(reader) != OperationCommand.Deploy || reader.Errors.Count > 0)
            {
                return await OperationRunner.RunAsync(host, reader, log, outputs, summary, cancellationToken).ConfigureAwait(false);
            }

            var inputs = DeployInputs.Parse(reader, host.Environment, runner, host.FallbackRegion);
            var problems = reader.Errors.ToList();
            if (inputs is not null)
            {
                // Local checks of the task definition run with clients that refuse to call AWS.
                var context = new TaskDefinitionContext(runner.Workspace, runner.RunnerTemp ?? Path.GetTempPath());
                problems.AddRange(new TaskDefinitionPreparer(NoAws.Instance, NoAws.Instance, log, summary, context).ValidateLocal(inputs.TaskDefinition));
            }

            if (inputs is null || problems.Count > 0)
            {
                foreach (var problem in problems)
                {
                    log.Error(problem, InputFileProblem.Annotation(problem, "Invalid input", runner.Workspace));
                }

                return ExitCodes.InvalidInput;
            }

            var apis = host.CreateAws(new AwsSettings(inputs.Region, inputs.MaxRetries + 1) { OnNotice = log.Info });
            using (apis.Owner)
            {
                var command = new DeployCommand(new DeployContext(log, outputs, summary, host.Time, apis, runner));
                return await command.RunAsync(inputs, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            log.Error("The run was cancelled.", new AnnotationProperties("Deployment cancelled"));
            return ExitCodes.Cancelled;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or FormatException)
        {
            // A bug or an unusable runner file: one line for people, the trace only under debug.
            log.Error($"The action failed: {e.Message}", new AnnotationProperties("Unexpected error"));
            log.Debug(e.ToString());
            return ExitCodes.SetupFailed;
        }
    }

    /// <summary>The secrets of the credential chain's environment variables never appear in the log, whatever prints them.</summary>
    private static void MaskCredentials(IReadOnlyDictionary<string, string> environment, WorkflowCommandLog log)
    {
        foreach (var name in (string[])["AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"])
        {
            if (environment.TryGetValue(name, out var value))
            {
                log.Mask(value);
            }
        }
    }

    /// <summary>Stands in for AWS during local validation; any call is a bug.</summary>
    private sealed class NoAws : IEcsApi, IEcrApi
    {
        public static readonly NoAws Instance = new();

        public Task<EcsService?> DescribeServiceAsync(string cluster, string service, CancellationToken cancellationToken) => throw Refused();
        public Task<RegisteredTaskDefinition> RegisterTaskDefinitionAsync(System.Text.Json.Nodes.JsonObject request, CancellationToken cancellationToken) => throw Refused();
        public Task<RegisteredTaskDefinition> DescribeTaskDefinitionAsync(string taskDefinition, CancellationToken cancellationToken) => throw Refused();
        public Task<EcsTaskResult> RunTaskAsync(System.Text.Json.Nodes.JsonObject request, CancellationToken cancellationToken) => throw Refused();
        public Task<EcsTaskResult> DescribeTasksAsync(string cluster, IReadOnlyList<string> tasks, CancellationToken cancellationToken) => throw Refused();
        public Task<EcsTask> StopTaskAsync(string cluster, string task, string reason, CancellationToken cancellationToken) => throw Refused();
        public Task<EcrImageDetail> DescribeImageAsync(string region, string registryId, string repositoryName, string? imageTag, string? imageDigest, CancellationToken cancellationToken) => throw Refused();

        private static InvalidOperationException Refused() => new("Input validation must not call AWS.");
    }
}
