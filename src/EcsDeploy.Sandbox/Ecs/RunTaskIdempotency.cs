using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using EcsDeploy.Sandbox.Protocol;
using EcsDeploy.Sandbox.State;

namespace EcsDeploy.Sandbox.Ecs;

/// <summary>
/// RunTask's clientToken as ECS honours it: the same token with the same request answers with the tasks the first
/// call started and starts none; the same token with a different request is a ConflictException naming those tasks.
/// </summary>
public static class RunTaskIdempotency
{
    private static readonly ConditionalWeakTable<World, Dictionary<string, (string Request, JsonObject Answer)>> Seen = [];

    /// <summary>Runs <paramref name="run"/> once per clientToken of <paramref name="world"/>; called under World.Gate.</summary>
    public static JsonObject Run(World world, JsonObject body, Func<JsonObject> run)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(run);
        if ((string?)body["clientToken"] is not { Length: > 0 } token)
        {
            return run();
        }

        var seen = Seen.GetOrCreateValue(world);
        var request = body.ToJsonString();
        if (seen.TryGetValue(token, out var earlier))
        {
            if (earlier.Request != request)
            {
                var arns = (earlier.Answer["tasks"] as JsonArray ?? []).Select(t => (string?)t!["taskArn"]);
                throw new AwsErrorException("ConflictException",
                    $"The clientToken is already in use with a different RunTask request; it started {string.Join(", ", arns)}.");
            }

            return (JsonObject)earlier.Answer.DeepClone();
        }

        var answer = run();
        seen[token] = (request, (JsonObject)answer.DeepClone());
        return answer;
    }
}
