using EcsDeploy.Aws.CodeDeploy;
using EcsDeploy.CodeDeploy;

namespace EcsDeploy.Tests.CodeDeploy;

public sealed class DeploymentReportTests
{
    private static WatchOutcome Failed(string errorMessage) => new(
        WatchOutcomeKind.Failed,
        "Failed",
        new ErrorInformation("HOOK_EXECUTION_FAILURE", errorMessage),
        new LifecycleEvent { LifecycleEventName = "AfterAllowTestTraffic", Status = "Failed", Diagnostics = new Diagnostics { ErrorCode = "ScriptFailed", Message = "smoke test got 503." } },
        null);

    [Fact]
    public void FailureMessage_ErrorQuotesTheHookMessage_SaysItOnce()
    {
        var text = DeploymentReport.FailureMessage("d-1", Failed("The hook reported a failure: smoke test got 503."), null, null);

        Assert.Equal(2, text.Split("smoke test got 503").Length);
        Assert.Contains("Lifecycle event AfterAllowTestTraffic failed (ScriptFailed). No rollback ran", text, StringComparison.Ordinal);
    }

    [Fact]
    public void FailureMessage_ErrorWithoutTheHookMessage_AddsIt()
    {
        var text = DeploymentReport.FailureMessage("d-1", Failed("A lifecycle hook failed."), null, null);

        Assert.Contains("Lifecycle event AfterAllowTestTraffic failed (ScriptFailed): smoke test got 503. No rollback ran", text, StringComparison.Ordinal);
    }
}
