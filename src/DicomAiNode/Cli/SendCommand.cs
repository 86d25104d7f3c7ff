using DicomAiNode.Dicom.Network;

namespace DicomAiNode.Cli;

/// <summary><c>dicom-ai-node send AET@HOST:PORT FILES_OR_FOLDERS…</c>: C-STORE SCU over one association.</summary>
public sealed class SendCommand : ICliCommand
{
    public string Name => "send";

    public string Summary => "send DICOM files or folders to a peer (C-STORE SCU)";

    public string Usage => "usage: dicom-ai-node send AET@HOST:PORT FILE_OR_FOLDER... [options]\n       dicom-ai-node send HOST PORT FILE_OR_FOLDER... --aec AET [options]\n"
        + PeerAddress.OptionsUsage + "  --quiet             print failures and the summary only\n";

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        DicomClientOptions options;
        List<string> inputs;
        bool quiet = args.Contains("--quiet");
        try
        {
            (options, inputs) = PeerAddress.Parse(args.Where(a => a != "--quiet").ToList());
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException or System.Security.Cryptography.CryptographicException or IOException)
        {
            await stderr.WriteLineAsync($"send: {ex.Message}\n{Usage}").ConfigureAwait(false);
            return 2;
        }
        var files = new List<string>();
        foreach (var input in inputs)
        {
            if (Directory.Exists(input))
            {
                files.AddRange(Directory.EnumerateFiles(input, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
            }
            else if (File.Exists(input))
            {
                files.Add(input);
            }
            else
            {
                await stderr.WriteLineAsync($"send: {input}: no such file or folder").ConfigureAwait(false);
                return 2;
            }
        }
        if (files.Count == 0)
        {
            await stderr.WriteLineAsync("send: no files to send").ConfigureAwait(false);
            return 2;
        }
        try
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var results = await new DicomClient(options).StoreFilesAsync(files, cancellationToken).ConfigureAwait(false);
            var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
            int failed = 0;
            foreach (var r in results)
            {
                if (!r.Succeeded)
                {
                    failed++;
                    await stderr.WriteLineAsync($"{r.Source}: {r.Status}{(r.Error is null ? "" : ": " + r.Error)}").ConfigureAwait(false);
                }
                else if (!quiet)
                {
                    await stdout.WriteLineAsync($"{r.Source}: {r.Status}").ConfigureAwait(false);
                }
            }
            await stdout.WriteLineAsync($"sent {results.Count - failed}/{results.Count} instances to {options} in {elapsed.TotalSeconds:0.000} s ({results.Count / Math.Max(elapsed.TotalSeconds, 1e-6):0.0} inst/s)").ConfigureAwait(false);
            return failed == 0 ? 0 : 1;
        }
        catch (DicomNetworkException ex)
        {
            await stderr.WriteLineAsync($"send: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
    }
}
