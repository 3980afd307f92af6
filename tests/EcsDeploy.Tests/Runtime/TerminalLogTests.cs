using EcsDeploy.Deploy;
using EcsDeploy.Runtime;
using EcsDeploy.Tests.Integration;
using EcsDeploy.Tests.Support;

namespace EcsDeploy.Tests.Runtime;

/// <summary>Outside GitHub Actions the log is for a terminal: headings, marked errors and warnings, no workflow commands, no secrets.</summary>
public sealed class TerminalLogTests
{
    [Fact]
    public void Log_GroupsErrorsWarnings_RenderedForATerminal()
    {
        var output = new StringWriter();
        var log = new TerminalLog(output, debugEnabled: false);

        using (log.Group("AppSpec from appspec.yaml"))
        {
            log.Untrusted("{ \"version\": 0.0 }");
        }

        log.Warning("Field 'revision' is set by ECS.", new AnnotationProperties("Ignored", "taskdef.json"));
        log.Error("Deployment d-1: Install failed.\nCodeDeploy says Failed.", new AnnotationProperties("Deployment failed"));
        log.Notice("Nothing to stop.");
        log.Debug("not shown");

        Assert.Equal(
            "\n── AppSpec from appspec.yaml ──\n{ \"version\": 0.0 }\n\n" +
            "warning: Ignored (taskdef.json): Field 'revision' is set by ECS.\n" +
            "error: Deployment failed: Deployment d-1: Install failed.\n    CodeDeploy says Failed.\n" +
            "notice: Nothing to stop.\n",
            output.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Mask_Secret_NeverEchoedAndReplacedLater()
    {
        var output = new StringWriter();
        var log = new TerminalLog(output, debugEnabled: true);

        log.Mask("s3cr3t/KEY\nsecond-line");
        log.Info("key is s3cr3t/KEY and second-line");
        log.Debug("again s3cr3t/KEY");

        Assert.Equal("key is *** and ***\ndebug: again ***\n", output.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task RunAsync_OutsideGitHubActions_PrintsNoWorkflowCommandsAndNoSecret()
    {
        using var workspace = new TempDirectory();
        var output = new StringWriter();
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["GITHUB_ACTIONS"] = "false",
            ["GITHUB_WORKSPACE"] = workspace.Path,
            ["GITHUB_STEP_SUMMARY"] = workspace.File("summary.md"),
            ["AWS_SECRET_ACCESS_KEY"] = "sandbox/secret/EXAMPLEKEY0000000000000",
            ["INPUT_SERVICE"] = "web",
            ["INPUT_REGION"] = "us-east-1",
            ["INPUT_WAIT-FOR-MINUTES"] = "soon",
        };
        var host = new ActionHost(environment, output, new VirtualClock(), _ => throw new InvalidOperationException("No AWS client for invalid inputs."));

        var exit = await ActionRunner.RunAsync(host, CancellationToken.None);

        var log = output.ToString();
        Assert.Equal(ExitCodes.InvalidInput, exit);
        Assert.DoesNotContain(log.Split('\n'), line => line.TrimStart().StartsWith("::", StringComparison.Ordinal));
        Assert.DoesNotContain("EXAMPLEKEY", log, StringComparison.Ordinal);
        Assert.Contains("error: Invalid input: Input 'wait-for-minutes'", log, StringComparison.Ordinal);
        Assert.StartsWith("### ⚠️ Invalid input: 1 input to fix", File.ReadAllText(workspace.File("summary.md")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_InvalidAwsSetting_OneLineBeforeAnyAwsCall()
    {
        using var workspace = new TempDirectory();
        File.WriteAllText(workspace.File("taskdef.json"), """{"family":"web","containerDefinitions":[{"name":"web","image":"nginx"}]}""");
        var output = new StringWriter();
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["GITHUB_WORKSPACE"] = workspace.Path,
            ["RUNNER_TEMP"] = workspace.Path,
            ["GITHUB_STEP_SUMMARY"] = workspace.File("summary.md"),
            ["AWS_RETRY_MODE"] = "fast",
            ["INPUT_TASK-DEFINITION"] = "taskdef.json",
            ["INPUT_SERVICE"] = "web",
            ["INPUT_REGION"] = "us-east-1",
        };
        // As Program builds the clients: the settings come from the same environment dictionary.
        var host = new ActionHost(environment, output, new VirtualClock(), settings =>
        {
            var apis = EcsDeploy.Aws.AwsClients.Create(new EcsDeploy.Aws.AwsClientOptions
            {
                Region = settings.Region,
                Credentials = new Amazon.Runtime.AnonymousAWSCredentials(),
                Environment = environment,
            });
            return new ActionApis(apis.Ecs, apis.CodeDeploy, apis.Ecr, apis);
        });

        var exit = await ActionRunner.RunAsync(host, CancellationToken.None);

        Assert.Equal(ExitCodes.InvalidInput, exit);
        Assert.Equal("error: Invalid AWS setting: AWS_RETRY_MODE is 'fast', which is not legacy, standard or adaptive; set one of them or unset it.\n", output.ToString().ReplaceLineEndings("\n"));
        Assert.StartsWith("### ⚠️ Invalid input: 1 input to fix", File.ReadAllText(workspace.File("summary.md")), StringComparison.Ordinal);
    }
}
