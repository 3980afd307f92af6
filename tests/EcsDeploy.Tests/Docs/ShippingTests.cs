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

    [Fact]
    public void Publish_IsOneNativeExecutable_BuiltWithTheToolchainTheDockerfileInstalls()
    {
        // Native AOT: no JIT settings to ship and no runtime files beside the executable; the link needs a C toolchain.
        var project = System.Xml.Linq.XDocument.Load(Path.Combine(Root, "src", "EcsDeploy", "EcsDeploy.csproj"));
        Assert.Equal("true", project.Descendants("PublishAot").Single().Value);
        Assert.Empty(project.Descendants("TieredCompilation"));
        Assert.Equal("false", project.Descendants("PublishDocumentationFile").Single().Value);

        var dockerfile = File.ReadAllText(Path.Combine(Root, "Dockerfile"));
        Assert.Contains("packages=\"clang zlib1g-dev\"", dockerfile, StringComparison.Ordinal);
        Assert.Contains("FROM mcr.microsoft.com/dotnet/runtime-deps:", dockerfile, StringComparison.Ordinal);

        var publish = File.ReadAllText(Path.Combine(Root, ".ci", "publish"));
        Assert.DoesNotContain("PublishReadyToRun", publish, StringComparison.Ordinal);
        Assert.DoesNotContain("PublishReadyToRun", dockerfile, StringComparison.Ordinal);
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
