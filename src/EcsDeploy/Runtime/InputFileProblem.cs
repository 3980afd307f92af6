using System.Globalization;
using System.Text.RegularExpressions;
using EcsDeploy.Yaml;

namespace EcsDeploy.Runtime;

/// <summary>
/// The one line for a bad input file, and the annotation that puts it on the file and line in the pull request view.
/// Problems travel as text (every input problem does), so the annotation is read back from the line this class writes.
/// </summary>
public static partial class InputFileProblem
{
    /// <summary>"Input 'x' value 'path' is not valid YAML at line 3, column 5: what."</summary>
    public static string Describe(string input, string path, string language, InputSyntaxException problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return $"Input '{input}' value '{path}' is not valid {language} at line {problem.Line}, column {problem.Column}: {problem.Problem}.";
    }

    /// <summary>The annotation of a problem line: <paramref name="title"/>, and the file (relative to <paramref name="workspace"/>) and line when the problem names them.</summary>
    public static AnnotationProperties Annotation(string problem, string title, string workspace)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var match = Located().Match(problem);
        if (!match.Success)
        {
            return new AnnotationProperties(title);
        }

        var file = match.Groups["file"].Value;
        var relative = Path.IsPathRooted(file) ? Path.GetRelativePath(workspace, file) : file;
        var line = int.TryParse(match.Groups["line"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : (int?)null;
        return new AnnotationProperties(title, relative.Replace('\\', '/'), line);
    }

    [GeneratedRegex(@"^Input '[^']+' value '(?<file>[^']+)' is not (valid|a usable) .*? at line (?<line>\d+), column \d+")]
    private static partial Regex Located();
}
