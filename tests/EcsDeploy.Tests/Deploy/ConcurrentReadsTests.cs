using EcsDeploy.Aws;
using EcsDeploy.Deploy;

namespace EcsDeploy.Tests.Deploy;

public sealed class ConcurrentReadsTests
{
    [Fact]
    public async Task DisposeAsync_ReadsNotTaken_AreCancelledAndAwaitedWithoutThrowing()
    {
        var reads = new ConcurrentReads(CancellationToken.None);
        var pending = reads.Start(async ct =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return 1;
        });
        var failed = reads.Start<int>(_ => Task.FromException<int>(new AwsServiceException("ecs", "DescribeTaskDefinition", "ClientException", "m", null, 400)));

        await reads.DisposeAsync();

        Assert.True(pending.IsCanceled);
        Assert.True(failed.IsFaulted);
    }

    [Fact]
    public async Task Start_RunCancelled_EveryReadSeesIt()
    {
        using var run = new CancellationTokenSource();
        await using var reads = new ConcurrentReads(run.Token);
        var seen = reads.Start(async ct =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return 1;
        });

        await run.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => seen);
    }
}
