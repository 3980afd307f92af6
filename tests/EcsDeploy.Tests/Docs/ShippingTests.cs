namespace EcsDeploy.Tests.Docs;

/// <summary>What the Dockerfile ships is built by the same publish script that CI runs and tests.</summary>
public sealed class ShippingTests
{
    private static readonly string Root = FindRepositoryRoot();

    [Fact]
    public void Dockerfile_BuildsWithTheCiPublishScript()
    {
        var dockerfile = File.ReadAllLines(Path.Combine(Root, "Dockerfile"));
        Assert.Contains(dockerfile, line => line.StartsWith("RUN bash .ci/publish ", StringComparison.Ordinal));
        Assert.Contains(dockerfile, line => line.StartsWith("ENTRYPOINT [\"/app/ecs-deploy\"]", StringComparison.Ordinal));
    }

    [Fact]
    public void CiRun_PublishesWithTheSameScript_AndRunsTheReadmeTestCommand()
    {
        var ci = File.ReadAllText(Path.Combine(Root, ".ci", "run"));
        Assert.Contains("bash .ci/publish amd64", ci, StringComparison.Ordinal);

        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        const string testCommand = "dotnet test Action.sln -c Release";
        Assert.Contains(testCommand, readme, StringComparison.Ordinal);
        Assert.Contains("\n" + testCommand + "\n", ci, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("libmscordbi.so")]
    [InlineData("libmscordaccore.so")]
    [InlineData("libclrgc.so")]
    [InlineData("libclrgcexp.so")]
    [InlineData("libcoreclrtraceptprovider.so")]
    [InlineData("createdump")]
    [InlineData("$(AssemblyName).xml")]
    public void Publish_LeavesOutWhatTheActionNeverLoads(string file)
    {
        // The csproj drops these from the publish list, so .ci/publish (and with it the Dockerfile) never copies them.
        var project = System.Xml.Linq.XDocument.Load(Path.Combine(Root, "src", "EcsDeploy", "EcsDeploy.csproj"));
        var unused = project.Descendants("UnusedRuntimeFiles").Single().Value.Split(';', StringSplitOptions.RemoveEmptyEntries);
        var target = project.Descendants("Target").Single(t => (string?)t.Attribute("Name") == "LeaveOutUnusedRuntimeFiles");

        Assert.Contains(file, unused);
        Assert.Equal("ComputeResolvedFilesToPublishList", (string?)target.Attribute("AfterTargets"));
        Assert.Contains(target.Descendants("ResolvedFileToPublish"), item => (string?)item.Attribute("Remove") == "@(ResolvedFileToPublish)");
        Assert.Equal("false", project.Descendants("PublishDocumentationFile").Single().Value);
    }

    [Fact]
    public void ActionYml_RunsTheDockerfileFromSource()
    {
        var action = File.ReadAllText(Path.Combine(Root, "action.yml"));
        Assert.Contains("  using: docker\n  image: Dockerfile", action.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Action.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Action.sln not found above " + AppContext.BaseDirectory);
    }
}
