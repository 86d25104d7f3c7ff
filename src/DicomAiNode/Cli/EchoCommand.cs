using DicomAiNode.Dicom.Network;

namespace DicomAiNode.Cli;

/// <summary><c>dicom-ai-node echo AET@HOST:PORT</c>: C-ECHO SCU (Verification).</summary>
public sealed class EchoCommand : ICliCommand
{
    public string Name => "echo";

    public string Summary => "verify a DICOM peer (C-ECHO SCU)";

    public string Usage => "usage: dicom-ai-node echo AET@HOST:PORT [options]\n       dicom-ai-node echo HOST PORT --aec AET [options]\n" + PeerAddress.OptionsUsage;

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        DicomClientOptions options;
        try
        {
            (options, _) = PeerAddress.Parse(args);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException or System.Security.Cryptography.CryptographicException or IOException)
        {
            await stderr.WriteLineAsync($"echo: {ex.Message}\n{Usage}").ConfigureAwait(false);
            return 2;
        }
        try
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var status = await new DicomClient(options).EchoAsync(cancellationToken).ConfigureAwait(false);
            await stdout.WriteLineAsync($"C-ECHO {options}: {status} in {System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds:0.0} ms").ConfigureAwait(false);
            return status.IsSuccess ? 0 : 1;
        }
        catch (DicomNetworkException ex)
        {
            await stderr.WriteLineAsync($"echo: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
    }
}
