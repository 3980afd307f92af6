using EcsDeploy.Deploy;
using EcsDeploy.Reporting;
using EcsDeploy.Runtime;
using EcsDeploy.Tests.Integration;

namespace EcsDeploy.Tests.Reporting;

public sealed class StepReportTests
{
    private readonly StepSummaryFile _file = new(null);
    private readonly VirtualClock _clock = new();

    [Fact]
    public void Flush_EndingGivenAfterDetails_EndingComesFirst()
    {
        var report = new StepReport(_file, _clock) { Facts = new RunFacts { Commit = "0123456789abcdef", Service = "web", Cluster = "prod" } };
        report.Append("### Task definition `web`\n");

        report.End(new Ending(RunOutcome.Succeeded, "service web runs the new revision"));
        report.Flush(ExitCodes.Succeeded);

        Assert.Equal(
            "### ✅ Succeeded: service web runs the new revision\n\n- **Service:** `web` in cluster `prod`\n- **Commit:** `0123456`\n\n### Task definition `web`\n",
            _file.Text);
    }

    [Fact]
    public void Flush_NoEnding_SummarisedFromTheErrorsAndExitCode()
    {
        var report = new StepReport(_file, _clock);
        var log = new ReportingJobLog(new TerminalLog(TextWriter.Null, false), report);
        log.Error("Service 'api' does not exist in cluster 'prod'; check input 'service'.", new AnnotationProperties("Deployment not started"));
        _clock.Advance(TimeSpan.FromSeconds(3));

        report.Flush(ExitCodes.SetupFailed);

        Assert.Equal(
            "### ⛔ Not started: no deployment was started\n\n**Service 'api' does not exist in cluster 'prod'; check input 'service'.**\n\n" +
            "**What to do:** This step started no deployment; fix what is named above and run again.\n\n- **Duration:** 3s\n\n",
            _file.Text);
    }

    [Fact]
    public void Flush_StatusReportOfItsOwn_WrittenAsItIs()
    {
        var report = new StepReport(_file, _clock);
        report.Append("### Deployment group `g`\n\nNo deployments yet.\n");

        report.Flush(ExitCodes.Succeeded);

        Assert.Equal("### Deployment group `g`\n\nNo deployments yet.\n", _file.Text);
    }

    [Theory]
    [InlineData(ExitCodes.Succeeded, RunOutcome.Succeeded)]
    [InlineData(ExitCodes.DeploymentFailed, RunOutcome.Failed)]
    [InlineData(ExitCodes.InvalidInput, RunOutcome.InvalidInput)]
    [InlineData(ExitCodes.TimedOut, RunOutcome.TimedOut)]
    [InlineData(ExitCodes.SetupFailed, RunOutcome.NotStarted)]
    [InlineData(ExitCodes.Cancelled, RunOutcome.Cancelled)]
    public void FromExitCode_EachExitCode_ItsOutcome(int exitCode, RunOutcome expected) =>
        Assert.Equal(expected, RunOutcomes.FromExitCode(exitCode));

    [Fact]
    public void Flush_CancelledBeforeADeployment_SaysSoFirst()
    {
        var report = new StepReport(_file, _clock);
        var log = new ReportingJobLog(new TerminalLog(TextWriter.Null, false), report);
        log.Error("The run was cancelled before a deployment was running; nothing to roll back.", new AnnotationProperties("Deployment cancelled"));

        report.Flush(ExitCodes.Cancelled);

        Assert.StartsWith("### 🛑 Cancelled: the run was cancelled\n\n**The run was cancelled before a deployment was running; nothing to roll back.**\n\n", _file.Text, StringComparison.Ordinal);
    }
}
