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
    private readonly PixelDataInfo _info = CtLikeFrame.Info;

    private byte[] _lossless = [];
    private byte[] _lossy = [];
    private byte[] _decoded = [];

    [GlobalSetup]
    public void Setup()
    {
        var frame = CtLikeFrame.Create();
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
        CtLikeFrame.RunTool("opj_compress", "libopenjp2-tools", new[] { "-i", input, "-o", output, "-F", "512,512,1,12,u" }.Concat(options));
        return File.ReadAllBytes(output);
    }
}
