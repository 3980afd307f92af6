using EcsDeploy.Aws.CodeDeploy;
using EcsDeploy.CodeDeploy;

namespace EcsDeploy.Tests.CodeDeploy;

public sealed class DeploymentReportTests
{
    private static WatchOutcome Failed(string errorMessage, string? script = null) => new(
        WatchOutcomeKind.Failed,
        "Failed",
        new ErrorInformation("HOOK_EXECUTION_FAILURE", errorMessage),
        new LifecycleEvent { LifecycleEventName = "AfterAllowTestTraffic", Status = "Failed", Diagnostics = new Diagnostics { ErrorCode = "ScriptFailed", Message = "smoke test got 503.", ScriptName = script } },
        null);

    [Fact]
    public void FailureMessage_HookFailed_FirstLineNamesEventHookMessageAndRollback()
    {
        var text = DeploymentReport.FailureMessage("d-1", Failed("The hook reported a failure: smoke test got 503.", "arn:aws:lambda:us-east-1:111122223333:function:smoke"), "d-2", new WatchOutcome(WatchOutcomeKind.Succeeded, "Succeeded", null, null, null));

        var lines = text.Split('\n');
        Assert.Equal("Deployment d-1: AfterAllowTestTraffic failed (hook smoke): smoke test got 503. Rolled back: d-2 succeeded, the previous revision serves again.", lines[0]);
        Assert.Equal("CodeDeploy says Failed (HOOK_EXECUTION_FAILURE): The hook reported a failure: smoke test got 503.", lines[1]);
        Assert.Equal("Lifecycle event AfterAllowTestTraffic: ScriptFailed, arn:aws:lambda:us-east-1:111122223333:function:smoke.", lines[2]);
    }

    [Fact]
    public void FailureMessage_FirstLine_SaysFailedOnceAndStaysShort()
    {
        var first = DeploymentReport.FailureMessage("d-1", Failed("The hook reported a failure: smoke test got 503."), null, null).Split('\n')[0];

        Assert.Single(first.Split("failed", StringSplitOptions.None).Skip(1));
        Assert.True(first.Length < 160, first);
        Assert.EndsWith("No rollback ran; check which task set serves the service.", first, StringComparison.Ordinal);
    }

    [Fact]
    public void FailureMessage_NoFailedEvent_UsesCodeDeploysMessage()
    {
        var outcome = new WatchOutcome(WatchOutcomeKind.Stopped, "Stopped", new ErrorInformation("ALARM_ACTIVE", "Alarm 5xx fired."), null, null);

        var lines = DeploymentReport.FailureMessage("d-1", outcome, null, null).Split('\n');

        Assert.Equal("Deployment d-1: stopped: Alarm 5xx fired. No rollback ran; check which task set serves the service.", lines[0]);
        Assert.Equal("CodeDeploy says Stopped (ALARM_ACTIVE).", lines[1]);
    }

    [Theory]
    [InlineData("arn:aws:lambda:us-east-1:111122223333:function:web-smoke", "web-smoke")]
    [InlineData("arn:aws:lambda:us-east-1:111122223333:function:web-smoke:live", "web-smoke:live")]
    [InlineData("ScriptName", "ScriptName")]
    public void HookName_LambdaArnOrOther_ShortName(string script, string expected) =>
        Assert.Equal(expected, DeploymentReport.HookName(script));
}
