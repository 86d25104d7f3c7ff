using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using DicomAiNode.Dicom.Imaging;

namespace DicomAiNode.Benchmarks.Imaging;

/// <summary>
/// JPEG 2000 decoding of the CT-like 512×512 16-bit frame of <see cref="PixelDataBenchmarks"/> (Bits Stored 12), encoded
/// by OpenJPEG's <c>opj_compress</c> at setup: lossless (5-3, 5 levels, 64×64 code-blocks, the defaults archives use)
/// and lossy (9-7, 10:1). Run: <c>dotnet run -c Release --project tests/DicomAiNode.Benchmarks -- --filter '*Jpeg2000Benchmarks*'</c>.
/// </summary>
[MemoryDiagnoser]
public class Jpeg2000Benchmarks
{
    private readonly PixelDataInfo _info =
        new PixelDataInfo(512, 512, 1, 16, 12, 11, 0, 0, PhotometricInterpretations.Monochrome2, 1).Validate();

    private byte[] _lossless = [];
    private byte[] _lossy = [];
    private byte[] _decoded = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        var frame = new byte[_info.FrameLength];
        for (int y = 0; y < 512; y++)
        {
            for (int x = 0; x < 512; x++)
            {
                double r = Math.Sqrt(((x - 256) * (x - 256)) + ((y - 256) * (y - 256)));
                int value = r > 240 ? 0 : r > 220 ? 1900 : 1000 + random.Next(-20, 21); // air, bone ring, soft tissue
                int i = ((y * 512) + x) * 2;
                frame[i] = (byte)value;
                frame[i + 1] = (byte)(value >> 8);
            }
        }

        string folder = Directory.CreateTempSubdirectory("dan-bench-j2k-").FullName;
        try
        {
            string raw = Path.Combine(folder, "frame.rawl");
            File.WriteAllBytes(raw, frame);
            _lossless = Encode(raw, Path.Combine(folder, "lossless.j2k"));
            _lossy = Encode(raw, Path.Combine(folder, "lossy.j2k"), "-I", "-r", "10");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        _decoded = new byte[_info.FrameLength];
        Jpeg2000Codec.DecodeFrame(_lossless, _info, _decoded);
        if (!_decoded.AsSpan().SequenceEqual(frame))
        {
            throw new InvalidOperationException("the lossless JPEG 2000 frame does not decode to the original");
        }
    }

    [Benchmark]
    public void Jpeg2000LosslessDecode512x512x16() => Jpeg2000Codec.DecodeFrame(_lossless, _info, _decoded);

    [Benchmark]
    public void Jpeg2000Lossy10To1Decode512x512x16() => Jpeg2000Codec.DecodeFrame(_lossy, _info, _decoded);

    private static byte[] Encode(string input, string output, params string[] options)
    {
        var start = new ProcessStartInfo("/usr/bin/opj_compress") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string option in new[] { "-i", input, "-o", output, "-F", "512,512,1,12,u" }.Concat(options))
        {
            start.ArgumentList.Add(option);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("opj_compress missing: apt-get install libopenjp2-tools");
        var stdout = process.StandardOutput.ReadToEndAsync();
        string errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"opj_compress failed: {errors}{stdout.Result}");
        }

        return File.ReadAllBytes(output);
    }
}
