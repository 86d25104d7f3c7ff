using BenchmarkDotNet.Attributes;
using DicomAiNode.Dicom.Data;
using DicomAiNode.Dicom.Imaging;
using DicomAiNode.Dicom.IO;

namespace DicomAiNode.Benchmarks.Imaging;

/// <summary>
/// JPEG-LS decoding of the CT-like 512×512 16-bit frame of <see cref="PixelDataBenchmarks"/> (Bits Stored 12), encoded
/// by dcmtk's <c>dcmcjpls</c> at setup (lossless, and near-lossless with NEAR 2), so the numbers compare with RLE's.
/// Run: <c>dotnet run -c Release --project tests/DicomAiNode.Benchmarks -- --filter '*JpegLsBenchmarks*'</c>.
/// </summary>
[MemoryDiagnoser]
public class JpegLsBenchmarks
{
    private readonly PixelDataInfo _info = CtLikeFrame.Info;

    private byte[] _lossless = [];
    private byte[] _nearLossless = [];
    private byte[] _decoded = [];

    [GlobalSetup]
    public void Setup()
    {
        var frame = CtLikeFrame.Create();
        string folder = Directory.CreateTempSubdirectory("dan-bench-jpegls-").FullName;
        try
        {
            var dataset = new DicomDataset();
            dataset.AddOrUpdate(DicomTag.SOPClassUID, "1.2.840.10008.5.1.4.1.1.7");
            dataset.AddOrUpdate(DicomTag.SOPInstanceUID, "2.25.1");
            DicomPixelData.SetNative(dataset, _info, frame);
            string native = Path.Combine(folder, "native.dcm");
            new DicomFile(dataset, DicomTransferSyntax.ExplicitVRLittleEndian).Save(native);
            _lossless = Encode(native, Path.Combine(folder, "lossless.dcm"));
            _nearLossless = Encode(native, Path.Combine(folder, "near.dcm"), "+en", "+md", "2");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        _decoded = new byte[_info.FrameLength];
        JpegLsCodec.DecodeFrame(_lossless, _info, _decoded);
        if (!_decoded.AsSpan().SequenceEqual(frame))
        {
            throw new InvalidOperationException("the lossless JPEG-LS frame does not decode to the original");
        }
    }

    [Benchmark]
    public void JpegLsLosslessDecode512x512x16() => JpegLsCodec.DecodeFrame(_lossless, _info, _decoded);

    [Benchmark]
    public void JpegLsNear2Decode512x512x16() => JpegLsCodec.DecodeFrame(_nearLossless, _info, _decoded);

    private static byte[] Encode(string input, string output, params string[] options)
    {
        CtLikeFrame.RunTool("dcmcjpls", "dcmtk", options.Append(input).Append(output));
        var file = DicomFile.Open(output);
        var fragments = ((DicomFragmentSequence)file.Dataset.GetItem(DicomTag.PixelData)!).GetFrameFragments(file.Dataset, 1)[0];
        var bytes = new byte[fragments.Sum(f => f.Length)];
        long position = 0;
        foreach (var fragment in fragments)
        {
            fragment.CopyTo(0, bytes.AsSpan((int)position, (int)fragment.Length));
            position += fragment.Length;
        }

        return bytes;
    }
}
