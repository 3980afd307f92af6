using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace EcsDeploy.Sandbox.Validation;

/// <summary>One parsed AWS service model (service-2.json): operations and shapes, loaded once per process.</summary>
public sealed class ServiceModel
{
    private static readonly ConcurrentDictionary<string, Lazy<ServiceModel>> Cache = new(StringComparer.Ordinal);

    private readonly JsonObject _operations;
    private readonly JsonObject _shapes;

    private ServiceModel(string service, JsonObject document)
    {
        Service = service;
        _operations = document["operations"]!.AsObject();
        _shapes = document["shapes"]!.AsObject();
        var metadata = document["metadata"]!.AsObject();
        TargetPrefix = (string)metadata["targetPrefix"]!;
        SigningName = (string?)metadata["signingName"] ?? (string)metadata["endpointPrefix"]!;
    }

    /// <summary>The model's name: ecs, codedeploy or ecr.</summary>
    public string Service { get; }

    public string TargetPrefix { get; }

    public string SigningName { get; }

    /// <summary>The model embedded as Models/{service}.json; parsed on first use and cached.</summary>
    public static ServiceModel Get(string service) =>
        Cache.GetOrAdd(service, name => new Lazy<ServiceModel>(() => Load(name))).Value;

    public bool HasOperation(string operation) => _operations.ContainsKey(operation);

    public JsonObject? InputShape(string operation) => ShapeOf(operation, "input");

    public JsonObject? OutputShape(string operation) => ShapeOf(operation, "output");

    /// <summary>The error codes the model lists for an operation.</summary>
    public IReadOnlyList<string> Errors(string operation) =>
        _operations[operation]?["errors"] is JsonArray errors
            ? errors.Select(e => (string)e!["shape"]!).ToList()
            : [];

    public JsonObject Shape(string name) =>
        _shapes[name]?.AsObject() ?? throw new InvalidOperationException($"Model {Service} has no shape {name}.");

    private JsonObject? ShapeOf(string operation, string direction) =>
        _operations[operation]?[direction]?["shape"] is JsonNode name ? Shape((string)name!) : null;

    private static ServiceModel Load(string service)
    {
        var resource = $"Models/{service}.json";
        using var stream = typeof(ServiceModel).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The embedded model {resource} is missing.");
        var document = JsonNode.Parse(stream)!.AsObject();
        return new ServiceModel(service, document);
    }
}
