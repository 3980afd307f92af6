using EcsDeploy.Aws.Ecr;
using EcsDeploy.Aws.Ecs;
using EcsDeploy.Deploy;
using EcsDeploy.Operations;
using EcsDeploy.Reporting;
using EcsDeploy.Runtime;
using EcsDeploy.TaskDefinitions;

namespace EcsDeploy;

/// <summary>The action's entry point after Program: reads the inputs, validates all of them, then deploys.</summary>
public static class ActionRunner
{
    /// <summary>Runs the action; returns the process exit code (see <see cref="ExitCodes"/>). Every ending leaves a step summary.</summary>
    public static async Task<int> RunAsync(ActionHost host, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        var runner = ActionEnvironment.From(host.Environment);
        // On a runner the log speaks workflow commands; anywhere else (a terminal, examples/run-local.sh) it prints for people.
        IJobLog output = runner.IsGitHubActions ? new WorkflowCommandLog(host.Output, runner.IsDebug, host.StopTokens) : new TerminalLog(host.Output, runner.IsDebug);
        var report = new StepReport(new StepSummaryFile(runner.StepSummaryPath), host.Time) { Facts = RunFactsOf(runner, host.Environment) };
        var exitCode = await RunAsync(host, runner, new ReportingJobLog(output, report), report, cancellationToken).ConfigureAwait(false);
        try
        {
            report.Flush(exitCode);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            output.Warning($"The step summary could not be written: {e.Message}", new AnnotationProperties("No step summary"));
        }

        return exitCode;
    }

    private static async Task<int> RunAsync(ActionHost host, ActionEnvironment runner, ReportingJobLog log, StepReport summary, CancellationToken cancellationToken)
    {
        MaskCredentials(host.Environment, log);
        try
        {
            var outputs = new GitHubOutputFile(runner.OutputPath, log);
            var reader = new InputReader(host.Environment);
            foreach (var undeclared in UndeclaredInputs.Find(host.Environment, CommandInputs.DeclaredInputs))
            {
                reader.AddError(undeclared);
            }

            if (CommandInputs.ReadCommand(reader) != OperationCommand.Deploy || reader.Errors.Count > 0)
            {
                return await OperationRunner.RunAsync(host, reader, log, outputs, summary, cancellationToken).ConfigureAwait(false);
            }

            var inputs = DeployInputs.Parse(reader, host.Environment, runner, host.FallbackRegion);
            var problems = reader.Errors.ToList();
            if (inputs is not null)
            {
                // Local checks of the task definition run with clients that refuse to call AWS.
                var context = TaskDefinitionContext.ForWorkspace(runner.Workspace);
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

            PrintAdjustments(reader, log);
            var apis = host.CreateAws(new AwsSettings(inputs.Region, inputs.MaxRetries + 1) { OnNotice = log.Info });
            using (apis.Owner)
            {
                if (inputs.RegisterOnly)
                {
                    return await new RegisterOnlyCommand(new DeployContext(log, outputs, summary, host.Time, apis, runner)).RunAsync(inputs, cancellationToken).ConfigureAwait(false);
                }

                var command = new DeployCommand(new DeployContext(log, outputs, summary, host.Time, apis, runner));
                return await command.RunAsync(inputs, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            log.Error("The run was cancelled.", new AnnotationProperties("Deployment cancelled"));
            return ExitCodes.Cancelled;
        }
        catch (ArgumentException e) when (e.ParamName is null)
        {
            // An AWS setting from the environment or the shared config file (AWS_RETRY_MODE, AWS_CA_BUNDLE, ...), read
            // as the clients are built and before any AWS call; the message names the variable and its value.
            log.Error(e.Message, new AnnotationProperties("Invalid AWS setting"));
            return ExitCodes.InvalidInput;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or FormatException)
        {
            // A bug or an unusable runner file: one line for people, the trace only under debug.
            log.Error($"The action failed: {e.Message}", new AnnotationProperties("Unexpected error"));
            log.Debug(e.ToString());
            return ExitCodes.SetupFailed;
        }
    }

    /// <summary>Warnings and notices the input parsing left (a deprecated input, a capped value), printed once the inputs are valid.</summary>
    internal static void PrintAdjustments(InputReader reader, IJobLog log)
    {
        foreach (var warning in reader.Warnings)
        {
            log.Warning(warning, new AnnotationProperties("Input deprecated"));
        }

        foreach (var notice in reader.Notices)
        {
            log.Notice(notice, new AnnotationProperties("Input adjusted"));
        }
    }

    /// <summary>The secrets of the credential chain's environment variables never appear in the log, whatever prints them.</summary>
    private static void MaskCredentials(IReadOnlyDictionary<string, string> environment, ReportingJobLog log)
    {
        foreach (var name in (string[])["AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"])
        {
            if (environment.TryGetValue(name, out var value))
            {
                log.Mask(value);
            }
        }
    }

    /// <summary>The commit and, when the inputs name them plainly, the service and cluster: known before any AWS call.</summary>
    private static RunFacts RunFactsOf(ActionEnvironment runner, IReadOnlyDictionary<string, string> environment)
    {
        string? Input(string name) => environment.TryGetValue($"INPUT_{name.ToUpperInvariant()}", out var value) && value.Trim().Length > 0 ? value.Trim() : null;
        return new RunFacts
        {
            Service = Input("service"),
            Cluster = Input("service") is null ? null : Input("cluster") ?? "default",
            Commit = runner.Sha,
            CommitUrl = runner.Sha is { } sha && runner.Repository is { } repository ? new Uri($"{runner.ServerUrl.TrimEnd('/')}/{repository}/commit/{sha}") : null,
            Ref = runner.RefName,
        };
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
