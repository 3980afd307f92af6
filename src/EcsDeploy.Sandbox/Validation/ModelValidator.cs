using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace EcsDeploy.Sandbox.Validation;

/// <summary>What kind of rule a value broke.</summary>
public enum ProblemKind
{
    Missing,
    Type,
    Enum,
    Length,
    Range,
    Pattern,
    Unknown,
}

/// <summary>One way a request or response does not fit its model shape; Path is like containerDefinitions[0].name.</summary>
public sealed record ValidationProblem(string Path, string Member, ProblemKind Kind, string Message);

/// <summary>Checks JSON against the AWS model's input or output shape of an operation.</summary>
public static class ModelValidator
{
    private static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(100);

    /// <summary>Problems of a request body; members the model does not know are ignored, as AWS JSON services do.</summary>
    public static IReadOnlyList<ValidationProblem> ValidateInput(string service, string operation, JsonNode? body)
    {
        var model = ServiceModel.Get(service);
        var shape = model.InputShape(operation);
        var problems = new List<ValidationProblem>();
        if (shape is not null)
        {
            new Walker(model, problems, strict: false).Check(body ?? new JsonObject(), shape, "", "");
        }

        return problems;
    }

    /// <summary>Problems of a response body; here members the model does not know are problems too.</summary>
    public static IReadOnlyList<ValidationProblem> ValidateOutput(string service, string operation, JsonNode? body)
    {
        var model = ServiceModel.Get(service);
        var shape = model.OutputShape(operation);
        var problems = new List<ValidationProblem>();
        if (shape is not null)
        {
            new Walker(model, problems, strict: true).Check(body ?? new JsonObject(), shape, "", "");
        }

        return problems;
    }

    /// <summary>Names of the request's members that the model does not know (a client built on a newer model may send them).</summary>
    public static IReadOnlyList<string> UnknownMembers(string service, string operation, JsonNode? body)
    {
        var model = ServiceModel.Get(service);
        var shape = model.InputShape(operation);
        var problems = new List<ValidationProblem>();
        if (shape is not null)
        {
            new Walker(model, problems, strict: true).Check(body ?? new JsonObject(), shape, "", "");
        }

        return [.. problems.Where(p => p.Kind == ProblemKind.Unknown).Select(p => p.Member).Distinct(StringComparer.Ordinal)];
    }

    private sealed class Walker(ServiceModel model, List<ValidationProblem> problems, bool strict)
    {
        public void Check(JsonNode? value, JsonObject shape, string path, string member)
        {
            if (value is null)
            {
                return;
            }

            var type = (string)shape["type"]!;
            switch (type)
            {
                case "structure":
                    CheckStructure(value, shape, path, member);
                    break;
                case "list":
                    CheckList(value, shape, path, member);
                    break;
                case "map":
                    CheckMap(value, shape, path, member);
                    break;
                case "string":
                    CheckString(value, shape, path, member);
                    break;
                case "integer" or "long":
                    CheckNumber(value, shape, path, member, integral: true);
                    break;
                case "double" or "float":
                    CheckNumber(value, shape, path, member, integral: false);
                    break;
                case "timestamp":
                    // JSON 1.1 sends timestamps as epoch seconds.
                    if (Kind(value) != JsonValueKind.Number)
                    {
                        Add(path, member, ProblemKind.Type, "Member must be a timestamp in epoch seconds");
                    }

                    break;
                case "boolean":
                    if (Kind(value) is not (JsonValueKind.True or JsonValueKind.False))
                    {
                        Add(path, member, ProblemKind.Type, "Member must be a boolean");
                    }

                    break;
                case "blob":
                    CheckBlob(value, path, member);
                    break;
                default:
                    break;
            }
        }

        private void CheckStructure(JsonNode value, JsonObject shape, string path, string member)
        {
            if (shape["document"] is not null)
            {
                return;
            }

            if (value is not JsonObject obj)
            {
                Add(path, member, ProblemKind.Type, "Member must be a structure");
                return;
            }

            var members = shape["members"]!.AsObject();
            if (shape["required"] is JsonArray required)
            {
                foreach (var name in required.Select(r => (string)r!))
                {
                    if (obj[name] is null)
                    {
                        Add(Join(path, name), name, ProblemKind.Missing, "Member must not be null");
                    }
                }
            }

            foreach (var (name, child) in obj)
            {
                if (members[name] is not JsonObject memberRef)
                {
                    if (strict)
                    {
                        Add(Join(path, name), name, ProblemKind.Unknown, "Member is not in the model");
                    }

                    continue;
                }

                Check(child, model.Shape((string)memberRef["shape"]!), Join(path, name), name);
            }
        }

        private void CheckList(JsonNode value, JsonObject shape, string path, string member)
        {
            if (value is not JsonArray array)
            {
                Add(path, member, ProblemKind.Type, "Member must be a list");
                return;
            }

            CheckCount(array.Count, shape, path, member);
            var itemShape = model.Shape((string)shape["member"]!["shape"]!);
            for (var i = 0; i < array.Count; i++)
            {
                if (array[i] is null)
                {
                    Add($"{path}[{i}]", member, ProblemKind.Missing, "Member must not be null");
                    continue;
                }

                Check(array[i], itemShape, $"{path}[{i}]", member);
            }
        }

        private void CheckMap(JsonNode value, JsonObject shape, string path, string member)
        {
            if (value is not JsonObject map)
            {
                Add(path, member, ProblemKind.Type, "Member must be a map");
                return;
            }

            CheckCount(map.Count, shape, path, member);
            var keyShape = model.Shape((string)shape["key"]!["shape"]!);
            var valueShape = model.Shape((string)shape["value"]!["shape"]!);
            foreach (var (key, child) in map)
            {
                Check(JsonValue.Create(key), keyShape, $"{path}.{key}", member);
                Check(child, valueShape, $"{path}.{key}", member);
            }
        }

        private void CheckString(JsonNode value, JsonObject shape, string path, string member)
        {
            if (Kind(value) != JsonValueKind.String)
            {
                Add(path, member, ProblemKind.Type, "Member must be a string");
                return;
            }

            var text = value.GetValue<string>();
            if (shape["enum"] is JsonArray values && !values.Any(v => (string)v! == text))
            {
                var set = string.Join(", ", values.Select(v => (string)v!));
                Add(path, member, ProblemKind.Enum, $"Value '{text}' at '{path}' failed to satisfy constraint: Member must satisfy enum value set: [{set}]");
                return;
            }

            CheckLength(text.Length, shape, path, member, text);
            if (shape["pattern"] is JsonNode pattern && !Matches(text, (string)pattern!))
            {
                Add(path, member, ProblemKind.Pattern, $"Value '{text}' at '{path}' failed to satisfy constraint: Member must satisfy regular expression pattern: {(string)pattern!}");
            }
        }

        private void CheckNumber(JsonNode value, JsonObject shape, string path, string member, bool integral)
        {
            if (Kind(value) != JsonValueKind.Number)
            {
                Add(path, member, ProblemKind.Type, "Member must be a number");
                return;
            }

            // Parsed requests hold JsonElements; responses built in memory hold CLR numbers. Read both as text.
            var text = value.ToJsonString();
            if (integral && !long.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out _))
            {
                Add(path, member, ProblemKind.Type, "Member must be an integer");
                return;
            }

            var d = double.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
            if (shape["min"] is JsonNode min && d < (double)min)
            {
                Add(path, member, ProblemKind.Range, $"Value '{Fmt(d)}' at '{path}' failed to satisfy constraint: Member must have value greater than or equal to {min}");
            }

            if (shape["max"] is JsonNode max && d > (double)max)
            {
                Add(path, member, ProblemKind.Range, $"Value '{Fmt(d)}' at '{path}' failed to satisfy constraint: Member must have value less than or equal to {max}");
            }
        }

        private void CheckBlob(JsonNode value, string path, string member)
        {
            if (Kind(value) != JsonValueKind.String)
            {
                Add(path, member, ProblemKind.Type, "Member must be base64 text");
                return;
            }

            var text = value.GetValue<string>();
            if (!Convert.TryFromBase64String(text, new byte[text.Length], out _))
            {
                Add(path, member, ProblemKind.Type, "Member must be base64 text");
            }
        }

        private void CheckCount(int count, JsonObject shape, string path, string member) =>
            CheckLength(count, shape, path, member, null);

        private void CheckLength(int length, JsonObject shape, string path, string member, string? text)
        {
            var shown = text is null ? "[...]" : $"'{text}'";
            if (shape["min"] is JsonNode min && length < (long)min)
            {
                Add(path, member, ProblemKind.Length, $"Value {shown} at '{path}' failed to satisfy constraint: Member must have length greater than or equal to {min}");
            }

            if (shape["max"] is JsonNode max && length > (long)max)
            {
                Add(path, member, ProblemKind.Length, $"Value {shown} at '{path}' failed to satisfy constraint: Member must have length less than or equal to {max}");
            }
        }

        private void Add(string path, string member, ProblemKind kind, string message)
        {
            if (kind is ProblemKind.Missing or ProblemKind.Type or ProblemKind.Unknown)
            {
                message = $"Value at '{path}' failed to satisfy constraint: {message}";
            }

            problems.Add(new ValidationProblem(path, member, kind, message));
        }

        private static bool Matches(string text, string pattern)
        {
            try
            {
                return Regex.IsMatch(text, pattern, RegexOptions.CultureInvariant, PatternTimeout);
            }
            catch (ArgumentException)
            {
                // A model pattern .NET cannot read is not the caller's fault.
                return true;
            }
            catch (RegexMatchTimeoutException)
            {
                return true;
            }
        }

        private static JsonValueKind Kind(JsonNode value) => value.GetValueKind();

        private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

        private static string Fmt(double d) => d.ToString(CultureInfo.InvariantCulture);
    }
}
