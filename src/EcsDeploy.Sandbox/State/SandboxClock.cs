namespace EcsDeploy.Sandbox.State;

/// <summary>Simulated time: starts at the real (or virtual) clock's now and runs <see cref="Scale"/> times faster.</summary>
public sealed class SandboxClock
{
    private readonly TimeProvider _time;
    private readonly DateTimeOffset _origin;

    public SandboxClock(TimeProvider time, double scale)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(scale);
        _time = time;
        Scale = scale;
        _origin = time.GetUtcNow();
    }

    /// <summary>Simulated seconds per real second (60 means one simulated minute per real second).</summary>
    public double Scale { get; }

    public DateTimeOffset Now => _origin + (_time.GetUtcNow() - _origin) * Scale;
}
