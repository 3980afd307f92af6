using System.Text.Json;
using EcsDeploy.Aws;
using EcsDeploy.Aws.CodeDeploy;

namespace EcsDeploy.Tests.Aws;

public sealed class AwsTimestampConverterTests
{
    [Theory]
    [InlineData("1700000000", 0)]
    [InlineData("1700000000.123", 123)]
    [InlineData("1.700000000123E9", 123)]
    [InlineData("\"2023-11-14T22:13:20.123Z\"", 123)]
    [InlineData("\"2023-11-14T23:13:20.123+01:00\"", 123)]
    public void Read_EpochOrIso_ParsesSameInstant(string json, int milliseconds)
    {
        var info = JsonSerializer.Deserialize($$$"""{"deploymentInfo":{"deploymentId":"d-1","createTime":{{{json}}}}}""", AwsJsonContext.Default.GetDeploymentResponse);

        Assert.Equal(new DateTimeOffset(2023, 11, 14, 22, 13, 20, milliseconds, TimeSpan.Zero), info!.DeploymentInfo!.CreateTime);
    }

    [Fact]
    public void Read_Null_IsNull()
    {
        var info = JsonSerializer.Deserialize("""{"deploymentInfo":{"deploymentId":"d-1","completeTime":null}}""", AwsJsonContext.Default.GetDeploymentResponse);

        Assert.Null(info!.DeploymentInfo!.CompleteTime);
    }

    [Fact]
    public void Read_Garbage_Throws()
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("""{"deploymentInfo":{"createTime":"yesterday"}}""", AwsJsonContext.Default.GetDeploymentResponse));
    }

    [Fact]
    public void Write_Instant_IsEpochSeconds()
    {
        var json = JsonSerializer.Serialize(new LastDeploymentInfo("d-1", "Succeeded", new DateTimeOffset(2023, 11, 14, 22, 13, 20, 500, TimeSpan.Zero), null),
            AwsJsonContext.Default.Options);

        Assert.Equal("""{"deploymentId":"d-1","status":"Succeeded","endTime":1700000000.5}""", json);
    }
}
