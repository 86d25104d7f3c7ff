using BenchmarkDotNet.Attributes;
using DicomAiNode.Dicom.Imaging;
using DicomAiNode.Dicom.Tests.Imaging;

namespace DicomAiNode.Benchmarks.Imaging;

/// <summary>
/// Pixel data hot paths on one 512×512 16-bit CT-like frame (smooth anatomy plus noise, so RLE sees both runs and
/// literals): RLE decode and encode, JPEG Lossless decode (selection values 1 and 6, Huffman tables fitted to the frame
/// as dcmcjpeg fits them), and stored values to Hounsfield units as float.
/// Run: <c>dotnet run -c Release --project tests/DicomAiNode.Benchmarks -- --filter '*PixelDataBenchmarks*'</c>.
/// </summary>
[MemoryDiagnoser]
public class PixelDataBenchmarks
{
    private readonly PixelDataInfo _info =
        new PixelDataInfo(512, 512, 1, 16, 12, 11, 1, 0, PhotometricInterpretations.Monochrome2, 1).Validate();

    private readonly ModalityLut _rescale = ModalityLut.FromRescale(1, -1024, "HU");
    private byte[] _frame = [];
    private byte[] _encoded = [];
    private byte[] _jpegSv1 = [];
    private byte[] _jpegSv6 = [];
    private byte[] _decoded = [];
    private byte[] _encodeBuffer = [];
    private float[] _hu = [];

    [GlobalSetup]
    public void Setup()
    {
        _frame = CtLikeFrame.Create();
        _encoded = RleCodec.EncodeFrame(_frame, _info);
        int[] samples = new int[_info.SamplesPerFrame];
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = _frame[2 * i] | (_frame[(2 * i) + 1] << 8);
        }

        _jpegSv1 = JpegLosslessTestEncoder.Encode(samples, 512, 512, 1, 12, new(1, OptimizedTable: true));
        _jpegSv6 = JpegLosslessTestEncoder.Encode(samples, 512, 512, 1, 12, new(6, OptimizedTable: true));
        _decoded = new byte[_info.FrameLength];
        _encodeBuffer = new byte[RleCodec.GetMaxEncodedLength(_info)];
        _hu = new float[_info.SamplesPerFrame];
    }

    [Benchmark]
    public void RleDecode512x512x16() => RleCodec.DecodeFrame(_encoded, _info, _decoded);

    [Benchmark]
    public void JpegLosslessSv1Decode512x512x16() => JpegLosslessCodec.DecodeFrame(_jpegSv1, _info, _decoded);

    [Benchmark]
    public void JpegLosslessSv6Decode512x512x16() => JpegLosslessCodec.DecodeFrame(_jpegSv6, _info, _decoded);

    [Benchmark]
    public int RleEncode512x512x16() => RleCodec.EncodeFrame(_frame, _info, _encodeBuffer);

    [Benchmark]
    public void RescaleToFloat512x512x16() => _rescale.Apply(_frame, _info, _hu);
}
