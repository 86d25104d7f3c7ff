using System.Diagnostics;
using DicomAiNode.Dicom.Data;
using DicomAiNode.Dicom.IO;

namespace DicomAiNode.Benchmarks.Parsing;

/// <summary>
/// <c>DicomAiNode.Benchmarks parse-headers DIR [PASSES]</c>: parses the header (up to the pixel data) of every file in DIR,
/// PASSES times in one process, and prints the milliseconds of each pass (the first includes JIT compilation).
/// Used by <c>scripts/bench/parse-vs-dcmdump.sh</c> next to the dump command.
/// </summary>
public static class HeaderParsingRun
{
    public static int Run(IReadOnlyList<string> args)
    {
        if (args.Count < 1 || !Directory.Exists(args[0]))
        {
            Console.Error.WriteLine("usage: parse-headers DIR [PASSES]");
            return 2;
        }
        int passes = args.Count > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5;
        var files = Directory.GetFiles(args[0]).Order(StringComparer.Ordinal).ToArray();
        var options = DicomReadOptions.Default with { StopAtTag = DicomTag.PixelData };
        for (int pass = 0; pass < passes; pass++)
        {
            var watch = Stopwatch.StartNew();
            long elements = 0;
            foreach (var file in files)
            {
                elements += DicomFile.Open(file, options).Dataset.Count;
            }
            Console.WriteLine($"pass {pass + 1}: {files.Length} files, {elements} elements, {watch.Elapsed.TotalMilliseconds:F1} ms");
        }
        return 0;
    }
}
