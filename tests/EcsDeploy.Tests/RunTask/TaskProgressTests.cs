using EcsDeploy.Aws.Ecs;
using EcsDeploy.RunTask;

namespace EcsDeploy.Tests.RunTask;

public sealed class TaskProgressTests
{
    private const string Arn = "arn:aws:ecs:us-east-1:111122223333:task/prod/abc";
    private const string Other = "arn:aws:ecs:us-east-1:111122223333:task/prod/def";

    private static readonly Dictionary<string, string> None = new(StringComparer.Ordinal);

    private static EcsTask Task(string status, string arn = Arn, int? exit = null, string? reason = null) => new()
    {
        TaskArn = arn,
        LastStatus = status,
        StopCode = status == "STOPPED" ? "EssentialContainerExited" : null,
        StoppedReason = status == "STOPPED" ? "Essential container in task exited" : null,
        Containers = [new EcsContainer { Name = "migrate", ExitCode = exit, Reason = reason }],
    };

    [Fact]
    public void Step_FirstObservation_PrintsTheStatus()
    {
        var step = TaskProgress.Step(None, [Task("PROVISIONING")], [Arn]);

        Assert.Equal(["Task abc: PROVISIONING"], step.Lines);
        Assert.False(step.AllStopped);
    }

    [Fact]
    public void Step_SameStatusAgain_PrintsNothing()
    {
        var first = TaskProgress.Step(None, [Task("PENDING")], [Arn]);

        var second = TaskProgress.Step(first.Statuses, [Task("PENDING")], [Arn]);

        Assert.Empty(second.Lines);
    }

    [Fact]
    public void Step_Stopped_PrintsReasonAndEveryContainerExitCode()
    {
        var running = TaskProgress.Step(None, [Task("RUNNING")], [Arn]);

        var step = TaskProgress.Step(running.Statuses, [Task("STOPPED", exit: 2, reason: "boom")], [Arn]);

        Assert.Equal(["Task abc: STOPPED (EssentialContainerExited: Essential container in task exited)", "  container migrate: exit code 2 (boom)"], step.Lines);
        Assert.True(step.AllStopped);
    }

    [Fact]
    public void Step_OneOfTwoStopped_IsNotDone()
    {
        var step = TaskProgress.Step(None, [Task("STOPPED", exit: 0), Task("RUNNING", Other)], [Arn, Other]);

        Assert.False(step.AllStopped);
    }

    [Fact]
    public void Failures_ExitZero_None()
    {
        Assert.Empty(TaskProgress.Failures([Task("STOPPED", exit: 0)]));
    }

    [Fact]
    public void Failures_NonZeroOrMissingExitCode_NamesContainerCodeAndReason()
    {
        var failures = TaskProgress.Failures([Task("STOPPED", exit: 1, reason: "migration failed"), Task("STOPPED", Other)]);

        Assert.Equal(
        [
            "container 'migrate' of task abc exited with code 1: migration failed",
            "container 'migrate' of task def stopped without an exit code: Essential container in task exited",
        ], failures);
    }
}
