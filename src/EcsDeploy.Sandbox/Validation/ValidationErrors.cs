using EcsDeploy.Sandbox.Protocol;

namespace EcsDeploy.Sandbox.Validation;

/// <summary>Turns model problems into the error the real service would answer for that operation.</summary>
public static class ValidationErrors
{
    public static AwsErrorException ToAwsError(string service, string operation, IReadOnlyList<ValidationProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var first = problems[0];
        var errors = ServiceModel.Get(service).Errors(operation);
        var code = service switch
        {
            "codedeploy" => CodeDeployCode(first, errors),
            "ecs" => errors.Contains("InvalidParameterException") ? "InvalidParameterException" : "ClientException",
            _ => "ValidationException",
        };
        var message = code == "ValidationException" || service == "ecs"
            ? $"{problems.Count} validation error{(problems.Count == 1 ? "" : "s")} detected: {string.Join("; ", problems.Select(p => p.Message))}"
            : first.Kind == ProblemKind.Missing
                ? $"{first.Member} is required."
                : first.Message;
        return new AwsErrorException(code, message);
    }

    // CodeDeploy names an error per member: ApplicationNameRequiredException, InvalidDeploymentIdException, ...
    private static string CodeDeployCode(ValidationProblem problem, IReadOnlyList<string> errors)
    {
        var pascal = problem.Member.Length == 0 ? "" : char.ToUpperInvariant(problem.Member[0]) + problem.Member[1..];
        var candidate = problem.Kind == ProblemKind.Missing ? $"{pascal}RequiredException" : $"Invalid{pascal}Exception";
        if (errors.Contains(candidate))
        {
            return candidate;
        }

        if (problem.Kind == ProblemKind.Length && errors.Contains($"{pascal}TooLongException"))
        {
            return $"{pascal}TooLongException";
        }

        return "ValidationException";
    }
}
