using System.Net;
using EcsDeploy.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace EcsDeploy.Tests.Aws;

/// <summary>An AWS error message travels from the wire through the action into the job log without becoming a command.</summary>
public sealed class AwsErrorInJobLogTests : IDisposable
{
    // What a hostile or odd error message could carry: commands on their own lines, and one in the first line.
    private const string ErrorBody = """{"__type":"com.amazonaws.ecs#ClientException","message":"::add-mask::x\n::error::x\n  ::set-output name=a::b\n##[add-mask]y"}""";

    private readonly TempDirectory _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RunAsync_AwsErrorMessageWithCommands_NoneReachesTheRunner(bool debug)
    {
        File.WriteAllText(_workspace.File("taskdef.json"), """{"family":"web","containerDefinitions":[{"name":"web","image":"nginx"}]}""");
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["GITHUB_ACTIONS"] = "true",
            ["GITHUB_WORKSPACE"] = _workspace.Path,
            ["GITHUB_OUTPUT"] = _workspace.File("output.txt"),
            ["GITHUB_STEP_SUMMARY"] = _workspace.File("summary.md"),
            ["INPUT_TASK-DEFINITION"] = "taskdef.json",
            ["INPUT_SERVICE"] = "web",
            ["INPUT_REGION"] = "us-east-1",
            ["RUNNER_DEBUG"] = debug ? "1" : "0",
        };
        var handler = new FakeAwsHandler { Fallback = (_, _) => FakeAwsHandler.Response(HttpStatusCode.BadRequest, ErrorBody) };
        using var output = new StringWriter();
        var host = new ActionHost(environment, output, new FakeTimeProvider(), settings =>
        {
            var apis = TestClients.Create(handler, settings.MaxAttempts);
            return new ActionApis(apis.Ecs, apis.CodeDeploy, apis.Ecr, apis) { EcsDeployments = apis.EcsDeployments };
        });

        var exitCode = await ActionRunner.RunAsync(host, CancellationToken.None);

        Assert.NotEqual(0, exitCode);
        Assert.NotEmpty(handler.Requests);
        var log = output.ToString();
        Assert.Contains("(ClientException): ::add-mask::x%0A::error::x", log, StringComparison.Ordinal);
        foreach (var line in LinesOutsideStopCommands(log))
        {
            var command = line.TrimStart();
            Assert.False(command.StartsWith("::add-mask::", StringComparison.Ordinal), line);
            Assert.False(command.StartsWith("::error::x", StringComparison.Ordinal), line);
            Assert.False(command.StartsWith("::set-output", StringComparison.Ordinal), line);
            if (!command.StartsWith("::", StringComparison.Ordinal))
            {
                // The runner tries the legacy ##[...] form only on lines that are not already a :: command.
                Assert.DoesNotContain("##[", line, StringComparison.Ordinal);
            }
        }
    }

    // The runner ignores commands between ::stop-commands::TOKEN and ::TOKEN::, so only lines outside count.
    private static IEnumerable<string> LinesOutsideStopCommands(string log)
    {
        string? resume = null;
        foreach (var line in log.Split('\n'))
        {
            if (resume is not null)
            {
                if (line == resume)
                {
                    resume = null;
                }

                continue;
            }

            if (line.StartsWith("::stop-commands::", StringComparison.Ordinal))
            {
                resume = "::" + line["::stop-commands::".Length..] + "::";
                continue;
            }

            yield return line;
        }
    }
}
