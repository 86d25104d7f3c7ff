using DicomAiNode.Dicom.Imaging;
using DicomAiNode.Dicom.Tests.Imaging;

namespace DicomAiNode.Fuzz;

/// <summary>
/// <see cref="JpegLosslessCodec.DecodeFrame(ReadOnlySpan{byte}, PixelDataInfo, Span{byte}, int)"/> on mutated JPEG
/// Lossless streams: a frame or a <see cref="DicomPixelDataException"/>, nothing else. The layout is taken from the
/// input's own SOF3 header when it has a small one, so that mutations get past the header checks into the scans.
/// </summary>
internal sealed class JpegLosslessTarget : IFuzzTarget
{
    public string Name => "jpeg-lossless";

    public IEnumerable<byte[]> Seeds()
    {
        var random = new Random(1);
        foreach (var (samples, precision, options) in new (int, int, JpegLosslessOptions)[]
                 {
                     (1, 16, new(1, OptimizedTable: true)),
                     (1, 12, new(6, RestartInterval: 9, Extras: true)),
                     (3, 8, new(4, SeparateScans: true, DeepTable: true)),
                     (3, 16, new(7, PointTransform: 2, LinesInDnl: true, OptimizedTable: true)),
                     (1, 2, new(5)),
                 })
        {
            int[] image = new int[7 * 9 * samples];
            for (int i = 0; i < image.Length; i++)
            {
                image[i] = random.Next(1 << precision);
            }

            yield return JpegLosslessTestEncoder.Encode(image, 9, 7, samples, precision, options);
        }
    }

    public Task RunAsync(byte[] input)
    {
        var info = LayoutOf(input);
        var frame = new byte[info.FrameLength];
        JpegLosslessCodec.DecodeFrame(input, info, frame);
        return Task.CompletedTask;
    }

    public bool IsExpected(Exception exception) => exception is DicomPixelDataException;

    private static PixelDataInfo LayoutOf(byte[] input)
    {
        var fallback = new PixelDataInfo(7, 9, 1, 16, 16, 15, 0, 0, PhotometricInterpretations.Monochrome2, 1);
        int sof = input.AsSpan().IndexOf([(byte)0xFF, (byte)0xC3]);
        if (sof < 0 || sof + 10 > input.Length)
        {
            return fallback;
        }

        int precision = input[sof + 4], rows = (input[sof + 5] << 8) | input[sof + 6], columns = (input[sof + 7] << 8) | input[sof + 8];
        int samples = input[sof + 9];
        if (rows is < 1 or > 512 || columns is < 1 or > 512 || samples is < 1 or > 4 || precision is < 1 or > 16)
        {
            return fallback;
        }

        int bits = precision > 8 ? 16 : 8;
        return new PixelDataInfo(rows, columns, samples, bits, precision, precision - 1, 0, 0,
            samples == 1 ? PhotometricInterpretations.Monochrome2 : "RGB", 1);
    }
}
