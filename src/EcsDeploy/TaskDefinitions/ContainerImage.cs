namespace EcsDeploy.TaskDefinitions;

/// <summary>One line of the `containers` input: the image for one named container.</summary>
public sealed record ContainerImage(string ContainerName, string Image);
