namespace EcsDeploy;

/// <summary>How long a cancelled run may spend stopping what it started.</summary>
public static class CancelBudget
{
    /// <summary>The runner kills the container soon after it cancels a run; stopping a deployment or task must fit in this.</summary>
    public static readonly TimeSpan Value = TimeSpan.FromSeconds(5);
}
