namespace DicomAiNode.Cli;

/// <summary>The command line is wrong; the command prints the message and its usage and exits with 2.</summary>
public sealed class CliUsageException(string message) : Exception(message);
