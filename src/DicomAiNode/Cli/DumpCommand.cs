using System.Globalization;
using DicomAiNode.Dicom.Data;
using DicomAiNode.Dicom.IO;

namespace DicomAiNode.Cli;

/// <summary><c>dicom-ai-node dump FILE|DIR…</c>: prints data sets in the form of dcmtk's dcmdump.</summary>
public sealed class DumpCommand : ICliCommand
{
    public string Name => "dump";

    public string Summary => "print DICOM files like dcmdump";

    public string Usage => """
        usage: dicom-ai-node dump [options] FILE|DIR...
          --max-value-length N   cut values longer than N characters (default 64, 0 = never)
          --headers-only         stop before the pixel data (fast header parsing); directories are read recursively
          --quiet                parse only, print a one-line summary (for timing)
        Exit code 1 when a file cannot be read (the error names the file, tag and offset).
        """;

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        int maxValueLength = 64;
        bool headersOnly = false;
        bool quiet = false;
        var inputs = new List<string>();
        for (int i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--max-value-length" when i + 1 < args.Count && int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out maxValueLength):
                    i++;
                    break;
                case "--headers-only":
                    headersOnly = true;
                    break;
                case "--quiet":
                    quiet = true;
                    break;
                default:
                    if (args[i].StartsWith("--", StringComparison.Ordinal))
                    {
                        await stderr.WriteLineAsync($"dump: unknown option '{args[i]}'.\n{Usage}").ConfigureAwait(false);
                        return 2;
                    }
                    inputs.Add(args[i]);
                    break;
            }
        }
        if (inputs.Count == 0)
        {
            await stderr.WriteLineAsync(Usage).ConfigureAwait(false);
            return 2;
        }
        var options = headersOnly ? DicomReadOptions.Default with { StopAtTag = DicomTag.PixelData } : DicomReadOptions.Default;
        int failures = 0;
        int files = 0;
        long elements = 0;
        foreach (var path in Expand(inputs))
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var file = DicomFile.Open(path, options);
                files++;
                elements += file.Dataset.Count;
                if (quiet)
                {
                    continue;
                }
                if (inputs.Count > 1 || Directory.Exists(inputs[0]))
                {
                    await stdout.WriteLineAsync($"# File: {path}").ConfigureAwait(false);
                }
                // DicomDump writes each file in one call: console writers flush on every call.
                DicomDump.Write(stdout, file, maxValueLength);
            }
            catch (Exception e) when (e is DicomFileException or DicomDataException or IOException or UnauthorizedAccessException)
            {
                failures++;
                await stderr.WriteLineAsync($"dump: {e.Message}").ConfigureAwait(false);
            }
        }
        if (quiet)
        {
            await stdout.WriteLineAsync($"{files} files, {elements} top-level elements, {failures} failures").ConfigureAwait(false);
        }
        await stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
        return failures == 0 ? 0 : 1;
    }

    private static IEnumerable<string> Expand(IEnumerable<string> inputs)
    {
        foreach (var input in inputs)
        {
            if (Directory.Exists(input))
            {
                foreach (var file in Directory.EnumerateFiles(input, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                {
                    yield return file;
                }
            }
            else
            {
                yield return input;
            }
        }
    }
}
