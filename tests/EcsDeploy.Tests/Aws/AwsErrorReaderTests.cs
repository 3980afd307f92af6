using System.Text;
using EcsDeploy.Aws;

namespace EcsDeploy.Tests.Aws;

public sealed class AwsErrorReaderTests
{
    [Theory]
    [InlineData("""{"__type":"ClientException","message":"m"}""", "ClientException")]
    [InlineData("""{"__type":"com.amazonaws.ecs#ClientException","message":"m"}""", "ClientException")]
    [InlineData("""{"__type":"ThrottlingException:http://internal.amazon.com/coral/com.amazon.coral.availability/","message":"m"}""", "ThrottlingException")]
    [InlineData("""{"__type":"aws.protocoltests#FooError:http://internal.amazon.com/coral/","message":"m"}""", "FooError")]
    [InlineData("""{"code":"ValidationException","Message":"m"}""", "ValidationException")]
    public void Read_TypeForms_StripsNamespaceAndSuffix(string body, string expected)
    {
        var (code, message) = AwsErrorReader.Read(Encoding.UTF8.GetBytes(body), null, 400);

        Assert.Equal(expected, code);
        Assert.Equal("m", message);
    }

    [Fact]
    public void Read_HeaderOnly_UsesErrorTypeHeader()
    {
        var (code, message) = AwsErrorReader.Read("{}"u8, "InvalidSignatureException:http://internal.amazon.com/coral/", 403);

        Assert.Equal("InvalidSignatureException", code);
        Assert.Contains("403", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BodyTypeAndHeader_BodyWins()
    {
        var (code, _) = AwsErrorReader.Read("""{"__type":"ns#FromBody"}"""u8, "FromHeader", 400);

        Assert.Equal("FromBody", code);
    }

    [Fact]
    public void Read_UppercaseMessage_IsRead()
    {
        var (_, message) = AwsErrorReader.Read("""{"__type":"X","Message":"Upper"}"""u8, null, 400);

        Assert.Equal("Upper", message);
    }

    [Fact]
    public void Read_HtmlBodyNoHeader_FallsBackToStatus()
    {
        var (code, _) = AwsErrorReader.Read("<html>Bad Gateway</html>"u8, null, 502);

        Assert.Equal("Http502", code);
    }
}
