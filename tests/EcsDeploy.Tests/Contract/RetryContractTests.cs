using EcsDeploy.Aws;
using EcsDeploy.Sandbox.Faults;

namespace EcsDeploy.Tests.Contract;

/// <summary>Sandbox faults are retried by the real clients with backoff on the injected clock; the request log counts the attempts.</summary>
public sealed class RetryContractTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task DescribeServiceAsync_ThrottledThenCleared_RetriesAfterOneSecondAndSucceeds()
    {
        await using var sandbox = await ContractSandbox.StartAsync();
        sandbox.SetFaults(1, new FaultRule("DescribeServices", "ecs", ThrottleRate: 1.0));
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var call = sandbox.Apis.Ecs.DescribeServiceAsync(ContractSandbox.Cluster, ContractSandbox.Service, CancellationToken.None);
        var backoff = await sandbox.Clock.NextTimerAsync(guard.Token);
        sandbox.SetFaults(1);
        sandbox.Clock.Advance(backoff);
        var service = await call.WaitAsync(guard.Token);

        Assert.Equal(Second, backoff);
        Assert.Equal(sandbox.Read(w => w.Clusters["prod"].Services["web"].Arn), service?.ServiceArn);
        var log = await sandbox.RequestsAsync();
        Assert.Equal([(400, "ThrottlingException"), (200, null)], log.Select(r => (r.Status, r.ErrorCode)));
        Assert.All(log, r => Assert.Equal("DescribeServices", r.Operation));
    }

    [Fact]
    public async Task GetDeploymentGroupAsync_AlwaysThrottled_FailsWithThrottlingAfterMaxAttempts()
    {
        await using var sandbox = await ContractSandbox.StartAsync(maxAttempts: 4);
        sandbox.SetFaults(1, new FaultRule("GetDeploymentGroup", ThrottleRate: 1.0));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => sandbox.Clock.DriveAsync(
            sandbox.Apis.CodeDeploy.GetDeploymentGroupAsync(ContractSandbox.Application, ContractSandbox.Group, CancellationToken.None)));

        Assert.Equal(("ThrottlingException", "Rate exceeded", 400), (error.ErrorCode, error.AwsMessage, error.StatusCode));
        Assert.Equal([Second, 2 * Second, 4 * Second], sandbox.Clock.Waited);
        var log = await sandbox.RequestsAsync();
        Assert.Equal(4, log.Count);
        Assert.All(log, r => Assert.Equal(("GetDeploymentGroup", "ThrottlingException"), (r.Operation, r.ErrorCode)));
    }

    [Fact]
    public async Task DescribeImageAsync_HalfThrottledWithSeed_SucceedsAfterTheAttemptsTheSeedDecides()
    {
        // The sandbox draws two numbers per matching request from Random(seed) and throttles when the first is below the rate.
        const double Rate = 0.5;
        var seed = Enumerable.Range(0, 1000).First(s => AttemptsUntilPass(s, Rate) == 3);
        await using var sandbox = await ContractSandbox.StartAsync(maxAttempts: 5);
        sandbox.SetFaults(seed, new FaultRule("DescribeImages", "ecr", ThrottleRate: Rate));

        var image = await sandbox.Clock.DriveAsync(
            sandbox.Apis.Ecr.DescribeImageAsync(ContractSandbox.Region, ContractSandbox.Account, "web", "v2", null, CancellationToken.None));

        Assert.Equal(sandbox.Read(w => w.Repositories["web"].Images.Single(i => i.Tags.Contains("v2")).Digest), image.ImageDigest);
        Assert.Equal([Second, 2 * Second], sandbox.Clock.Waited);
        var log = await sandbox.RequestsAsync();
        Assert.Equal(["ThrottlingException", "ThrottlingException", null], log.Select(r => r.ErrorCode));
    }

    [Fact]
    public async Task DescribeServiceAsync_ServerErrorsThenCleared_RetriesAndSucceeds()
    {
        await using var sandbox = await ContractSandbox.StartAsync(maxAttempts: 3);
        sandbox.SetFaults(3, new FaultRule("DescribeServices", ErrorRate: 1.0));
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var call = sandbox.Apis.Ecs.DescribeServiceAsync(ContractSandbox.Cluster, ContractSandbox.Service, CancellationToken.None);
        sandbox.Clock.Advance(await sandbox.Clock.NextTimerAsync(guard.Token));
        var second = await sandbox.Clock.NextTimerAsync(guard.Token);
        sandbox.SetFaults(3);
        sandbox.Clock.Advance(second);
        var service = await call.WaitAsync(guard.Token);

        Assert.NotNull(service);
        var log = await sandbox.RequestsAsync();
        Assert.Equal(3, log.Count);
        Assert.All(log.Take(2), r => Assert.True(r is (_, _, _, 500, "InternalFailure") or (_, _, _, 503, "ServiceUnavailable"), $"{r.Status} {r.ErrorCode}"));
        Assert.Equal((200, null), (log[2].Status, log[2].ErrorCode));
    }

    [Fact]
    public async Task DescribeTaskDefinitionAsync_ConnectionDroppedThenCleared_RetriesAndSucceeds()
    {
        await using var sandbox = await ContractSandbox.StartAsync();
        sandbox.SetFaults(1, new FaultRule("DescribeTaskDefinition", DropRate: 1.0));
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var call = sandbox.Apis.Ecs.DescribeTaskDefinitionAsync("web", CancellationToken.None);
        var backoff = await sandbox.Clock.NextTimerAsync(guard.Token);
        sandbox.SetFaults(1);
        sandbox.Clock.Advance(backoff);
        var described = await call.WaitAsync(guard.Token);

        Assert.EndsWith("task-definition/web:1", described.Arn, StringComparison.Ordinal);
        var log = await sandbox.RequestsAsync();
        Assert.Equal([(0, "ConnectionDropped"), (200, null)], log.Select(r => (r.Status, r.ErrorCode)));
    }

    private static int AttemptsUntilPass(int seed, double rate)
    {
#pragma warning disable CA5394 // Mirrors the sandbox's seeded fault draws; not security relevant.
        var random = new Random(seed);
        for (var attempt = 1; ; attempt++)
        {
            var roll = random.NextDouble();
            _ = random.Next(2);
            if (roll >= rate)
            {
                return attempt;
            }
        }
#pragma warning restore CA5394
    }
}
