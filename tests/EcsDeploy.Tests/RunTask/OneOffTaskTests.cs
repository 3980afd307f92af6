using System.Text.Json.Nodes;
using EcsDeploy.Aws;
using EcsDeploy.Aws.Ecs;
using EcsDeploy.Deploy;
using EcsDeploy.RunTask;
using EcsDeploy.Tests.Integration;
using EcsDeploy.Tests.Support;

namespace EcsDeploy.Tests.RunTask;

public sealed class OneOffTaskTests
{
    private const string Arn = "arn:aws:ecs:us-east-1:111122223333:task/prod/abc";
    private readonly RecordingJobLog _log = new();
    private readonly VirtualClock _clock = new();
    private readonly ScriptedTasks _ecs = new();
    private readonly Outputs _outputs = new();

    private static readonly OneOffTaskTarget Target = new("prod", "us-east-1", "arn:aws:ecs:us-east-1:111122223333:task-definition/web:2", TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(10));

    private static RunTaskInputs Waiting => new() { Enabled = true, WaitForStopped = true };

    [Fact]
    public async Task RunAsync_CancelledWhileWaiting_StopsWithALiveTokenAndReturnsCancelled()
    {
        using var cancellation = new CancellationTokenSource();
        _ecs.OnDescribe = cancellation.Cancel;

        var exit = await new OneOffTask(_ecs, _log, _outputs, _clock).RunAsync(Waiting, Target, cancellation.Token);

        Assert.Equal(ExitCodes.Cancelled, exit);
        var (task, reason, tokenWasCancelled) = Assert.Single(_ecs.Stopped);
        Assert.Equal(Arn, task);
        Assert.Contains("cancelled", reason, StringComparison.Ordinal);
        Assert.False(tokenWasCancelled);
        Assert.Contains(_log.Messages("error"), m => m.Contains("the task was stopped (abc)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_DescribeFails_StopsTheTaskThenRethrows()
    {
        _ecs.DescribeError = new AwsServiceException("ecs", "DescribeTasks", "AccessDeniedException", "not allowed", null, 400);

        await Assert.ThrowsAsync<AwsServiceException>(() => new OneOffTask(_ecs, _log, _outputs, _clock).RunAsync(Waiting, Target, CancellationToken.None));

        Assert.Single(_ecs.Stopped);
    }

    [Fact]
    public async Task RunAsync_NoTaskAndNoFailure_FailsSetup()
    {
        _ecs.StartNothing = true;

        var exit = await new OneOffTask(_ecs, _log, _outputs, _clock).RunAsync(Waiting, Target, CancellationToken.None);

        Assert.Equal(ExitCodes.SetupFailed, exit);
        Assert.Contains(_log.Messages("error"), m => m.Contains("ECS started no task", StringComparison.Ordinal));
        Assert.Empty(_outputs.Values);
    }

    private sealed class Outputs : EcsDeploy.Runtime.IActionOutputs
    {
        public Dictionary<string, string> Values { get; } = new(StringComparer.Ordinal);

        public void Set(string name, string value) => Values[name] = value;
    }

    private sealed class ScriptedTasks : IEcsApi
    {
        public Action? OnDescribe { get; set; }
        public AwsServiceException? DescribeError { get; set; }
        public bool StartNothing { get; set; }
        public List<(string Task, string Reason, bool TokenWasCancelled)> Stopped { get; } = [];

        public Task<EcsService?> DescribeServiceAsync(string cluster, string service, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<RegisteredTaskDefinition> RegisterTaskDefinitionAsync(JsonObject request, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<RegisteredTaskDefinition> DescribeTaskDefinitionAsync(string taskDefinition, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<EcsTaskResult> RunTaskAsync(JsonObject request, CancellationToken cancellationToken) =>
            Task.FromResult(new EcsTaskResult(StartNothing ? [] : [new EcsTask { TaskArn = Arn, LastStatus = "PROVISIONING" }], []));

        public Task<EcsTaskResult> DescribeTasksAsync(string cluster, IReadOnlyList<string> tasks, CancellationToken cancellationToken)
        {
            OnDescribe?.Invoke();
            cancellationToken.ThrowIfCancellationRequested();
            return DescribeError is { } error ? throw error : Task.FromResult(new EcsTaskResult([new EcsTask { TaskArn = Arn, LastStatus = "RUNNING" }], []));
        }

        public Task<EcsTask> StopTaskAsync(string cluster, string task, string reason, CancellationToken cancellationToken)
        {
            Stopped.Add((task, reason, cancellationToken.IsCancellationRequested));
            return Task.FromResult(new EcsTask { TaskArn = task, LastStatus = "STOPPED" });
        }
    }
}
