namespace EcsDeploy.Reporting;

/// <summary>A labelled link into the AWS console.</summary>
public sealed record ConsoleLink(string Text, Uri Url);
