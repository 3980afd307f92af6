using EcsDeploy.Aws;
using EcsDeploy.Aws.CodeDeploy;
using EcsDeploy.Deploy;
using EcsDeploy.Tests.Integration;
using EcsDeploy.Tests.Support;

namespace EcsDeploy.Tests.Deploy;

public sealed class ActionRunnerTests : IDisposable
{
    private readonly TempDirectory _workspace = new();
    private readonly FakeEcs _ecs = new();
    private readonly ScriptedCodeDeploy _codeDeploy = new();
    private readonly StringWriter _output = new();
    private readonly Dictionary<string, string> _environment;
    private int _clientsCreated;

    public ActionRunnerTests()
    {
        File.WriteAllText(_workspace.File("taskdef.json"), """{"family":"web","containerDefinitions":[{"name":"web","image":"nginx"}]}""");
        _environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["GITHUB_ACTIONS"] = "true",
            ["GITHUB_WORKSPACE"] = _workspace.Path,
            ["GITHUB_OUTPUT"] = _workspace.File("output.txt"),
            ["GITHUB_STEP_SUMMARY"] = _workspace.File("summary.md"),
            ["INPUT_TASK-DEFINITION"] = "taskdef.json",
            ["INPUT_SERVICE"] = "web",
            ["INPUT_REGION"] = "us-east-1",
        };
    }

    public void Dispose() => _workspace.Dispose();

    private string Log => _output.ToString();

    private string Outputs => File.Exists(_workspace.File("output.txt")) ? File.ReadAllText(_workspace.File("output.txt")) : "";

    private AwsSettings? _settings;
    private Func<string?>? _fallbackRegion;

    private async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        var host = new ActionHost(_environment, _output, new VirtualClock(), settings =>
        {
            _clientsCreated++;
            _settings = settings;
            return new ActionApis(_ecs, _codeDeploy, _ecs);
        })
        {
            FallbackRegion = _fallbackRegion,
        };
        return await ActionRunner.RunAsync(host, cancellationToken);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("0", 1)]
    [InlineData("4", 5)]
    [InlineData("25", 11)]
    public async Task RunAsync_MaxRetries_GivenOrLeftToTheSdk(string? maxRetries, int? expectedAttempts)
    {
        if (maxRetries is not null)
        {
            _environment["INPUT_MAX-RETRIES"] = maxRetries;
        }

        _codeDeploy.Then(new DeploymentInfo { DeploymentId = "d-1", Status = "Succeeded" });

        Assert.Equal(ExitCodes.Succeeded, await RunAsync());
        Assert.Equal(expectedAttempts, _settings!.MaxAttempts);
    }

    [Fact]
    public async Task RunAsync_NoRegionInInputsOrEnvironment_UsesTheSdkRegionChain()
    {
        _environment.Remove("INPUT_REGION");
        _fallbackRegion = () => "ap-southeast-2";
        _codeDeploy.Then(new DeploymentInfo { DeploymentId = "d-1", Status = "Succeeded" });

        Assert.Equal(ExitCodes.Succeeded, await RunAsync());
        Assert.Equal("ap-southeast-2", _settings!.Region);
    }

    [Fact]
    public async Task RunAsync_RegionInEnvironment_SdkRegionChainNotAsked()
    {
        _environment.Remove("INPUT_REGION");
        _environment["AWS_REGION"] = "eu-central-1";
        _fallbackRegion = () => throw new InvalidOperationException("The SDK chain must not be asked.");
        _codeDeploy.Then(new DeploymentInfo { DeploymentId = "d-1", Status = "Succeeded" });

        Assert.Equal(ExitCodes.Succeeded, await RunAsync());
        Assert.Equal("eu-central-1", _settings!.Region);
    }

    [Theory]
    [InlineData("INPUT_CODEDEPLOY-APPSPEC", "deploy/appspec.yml", "Input 'codedeploy-appspec' value 'deploy/appspec.yml' names no file")]
    [InlineData("INPUT_TASK-DEFINITION-REVISION", "3", "Input 'task-definition-revision' value '3' is given without 'task-definition-family'")]
    [InlineData("INPUT_COMMAND", "rollback", "Input 'command' value 'rollback' is the container command (as in the render action), no longer the operation; write 'operation: rollback' instead")]
    [InlineData("INPUT_OPERATION", "undo", "Input 'operation' value 'undo' is not one of deploy, rollback, stop, continue, status.")]
    [InlineData("INPUT_WAIT-MAX-DELAY-SECONDS", "-5", "Input 'wait-max-delay-seconds' value '-5' is negative")]
    [InlineData("INPUT_TASK_DEFINITION", "taskdef.json", "Input 'task_definition' (variable INPUT_TASK_DEFINITION) is not an input of this action; did you mean 'task-definition'?")]
    [InlineData("INPUT_WAIT-FOR-MINUTE", "20", "Input 'wait-for-minute' (variable INPUT_WAIT-FOR-MINUTE) is not an input of this action; did you mean 'wait-for-minutes'?")]
    [InlineData("INPUT_TASK-DEFINITION-FAMILY", "web", "Inputs 'task-definition' and 'task-definition-family' both name a task definition")]
    [InlineData("INPUT_TASK-DEFINITION", "missing.json", "missing.json")]
    [InlineData("INPUT_REGION", "US_EAST", "Input 'region' value 'US_EAST'")]
    [InlineData("INPUT_SERVICE", "web prod", "Input 'service' value 'web prod' is not an ECS service name or ARN")]
    [InlineData("INPUT_SERVICE", "arn:aws:ecs:us-east-1:123456789012:cluster/prod", "Input 'service' value 'arn:aws:ecs:us-east-1:123456789012:cluster/prod'")]
    [InlineData("INPUT_CLUSTER", "prod/eu", "Input 'cluster' value 'prod/eu' is not an ECS cluster name or ARN")]
    [InlineData("INPUT_WAIT-UNTIL", "forever", "Input 'wait-until' value 'forever'")]
    [InlineData("INPUT_POLL-INTERVAL", "0", "Input 'poll-interval' value '0'")]
    [InlineData("INPUT_WAIT-FOR-MINUTES", "abc", "Input 'wait-for-minutes' value 'abc'")]
    [InlineData("INPUT_ROLLBACK-ON-CANCEL", "yes", "Input 'rollback-on-cancel' value 'yes'")]
    [InlineData("INPUT_CODEDEPLOY-HOOKS", "Install=fn", "Input 'codedeploy-hooks' value 'Install=fn'")]
    [InlineData("INPUT_WAIT-FOR-SERVICE-STABILITY", "maybe", "Input 'wait-for-service-stability' value 'maybe'")]
    public async Task RunAsync_InvalidInput_ReportsItAndCallsNoAws(string variable, string value, string expected)
    {
        _environment[variable] = value;

        var exit = await RunAsync();

        Assert.Equal(ExitCodes.InvalidInput, exit);
        Assert.Contains(expected, Log, StringComparison.Ordinal);
        Assert.Contains("::error title=Invalid input::", Log, StringComparison.Ordinal);
        Assert.Equal(0, _clientsCreated);
        Assert.Empty(_ecs.Calls);
        Assert.Empty(_codeDeploy.Calls);
    }

    [Fact]
    public async Task RunAsync_SeveralInvalidInputs_ReportsAllAtOnce()
    {
        _environment.Remove("INPUT_SERVICE");
        _environment.Remove("INPUT_TASK-DEFINITION");
        _environment["INPUT_REGION"] = "mars";
        _environment["INPUT_MAX-RETRIES"] = "-1";
        File.WriteAllText(_workspace.File("appspec.yaml"), "Resources: [\n");

        var exit = await RunAsync();

        Assert.Equal(ExitCodes.InvalidInput, exit);
        Assert.Equal(4, Log.Split('\n').Count(l => l.StartsWith("::error", StringComparison.Ordinal)));
        Assert.Contains("codedeploy-appspec", Log, StringComparison.Ordinal);
        Assert.Equal(0, _clientsCreated);
    }

    [Fact]
    public async Task RunAsync_NoRegionAnywhere_SaysHowToSetIt()
    {
        _environment.Remove("INPUT_REGION");

        Assert.Equal(ExitCodes.InvalidInput, await RunAsync());
        Assert.Contains("AWS_REGION", Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_CredentialsInEnvironment_SecretsAreMaskedFirst()
    {
        _environment["AWS_SECRET_ACCESS_KEY"] = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        _environment["AWS_SESSION_TOKEN"] = "FwoGZXIvYXdzEXAMPLETOKEN";
        _environment["INPUT_WAIT-UNTIL"] = "forever";

        await RunAsync();

        var lines = Log.Split('\n');
        Assert.Equal("::add-mask::wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", lines[0]);
        Assert.Equal("::add-mask::FwoGZXIvYXdzEXAMPLETOKEN", lines[1]);
    }

    [Fact]
    public async Task RunAsync_RegionFromEnvironment_IsUsed()
    {
        _environment.Remove("INPUT_REGION");
        _environment["AWS_REGION"] = "eu-central-1";
        _codeDeploy.Then(new DeploymentInfo { DeploymentId = "d-1", Status = "Succeeded" });

        Assert.Equal(ExitCodes.Succeeded, await RunAsync());
        Assert.Contains("https://eu-central-1.console.aws.amazon.com/codesuite/codedeploy/deployments/d-1?region=eu-central-1", Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ServiceMissing_StopsBeforeRegistering()
    {
        _ecs.Service = null;

        var exit = await RunAsync();

        Assert.Equal(ExitCodes.SetupFailed, exit);
        Assert.Contains("Service 'web' was not found in cluster 'default' (us-east-1)", Log, StringComparison.Ordinal);
        Assert.DoesNotContain("RegisterTaskDefinition", _ecs.Calls);
    }

    [Fact]
    public async Task RunAsync_ExternalController_StopsBeforeRegistering()
    {
        _ecs.Service = _ecs.Service! with { DeploymentController = new global::EcsDeploy.Aws.Ecs.DeploymentController("EXTERNAL") };

        Assert.Equal(ExitCodes.SetupFailed, await RunAsync());
        Assert.Contains("uses the EXTERNAL deployment controller", Log, StringComparison.Ordinal);
        Assert.DoesNotContain("RegisterTaskDefinition", _ecs.Calls);
        Assert.DoesNotContain("CreateDeployment", _codeDeploy.Calls);
    }

    [Fact]
    public async Task RunAsync_Succeeds_SetsOutputsAndSendsAppSpecWithHash()
    {
        _codeDeploy.Then(new DeploymentInfo { DeploymentId = "d-1", Status = "InProgress" }).Then(new DeploymentInfo { DeploymentId = "d-1", Status = "Succeeded" });
        _environment["GITHUB_REPOSITORY"] = "octo/shop";
        _environment["GITHUB_SHA"] = "0123456789abcdef";
        _environment["GITHUB_REF_NAME"] = "main";
        _environment["GITHUB_RUN_ID"] = "42";

        var exit = await RunAsync();

        Assert.Equal(ExitCodes.Succeeded, exit);
        Assert.Equal(["DescribeServices", "RegisterTaskDefinition"], _ecs.Calls);
        Assert.Equal("DgpECS-default-web", _codeDeploy.Created?.DeploymentGroupName);
        Assert.Equal("AppECS-default-web", _codeDeploy.Created?.ApplicationName);
        Assert.Equal("Deployed by GitHub Actions: octo/shop@0123456 (main) https://github.com/octo/shop/actions/runs/42", _codeDeploy.Created?.Description);
        var content = _codeDeploy.Created!.Revision.AppSpecContent!;
        Assert.Contains("task-definition/web:8", content.Content, StringComparison.Ordinal);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(content.Content!))), content.Sha256);
        Assert.Contains("task-definition-arn<<", Outputs, StringComparison.Ordinal);
        Assert.Contains("\nSucceeded\n", Outputs, StringComparison.Ordinal);
        Assert.StartsWith("### ✅ Succeeded: service web runs the new revision", File.ReadAllText(_workspace.File("summary.md")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_NoWait_CreatesAndExitsWithoutWatching()
    {
        _environment["INPUT_WAIT-FOR-SERVICE-STABILITY"] = "false";

        Assert.Equal(ExitCodes.Succeeded, await RunAsync());
        Assert.DoesNotContain("GetDeployment", _codeDeploy.Calls);
        Assert.Contains("codesuite/codedeploy/deployments/d-1", Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_HookFailsAndRollsBack_ErrorNamesEventAndRollback()
    {
        var failed = new LifecycleEvent { LifecycleEventName = "AfterAllowTestTraffic", Status = "Failed", Diagnostics = new Diagnostics { ErrorCode = "ScriptFailed", Message = "smoke test returned 500" } };
        _codeDeploy.Then(new DeploymentInfo
        {
            DeploymentId = "d-1",
            Status = "Failed",
            ErrorInformation = new ErrorInformation("HOOK_FAILED", "A lifecycle hook failed."),
            RollbackInfo = new RollbackInfo("d-2", null, null),
        }, new EcsTarget { LifecycleEvents = [failed] });
        _codeDeploy.Others["d-2"] = new DeploymentInfo { DeploymentId = "d-2", Status = "Succeeded" };

        var exit = await RunAsync();

        Assert.Equal(ExitCodes.DeploymentFailed, exit);
        var error = Assert.Single(Log.Split('\n'), l => l.StartsWith("::error", StringComparison.Ordinal));
        // One short line first (event, message, how the rollback ended), then CodeDeploy's own code below it.
        var lines = error.Split("%0A");
        Assert.StartsWith("::error title=Deployment rolled back::Deployment d-1: AfterAllowTestTraffic failed: smoke test returned 500. Rolled back: d-2 succeeded", lines[0], StringComparison.Ordinal);
        Assert.Contains("CodeDeploy says Failed (HOOK_FAILED)", lines[1], StringComparison.Ordinal);
        Assert.Contains("Lifecycle event AfterAllowTestTraffic: ScriptFailed", lines[^1], StringComparison.Ordinal);
        Assert.Contains("[rollback] Deployment d-2: Succeeded", Log, StringComparison.Ordinal);
        Assert.Contains("rolled-back<<", Outputs, StringComparison.Ordinal);
        Assert.Contains("\ntrue\n", Outputs, StringComparison.Ordinal);
        Assert.Contains("\nd-2\n", Outputs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_StoppedWithoutRollback_SaysStopped()
    {
        _codeDeploy.Group = _codeDeploy.Group with { AutoRollbackConfiguration = new AutoRollbackConfiguration { Enabled = false } };
        _codeDeploy.Then(new DeploymentInfo { DeploymentId = "d-1", Status = "Stopped", ErrorInformation = new ErrorInformation("ALARM_ACTIVE", "alarm 5xx fired") });

        Assert.Equal(ExitCodes.DeploymentFailed, await RunAsync());
        Assert.Contains("::error title=Deployment stopped::Deployment d-1: stopped: alarm 5xx fired. No rollback ran", Log, StringComparison.Ordinal);
        Assert.Contains("%0ACodeDeploy says Stopped (ALARM_ACTIVE).", Log, StringComparison.Ordinal);
        Assert.Contains("\nfalse\n", Outputs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_TimesOut_StopsWithRollback()
    {
        _environment["INPUT_WAIT-FOR-MINUTES"] = "1";
        _codeDeploy.Then(new DeploymentInfo { DeploymentId = "d-1", Status = "InProgress" });

        var exit = await RunAsync();

        Assert.Equal(ExitCodes.TimedOut, exit);
        Assert.Contains("StopDeployment(d-1,True)", _codeDeploy.Calls);
        Assert.Contains("::error title=Deployment timed out::", Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_SucceedsJustAsTheWaitRunsOut_StopIsRefusedAndSuccessIsReported()
    {
        _environment["INPUT_WAIT-FOR-MINUTES"] = "1";
        _codeDeploy.Then(new DeploymentInfo { DeploymentId = "d-1", Status = "InProgress" });
        _codeDeploy.OnStop = () =>
        {
            _codeDeploy.Then(new DeploymentInfo { DeploymentId = "d-1", Status = "Succeeded" });
            throw new AwsServiceException("codedeploy", "StopDeployment", "DeploymentAlreadyCompletedException", "The deployment d-1 has already completed.", null, 400);
        };

        var exit = await RunAsync();

        Assert.True(exit == ExitCodes.Succeeded, Log);
        Assert.DoesNotContain("::error", Log, StringComparison.Ordinal);
        Assert.Contains("Deployment d-1 ended before it could be stopped.", Log, StringComparison.Ordinal);
        Assert.Contains("\nSucceeded\n", Outputs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_SucceedsBeforeTheStopLands_SuccessIsReported()
    {
        _environment["INPUT_WAIT-FOR-MINUTES"] = "1";
        _codeDeploy.Then(new DeploymentInfo { DeploymentId = "d-1", Status = "InProgress" });
        _codeDeploy.OnStop = () => _codeDeploy.Then(new DeploymentInfo { DeploymentId = "d-1", Status = "Succeeded" });

        var exit = await RunAsync();

        Assert.True(exit == ExitCodes.Succeeded, Log);
        Assert.DoesNotContain("::error", Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_FailsJustAsTheWaitRunsOut_ReportedAsTheFailureItIs()
    {
        _environment["INPUT_WAIT-FOR-MINUTES"] = "1";
        _codeDeploy.Group = _codeDeploy.Group with { AutoRollbackConfiguration = new AutoRollbackConfiguration { Enabled = false } };
        _codeDeploy.Then(new DeploymentInfo { DeploymentId = "d-1", Status = "InProgress" });
        _codeDeploy.OnStop = () =>
        {
            _codeDeploy.Then(new DeploymentInfo { DeploymentId = "d-1", Status = "Failed", ErrorInformation = new ErrorInformation("HEALTH_CONSTRAINTS", "tasks failed health checks") });
            throw new AwsServiceException("codedeploy", "StopDeployment", "DeploymentAlreadyCompletedException", "The deployment d-1 has already completed.", null, 400);
        };

        var exit = await RunAsync();

        Assert.Equal(ExitCodes.DeploymentFailed, exit);
        Assert.Contains("::error title=Deployment failed::Deployment d-1: Failed: ", Log, StringComparison.Ordinal);
        Assert.Contains("%0ACodeDeploy says Failed (HEALTH_CONSTRAINTS).", Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_CancelledAsTheDeploymentEnds_SaysNothingWasStopped()
    {
        using var cancellation = new CancellationTokenSource();
        _codeDeploy.Then(new DeploymentInfo { DeploymentId = "d-1", Status = "InProgress" });
        _codeDeploy.BeforeGetDeployment = cancellation.Cancel;
        _codeDeploy.OnStop = () => throw new AwsServiceException("codedeploy", "StopDeployment", "DeploymentAlreadyCompletedException", "The deployment d-1 has already completed.", null, 400);

        var exit = await RunAsync(cancellation.Token);

        Assert.Equal(ExitCodes.Cancelled, exit);
        Assert.Contains("::error title=Deployment cancelled::The run was cancelled after deployment d-1 had ended, so nothing was stopped", Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_CancelledWhileCreatingTheDeployment_StillLearnsItsIdAndStopsIt()
    {
        using var cancellation = new CancellationTokenSource();
        _codeDeploy.Then(new DeploymentInfo { DeploymentId = "d-1", Status = "InProgress" });
        _codeDeploy.OnCreate = cancellation.Cancel;

        var exit = await RunAsync(cancellation.Token);

        Assert.Equal(ExitCodes.Cancelled, exit);
        Assert.Contains("StopDeployment(d-1,True)", _codeDeploy.Calls);
        Assert.Contains("codedeploy-deployment-id<<", Outputs, StringComparison.Ordinal);
        Assert.Contains("deployment d-1 was stopped with rollback", Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Cancelled_StopsWithRollbackOnAFreshToken()
    {
        using var cancellation = new CancellationTokenSource();
        _codeDeploy.Then(new DeploymentInfo { DeploymentId = "d-1", Status = "InProgress" });
        var polls = 0;
        _codeDeploy.BeforeGetDeployment = () =>
        {
            if (++polls == 3)
            {
                cancellation.Cancel();
            }
        };

        var exit = await RunAsync(cancellation.Token);

        Assert.Equal(ExitCodes.Cancelled, exit);
        Assert.Contains("StopDeployment(d-1,True)", _codeDeploy.Calls);
        Assert.Contains("::error title=Deployment cancelled::", Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_CancelledWithoutRollback_LeavesTheDeployment()
    {
        using var cancellation = new CancellationTokenSource();
        _environment["INPUT_ROLLBACK-ON-CANCEL"] = "false";
        _codeDeploy.Then(new DeploymentInfo { DeploymentId = "d-1", Status = "InProgress" });
        _codeDeploy.BeforeGetDeployment = cancellation.Cancel;

        Assert.Equal(ExitCodes.Cancelled, await RunAsync(cancellation.Token));
        Assert.DoesNotContain(_codeDeploy.Calls, c => c.StartsWith("StopDeployment", StringComparison.Ordinal));
    }

    [Fact]
    public void DefaultDescription_LongRepository_IsCutTo512()
    {
        var runner = EcsDeploy.Runtime.ActionEnvironment.From(new Dictionary<string, string> { ["GITHUB_REPOSITORY"] = new string('r', 600), ["GITHUB_RUN_ID"] = "1" });

        var description = DeployInputs.DefaultDescription(runner);

        Assert.Equal(512, description.Length);
        Assert.EndsWith("...", description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_DescriptionOver512_IsAnInputError()
    {
        _environment["INPUT_CODEDEPLOY-DEPLOYMENT-DESCRIPTION"] = new string('x', 513);

        Assert.Equal(ExitCodes.InvalidInput, await RunAsync());
        Assert.Contains("is 513 characters long", Log, StringComparison.Ordinal);
    }
}
