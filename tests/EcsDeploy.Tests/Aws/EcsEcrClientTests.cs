using System.Net;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using EcsDeploy.Aws;

namespace EcsDeploy.Tests.Aws;

public sealed class EcsEcrClientTests
{
    [Fact]
    public async Task DescribeService_Missing_ReturnsNull()
    {
        var handler = new FakeAwsHandler().Respond(HttpStatusCode.OK,
            """{"services":[],"failures":[{"arn":"arn:aws:ecs:us-east-1:123456789012:service/prod/web","reason":"MISSING"}]}""");
        using var apis = TestClients.Create(handler);

        Assert.Null(await apis.Ecs.DescribeServiceAsync("prod", "web", CancellationToken.None));
    }

    [Fact]
    public async Task DescribeService_OtherFailure_Throws()
    {
        var handler = new FakeAwsHandler().Respond(HttpStatusCode.OK,
            """{"services":[],"failures":[{"arn":"arn","reason":"ACCESS_DENIED","detail":"nope"}]}""");
        using var apis = TestClients.Create(handler);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => apis.Ecs.DescribeServiceAsync("prod", "web", CancellationToken.None));

        Assert.Equal("ACCESS_DENIED", error.ErrorCode);
    }

    [Fact]
    public async Task DescribeService_Found_ParsesNestedRecords()
    {
        var handler = new FakeAwsHandler().Respond(HttpStatusCode.OK, """
            {"services":[{"serviceArn":"arn:aws:ecs:us-east-1:1:service/prod/web","serviceName":"web","status":"ACTIVE",
              "deploymentController":{"type":"CODE_DEPLOY"},
              "loadBalancers":[{"targetGroupArn":"arn:tg","containerName":"app","containerPort":8080}],
              "networkConfiguration":{"awsvpcConfiguration":{"subnets":["s-1"],"assignPublicIp":"DISABLED"}},
              "taskSets":[{"id":"ecs-svc/1","status":"PRIMARY","scale":{"value":100.0,"unit":"PERCENT"}}],
              "desiredCount":2,"runningCount":2,"createdAt":1700000000.5}],"failures":[]}
            """);
        using var apis = TestClients.Create(handler);

        var service = await apis.Ecs.DescribeServiceAsync("prod", "web", CancellationToken.None);

        Assert.Equal("CODE_DEPLOY", service!.DeploymentController!.Type);
        Assert.Equal(8080, service.LoadBalancers![0].ContainerPort);
        Assert.Equal(["s-1"], service.NetworkConfiguration!.AwsvpcConfiguration!.Subnets);
        Assert.Equal(100.0, service.TaskSets![0].Scale!.Value);
        Assert.Equal(2, service.DesiredCount);
    }

    [Fact]
    public async Task RegisterTaskDefinition_JsonObject_SentWholeAndResponseMapped()
    {
        var handler = new FakeAwsHandler().Respond(HttpStatusCode.OK, """
            {"taskDefinition":{"taskDefinitionArn":"arn:aws:ecs:us-east-1:1:task-definition/web:7","family":"web","revision":7,
              "containerDefinitions":[{"name":"app","image":"nginx"}],"registeredAt":1700000000.1},
             "tags":[{"key":"team","value":"blue"}]}
            """);
        using var apis = TestClients.Create(handler);
        var request = new JsonObject
        {
            ["family"] = "web",
            ["containerDefinitions"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = "nginx" }),
            ["futureField"] = new JsonObject { ["kept"] = true },
        };

        var registered = await apis.Ecs.RegisterTaskDefinitionAsync(request, CancellationToken.None);

        Assert.Equal("arn:aws:ecs:us-east-1:1:task-definition/web:7", registered.Arn);
        Assert.Equal(7, registered.TaskDefinition["revision"]!.GetValue<int>());
        Assert.Equal("blue", Assert.Single(registered.Tags).Value);
        Assert.True(JsonNode.DeepEquals(request, JsonNode.Parse(handler.Requests[0].BodyText)));
        Assert.Equal("AmazonEC2ContainerServiceV20141113.RegisterTaskDefinition", handler.Requests[0].Header("X-Amz-Target"));
    }

    [Fact]
    public async Task DescribeTaskDefinition_Request_IncludesTags()
    {
        var handler = new FakeAwsHandler().Respond(HttpStatusCode.OK, """{"taskDefinition":{"taskDefinitionArn":"arn:td/web:3"}}""");
        using var apis = TestClients.Create(handler);

        var described = await apis.Ecs.DescribeTaskDefinitionAsync("web:3", CancellationToken.None);

        Assert.Equal("""{"taskDefinition":"web:3","include":["TAGS"]}""", handler.Requests[0].BodyText);
        Assert.Equal("arn:td/web:3", described.Arn);
        Assert.Empty(described.Tags);
    }

    [Fact]
    public async Task DescribeImage_OtherRegion_SignedAndSentForThatRegion()
    {
        var handler = new FakeAwsHandler().Respond(HttpStatusCode.OK, """
            {"imageDetails":[{"registryId":"123456789012","repositoryName":"web","imageDigest":"sha256:abc","imageTags":["v1"],"imagePushedAt":1700000000}]}
            """);
        using var apis = TestClients.Create(handler);

        var image = await apis.Ecr.DescribeImageAsync("eu-west-1", "123456789012", "web", "v1", null, CancellationToken.None);

        Assert.Equal("sha256:abc", image.ImageDigest);
        var request = handler.Requests[0];
        Assert.Equal("https://api.ecr.eu-west-1.amazonaws.com/", request.Uri.AbsoluteUri);
        Assert.Contains("/eu-west-1/ecr/aws4_request", request.Header("Authorization"), StringComparison.Ordinal);
        Assert.True(SigV4Verifier.Verify(request, TestClients.Credentials));
        Assert.Equal("AmazonEC2ContainerRegistry_V20150921.DescribeImages", request.Header("X-Amz-Target"));
        Assert.Equal("""{"registryId":"123456789012","repositoryName":"web","imageIds":[{"imageTag":"v1"}]}""", request.BodyText);
    }

    [Fact]
    public async Task DescribeImage_ByDigest_SendsDigest()
    {
        var handler = new FakeAwsHandler().Respond(HttpStatusCode.OK, """{"imageDetails":[{"imageDigest":"sha256:abc"}]}""");
        using var apis = TestClients.Create(handler);

        await apis.Ecr.DescribeImageAsync("us-east-1", "123456789012", "web", null, "sha256:abc", CancellationToken.None);

        Assert.Contains("""
            "imageIds":[{"imageDigest":"sha256:abc"}]
            """, handler.Requests[0].BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DescribeImage_NotFound_PropagatesCode()
    {
        var handler = new FakeAwsHandler().Respond(HttpStatusCode.BadRequest,
            """{"__type":"ImageNotFoundException","message":"The image with imageId {imageTag:'v9'} does not exist"}""");
        using var apis = TestClients.Create(handler);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => apis.Ecr.DescribeImageAsync("us-east-1", "1", "web", "v9", null, CancellationToken.None));

        Assert.Equal("ImageNotFoundException", error.ErrorCode);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Create_DeferredCredentials_ResolvedOnlyOnFirstCall()
    {
        var resolutions = 0;
        var credentials = new DeferredAwsCredentials(() =>
        {
            resolutions++;
            return TestClients.Credentials;
        });
        var handler = new FakeAwsHandler { Fallback = (_, _) => FakeAwsHandler.Response(HttpStatusCode.OK, """{"services":[{"serviceName":"web"}]}""") };
        using var apis = TestClients.Create(handler, credentials: credentials);

        Assert.Equal(0, resolutions);
        await apis.Ecs.DescribeServiceAsync("prod", "web", CancellationToken.None);
        await apis.Ecs.DescribeServiceAsync("prod", "web", CancellationToken.None);

        Assert.Equal(1, resolutions);
        Assert.True(SigV4Verifier.Verify(handler.Requests[1], TestClients.Credentials));
    }

    [Fact]
    public async Task CallAsync_CredentialsUnavailable_FailsOnceWithCredentialsError()
    {
        var credentials = new DeferredAwsCredentials(() => throw new AmazonClientException("Failed to resolve AWS credentials."));
        var handler = new FakeAwsHandler();
        using var apis = TestClients.Create(handler, credentials: credentials);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => apis.Ecs.DescribeServiceAsync("prod", "web", CancellationToken.None));

        Assert.Equal("CredentialsError", error.ErrorCode);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task CallAsync_LowLevel_ReusableForOtherOperations()
    {
        var handler = new FakeAwsHandler().Respond(HttpStatusCode.OK, """{"taskDefinition":{"taskDefinitionArn":"x"}}""");
        using var apis = TestClients.Create(handler);

        var response = await apis.Json.CallAsync(AwsService.Ecs, "DeregisterTaskDefinition", new JsonObject { ["taskDefinition"] = "web:1" },
            AwsJsonContext.Default.JsonObject, AwsJsonContext.Default.JsonObject, CancellationToken.None);

        Assert.Equal("x", response["taskDefinition"]!["taskDefinitionArn"]!.GetValue<string>());
        Assert.Equal("AmazonEC2ContainerServiceV20141113.DeregisterTaskDefinition", handler.Requests[0].Header("X-Amz-Target"));
    }
}
