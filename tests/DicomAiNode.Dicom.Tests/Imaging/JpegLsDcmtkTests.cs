using CsCheck;
using DicomAiNode.Dicom.Data;
using DicomAiNode.Dicom.Imaging;
using DicomAiNode.Dicom.IO;

namespace DicomAiNode.Dicom.Tests.Imaging;

/// <summary>
/// JPEG-LS files made by the real peer, dcmtk's <c>dcmcjpls</c> (CharLS inside), from native CT, MR, 12-bit, 8-bit and
/// RGB data: lossless in every interleave mode must decode to the original pixels; near-lossless must decode to what
/// <c>dcmdjpls</c> decodes, within ±NEAR of the original.
/// </summary>
public sealed class JpegLsDcmtkTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dan-jpegls-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string, string> LosslessCases => new()
    {
        { "ct-signed-16", "+el" },
        { "mr-signed-16", "+el" },
        { "mr-12", "+el" },
        { "signed-12", "+el" },
        { "rgb-16", "+is" },
        { "rgb-16", "+il" },
        { "unsigned-16", "+el" },
        { "mono-8", "+el" },
        { "rgb", "+il" },
        { "rgb", "+is" },
        { "rgb", "+in" },
        { "rgb-odd", "+il" },
        { "rgb-odd", "+is" },
        { "rgb-odd", "+in" },
        { "rgb-2-frames", "+is" },
        { "rgb-2-frames", "+il +fs 1" },  // fragments of 1 KiB: several per frame
        { "rgb-2-frames", "+in +fs 1 -ot" }, // … and no Basic Offset Table: frames found by their SOI
        { "mr-12", "+t1 5 +t2 20 +t3 80 +rs 32" }, // LSE preset parameters
        { "mono-8", "+t1 2 +t2 4 +t3 9 +rs 16" },
    };

    public static TheoryData<string, int> NearLosslessCases => new()
    {
        { "mr-12", 2 },
        { "mr-12", 3 },
        { "unsigned-16", 2 },
        { "unsigned-16", 3 },
        { "mono-8", 2 },
        { "mono-8", 3 },
        { "rgb", 2 },
        { "rgb-odd", 3 },
    };

    [Theory]
    [MemberData(nameof(LosslessCases))]
    public void Lossless_dcmcjpls_files_decode_to_the_original_pixels(string source, string options)
    {
        string original = Source(source);
        string encoded = Path.Combine(_folder, source + ".jls.dcm");
        DcmtkJpegLs.Encode(original, encoded, options.Split(' '));
        var expected = DicomPixelData.Create(DicomFile.Open(original));
        var actual = DicomPixelData.Create(DicomFile.Open(encoded));
        Assert.Equal(DicomTransferSyntax.JPEGLSLossless, actual.TransferSyntax);
        Assert.Equal(expected.Info with { PlanarConfiguration = 0 }, actual.Info with { PlanarConfiguration = 0 });
        for (int frame = 0; frame < expected.Info.NumberOfFrames; frame++)
        {
            Assert.Equal(expected.GetFrameAs<int>(frame), actual.GetFrameAs<int>(frame));
        }
    }

    [Theory]
    [MemberData(nameof(NearLosslessCases))]
    public void Near_lossless_dcmcjpls_files_decode_as_dcmdjpls_does_within_NEAR_of_the_original(string source, int near)
    {
        string original = Source(source);
        string encoded = Path.Combine(_folder, $"{source}.near{near}.dcm");
        string peerDecoded = Path.Combine(_folder, $"{source}.near{near}.dcmdjpls.dcm");
        DcmtkJpegLs.Encode(original, encoded, "+en", "+md", near.ToString(System.Globalization.CultureInfo.InvariantCulture));
        DcmtkJpegLs.Decode(encoded, peerDecoded);
        var file = DicomFile.Open(encoded);
        Assert.Equal(DicomTransferSyntax.JPEGLSNearLossless, file.TransferSyntax);
        int[] ours = DicomPixelData.Create(file).GetFrameAs<int>(0);
        int[] peer = DicomPixelData.Create(DicomFile.Open(peerDecoded)).GetFrameAs<int>(0);
        int[] exact = DicomPixelData.Create(DicomFile.Open(original)).GetFrameAs<int>(0);
        Assert.Equal(peer, ours);
        int worst = exact.Zip(ours, (a, b) => Math.Abs(a - b)).Max();
        Assert.InRange(worst, 0, near);
        Assert.True(worst > 0 || exact.Distinct().Count() < 3, "near-lossless coding of a varied image should change some samples");
    }

    [Theory]
    [InlineData("+is")]
    [InlineData("+il")]
    [InlineData("+in")]
    public async Task Damaged_colour_frames_of_every_interleave_mode_throw_only_DicomPixelDataException(string interleave)
    {
        string encoded = Path.Combine(_folder, "rgb" + interleave + ".dcm");
        DcmtkJpegLs.Encode(Source("rgb"), encoded, interleave);
        var file = DicomFile.Open(encoded);
        var info = DicomPixelData.Create(file).Info;
        byte[] frame = EncodedFrame(file);
        var run = Task.Run(() => Gen.Select(Gen.Int[0, (frame.Length * 8) - 1].Array[1, 4], Gen.Int[0, frame.Length])
            .Sample((flips, cut) =>
            {
                byte[] changed = (byte[])frame.Clone();
                foreach (int bit in flips)
                {
                    changed[bit / 8] ^= (byte)(1 << (bit % 8));
                }

                foreach (byte[] candidate in new[] { changed, frame[..cut] })
                {
                    try
                    {
                        JpegLsCodec.DecodeFrame(candidate, info);
                    }
                    catch (DicomPixelDataException)
                    {
                        // the only failure allowed
                    }
                }
            }, iter: 1000));
        var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromMinutes(2)));
        Assert.True(finished == run, "decoding damaged JPEG-LS frames did not finish in 2 minutes (a hang)");
        await run;
    }

    /// <summary>
    /// Restart intervals (DRI, RSTm), which dcmcjpls never writes: each band of <paramref name="interval"/> lines is
    /// encoded by dcmcjpls as an image of its own, and the bands' entropy-coded segments are joined with RST0..RST7
    /// under one header. At a restart the decoder starts afresh (contexts, RUNindex, and the line above taken as zeros),
    /// so the joined image must decode to the original.
    /// </summary>
    [Theory]
    [InlineData("ct-signed-16", "+el", 5)]   // 26 intervals: RSTm counts past 7 and wraps; the last interval is shorter
    [InlineData("rgb", "+is", 40)]
    [InlineData("rgb", "+il", 24)]
    public void Restart_intervals_joined_from_dcmcjpls_bands_decode_to_the_original(string source, string options, int interval)
    {
        var original = DicomFile.Open(Source(source));
        var pixels = DicomPixelData.Create(original);
        var info = pixels.Info;
        byte[] frame = pixels.GetFrame(0);
        int rowBytes = info.FrameLength / info.Rows;
        var segments = new List<byte[]>();
        byte[] header = [];
        for (int row = 0, band = 0; row < info.Rows; row += interval, band++)
        {
            int rows = Math.Min(interval, info.Rows - row);
            var bandInfo = info with { Rows = rows };
            var dataset = original.Dataset.Clone();
            DicomPixelData.SetNative(dataset, bandInfo, frame.AsMemory(row * rowBytes, rows * rowBytes));
            string native = Save(new DicomFile(dataset, DicomTransferSyntax.ExplicitVRLittleEndian), $"{source}-band{band}");
            string encoded = Path.Combine(_folder, $"{source}-band{band}.jls.dcm");
            DcmtkJpegLs.Encode(native, encoded, options.Split(' '));
            byte[] bytes = EncodedFrame(DicomFile.Open(encoded));

            int sos = bytes.AsSpan().IndexOf([(byte)0xFF, (byte)0xDA]);
            int start = sos + 2 + ((bytes[sos + 2] << 8) | bytes[sos + 3]);
            int end = start;
            while (!(bytes[end] == 0xFF && bytes[end + 1] >= 0x80))
            {
                end++;
            }

            segments.Add(bytes[start..end]);
            if (band == 0)
            {
                // SOI .. SOS of the first band, its SOF55 made as tall as the image, and a DRI before the SOS.
                int sof = bytes.AsSpan().IndexOf([(byte)0xFF, (byte)0xF7]);
                bytes[sof + 5] = (byte)(info.Rows >> 8);
                bytes[sof + 6] = (byte)info.Rows;
                header = [.. bytes[..sos], 0xFF, 0xDD, 0x00, 0x04, (byte)(interval >> 8), (byte)interval, .. bytes[sos..start]];
            }
        }

        var joined = new List<byte>(header);
        for (int i = 0; i < segments.Count; i++)
        {
            joined.AddRange(segments[i]);
            joined.AddRange(i + 1 < segments.Count ? [0xFF, (byte)(0xD0 + (i % 8))] : [0xFF, 0xD9]);
        }

        Assert.Equal(frame, JpegLsCodec.DecodeFrame(joined.ToArray(), info));
        joined[header.Length + segments[0].Length + 1] = 0xD5; // a wrong RSTm is named
        Assert.Contains("RST0", Assert.Throws<DicomPixelDataException>(() => JpegLsCodec.DecodeFrame(joined.ToArray(), info)).Message, StringComparison.Ordinal);
    }

    /// <summary>The native source files: pydicom's test files, dcm_qa_ts, and two made here from CT_small.</summary>
    private string Source(string name)
    {
        switch (name)
        {
            case "ct-signed-16":
                return PyDicomPeer.TestFile("CT_small.dcm");
            case "mr-signed-16":
                return PyDicomPeer.TestFile("MR_small.dcm");
            case "mr-12":
                return ReferenceData.File("dcm_qa_ts/1.dcm");
            case "rgb":
                return PyDicomPeer.TestFile("SC_rgb_jpeg_dcmd.dcm"); // 256×256 RGB, uncompressed despite its name
            case "rgb-odd":
                return PyDicomPeer.TestFile("SC_rgb_small_odd.dcm");
            case "signed-12":
                return ReferenceData.File("dcm_qa_12bit/12bitSigned_0x0F0F.dcm");
            case "rgb-16":
                return Save(DicomPixelData.Transcode(DicomFile.Open(PyDicomPeer.TestFile("SC_rgb_rle_16bit.dcm")), DicomTransferSyntax.ExplicitVRLittleEndian), name);
            case "rgb-2-frames":
                return Save(DicomPixelData.Transcode(DicomFile.Open(PyDicomPeer.TestFile("SC_rgb_rle_2frame.dcm")), DicomTransferSyntax.ExplicitVRLittleEndian), name);
            case "unsigned-16":
            case "mono-8":
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(name), name, "unknown source");
        }

        // CT_small's stored values spread over the full unsigned 16-bit range, or squeezed into 8 bits.
        var file = DicomFile.Open(PyDicomPeer.TestFile("CT_small.dcm"));
        var pixels = DicomPixelData.Create(file);
        int[] values = pixels.GetFrameAs<int>(0);
        int min = values.Min(), max = values.Max();
        bool eight = name == "mono-8";
        int top = eight ? 255 : 65535;
        var info = pixels.Info with
        {
            BitsAllocated = eight ? 8 : 16, BitsStored = eight ? 8 : 16, HighBit = eight ? 7 : 15, PixelRepresentation = 0,
        };
        byte[] frame = new byte[info.FrameLength];
        for (int i = 0; i < values.Length; i++)
        {
            int scaled = (int)((long)(values[i] - min) * top / Math.Max(1, max - min));
            if (eight)
            {
                frame[i] = (byte)scaled;
            }
            else
            {
                frame[2 * i] = (byte)scaled;
                frame[(2 * i) + 1] = (byte)(scaled >> 8);
            }
        }

        var dataset = file.Dataset.Clone();
        dataset.Remove(DicomTag.RescaleIntercept);
        dataset.Remove(DicomTag.RescaleSlope);
        DicomPixelData.SetNative(dataset, info, frame);
        return Save(new DicomFile(dataset, DicomTransferSyntax.ExplicitVRLittleEndian), name);
    }

    /// <summary>The fragments of the file's first frame, joined.</summary>
    private static byte[] EncodedFrame(DicomFile file)
    {
        var fragments = ((DicomFragmentSequence)file.Dataset.GetItem(DicomTag.PixelData)!).GetFrameFragments(file.Dataset, 1)[0];
        byte[] bytes = new byte[fragments.Sum(f => f.Length)];
        int at = 0;
        foreach (var fragment in fragments)
        {
            fragment.CopyTo(0, bytes.AsSpan(at, (int)fragment.Length));
            at += (int)fragment.Length;
        }

        return bytes;
    }

    private string Save(DicomFile file, string name)
    {
        string path = Path.Combine(_folder, name + ".native.dcm");
        file.Save(path);
        return path;
    }
}
