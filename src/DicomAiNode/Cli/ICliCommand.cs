namespace DicomAiNode.Cli;

/// <summary>
/// One subcommand of <c>dicom-ai-node</c> (run, infer, dump, echo, send, receive, audit, rules, outbox).
/// Implementations are discovered by <see cref="CommandLine"/>, so adding a command touches no shared file.
/// </summary>
public interface ICliCommand
{
    /// <summary>The word typed after <c>dicom-ai-node</c>.</summary>
    string Name { get; }

    /// <summary>One line for the command list.</summary>
    string Summary { get; }

    /// <summary>Full usage text printed for <c>dicom-ai-node NAME --help</c>.</summary>
    string Usage { get; }

    /// <summary>Runs the command with the arguments that follow its name; returns the process exit code.</summary>
    Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken);
}
