using EcsDeploy.Aws;
using EcsDeploy.Aws.CodeDeploy;
using EcsDeploy.CodeDeploy;
using EcsDeploy.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace EcsDeploy.Tests.CodeDeploy;

public sealed class DeploymentCreatorTests
{
    private const string Ours = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Now);
    private readonly RecordingJobLog _log = new();
    private readonly GroupOfDeployments _codeDeploy = new();

    private static CreateDeploymentRequest Request => new()
    {
        ApplicationName = "app",
        DeploymentGroupName = "dg",
        Revision = new RevisionLocation { AppSpecContent = new AppSpecContent("{}", Ours) },
    };

    private static AwsServiceException Lost() => new("codedeploy", "CreateDeployment", AwsRetry.ConnectionErrorCode, "closed", null, 0,
        new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely."));

    private static AwsServiceException LimitExceeded(string id) => new("codedeploy", "CreateDeployment", "DeploymentLimitExceededException",
        $"The Deployment Group 'dg' already has an active Deployment '{id}'", null, 400);

    private static DeploymentInfo Deployment(string id, string sha, DateTimeOffset created) => new()
    {
        DeploymentId = id,
        ApplicationName = "app",
        DeploymentGroupName = "dg",
        Status = DeploymentStatus.InProgress,
        CreateTime = created,
        Revision = new RevisionLocation { AppSpecContent = new AppSpecContent("{}", sha) },
    };

    private Task<string> CreateAsync() => new DeploymentCreator(_codeDeploy, _log, _time).CreateAsync(Request, CancellationToken.None);

    [Fact]
    public async Task CreateAsync_AnswerLostAndOursExists_FollowsItWithoutCreatingAgain()
    {
        _codeDeploy.OnCreate.Enqueue(() =>
        {
            _codeDeploy.Add(Deployment("d-OURS00001", Ours, Now));
            throw Lost();
        });

        var id = await CreateAsync();

        Assert.Equal("d-OURS00001", id);
        Assert.Equal(1, _codeDeploy.Creates);
    }

    [Fact]
    public async Task CreateAsync_AnswerLostAndOnlyAnOlderSameAppSpecExists_CreatesAgain()
    {
        _codeDeploy.Add(Deployment("d-OLDER0001", Ours, Now - TimeSpan.FromHours(1)));
        _codeDeploy.OnCreate.Enqueue(() => throw Lost());
        _codeDeploy.OnCreate.Enqueue(() => "d-NEW000001");

        var id = await CreateAsync();

        Assert.Equal("d-NEW000001", id);
        Assert.Equal(2, _codeDeploy.Creates);
    }

    [Fact]
    public async Task CreateAsync_AnswerLostAndAnotherRunJustDeployedTheSameAppSpec_CreatesAgain()
    {
        _codeDeploy.Add(Deployment("d-OTHERRUN1", Ours, Now) with { Description = "Deployed by GitHub Actions: o/r@abc1234 (main) https://github.com/o/r/actions/runs/1" });
        _codeDeploy.OnCreate.Enqueue(() => throw Lost());
        _codeDeploy.OnCreate.Enqueue(() => "d-NEW000001");

        var id = await new DeploymentCreator(_codeDeploy, _log, _time).CreateAsync(Request with { Description = "Deployed by GitHub Actions: o/r@abc1234 (main) https://github.com/o/r/actions/runs/2" }, CancellationToken.None);

        Assert.Equal("d-NEW000001", id);
    }

    [Fact]
    public async Task CreateAsync_RetryRefusedNamingOurDeployment_FollowsIt()
    {
        // The first attempt's deployment is not listed yet when the creator looks (eventual consistency).
        _codeDeploy.OnCreate.Enqueue(() => throw Lost());
        _codeDeploy.OnCreate.Enqueue(() =>
        {
            _codeDeploy.Add(Deployment("d-OURS00001", Ours, Now), listed: false);
            throw LimitExceeded("d-OURS00001");
        });

        var id = await CreateAsync();

        Assert.Equal("d-OURS00001", id);
        Assert.Contains(_log.Messages("info"), m => m.Contains("earlier attempt whose answer was lost created it", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CreateAsync_RefusedNamingSomeoneElsesDeployment_Throws()
    {
        _codeDeploy.Add(Deployment("d-OTHER0001", "ffff", Now));
        _codeDeploy.OnCreate.Enqueue(() => throw LimitExceeded("d-OTHER0001"));

        var error = await Assert.ThrowsAsync<AwsServiceException>(CreateAsync);

        Assert.Equal("DeploymentLimitExceededException", error.ErrorCode);
        Assert.Equal(1, _codeDeploy.Creates);
    }

    [Fact]
    public async Task CreateAsync_AnswerLostEveryTime_GivesUpAfterMaxAttempts()
    {
        for (var i = 0; i < DeploymentCreator.MaxCreateAttempts; i++)
        {
            _codeDeploy.OnCreate.Enqueue(() => throw Lost());
        }

        await Assert.ThrowsAsync<AwsServiceException>(CreateAsync);

        Assert.Equal(DeploymentCreator.MaxCreateAttempts, _codeDeploy.Creates);
    }

    [Fact]
    public async Task CreateAsync_Refused_IsNotLookedUp()
    {
        _codeDeploy.OnCreate.Enqueue(() => throw new AwsServiceException("codedeploy", "CreateDeployment", "InvalidRoleException", "no", null, 400));

        await Assert.ThrowsAsync<AwsServiceException>(CreateAsync);

        Assert.Equal(0, _codeDeploy.Lists);
    }

    /// <summary>A deployment group's deployments, newest first; CreateDeployment runs the queued behaviours.</summary>
    private sealed class GroupOfDeployments : ICodeDeployApi
    {
        private readonly List<(DeploymentInfo Deployment, bool Listed)> _deployments = [];

        public Queue<Func<string>> OnCreate { get; } = new();

        public int Creates { get; private set; }

        public int Lists { get; private set; }

        public void Add(DeploymentInfo deployment, bool listed = true) => _deployments.Insert(0, (deployment, listed));

        public Task<string> CreateDeploymentAsync(CreateDeploymentRequest request, CancellationToken cancellationToken)
        {
            Creates++;
            return Task.FromResult(OnCreate.Dequeue()());
        }

        public Task<IReadOnlyList<string>> ListDeploymentsAsync(string application, string deploymentGroup, IReadOnlyList<string>? includeOnlyStatuses, CancellationToken cancellationToken)
        {
            Lists++;
            return Task.FromResult<IReadOnlyList<string>>([.. _deployments.Where(d => d.Listed).Select(d => d.Deployment.DeploymentId)]);
        }

        public Task<DeploymentInfo> GetDeploymentAsync(string deploymentId, CancellationToken cancellationToken) =>
            Task.FromResult(_deployments.Single(d => d.Deployment.DeploymentId == deploymentId).Deployment);

        public Task<DeploymentGroupInfo> GetDeploymentGroupAsync(string application, string deploymentGroup, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<string>> ListDeploymentTargetsAsync(string deploymentId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<EcsTarget?> GetDeploymentTargetAsync(string deploymentId, string targetId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<(string Status, string? Message)> StopDeploymentAsync(string deploymentId, bool autoRollbackEnabled, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task ContinueDeploymentAsync(string deploymentId, string waitType, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
