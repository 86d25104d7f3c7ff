using DicomAiNode.Dicom.Data;
using DicomAiNode.Dicom.Imaging;
using DicomAiNode.Dicom.IO;

namespace DicomAiNode.Dicom.Tests.Imaging;

/// <summary>
/// Files compressed by a real peer, dcmtk's dcmcjpeg (IJG lossless codec), decode to the pixels of their sources:
/// CT and MR (16-bit signed), 8-bit and 16-bit RGB, multi-frame 8-bit grey, 16-bit full-range samples, with every
/// selection value; with a point transform they decode to what dcmtk's own dcmdjpeg makes of them.
/// </summary>
public sealed class JpegLosslessDcmtkTests : IDisposable
{
    private const string InstallHint = "apt-get install dcmtk";

    private readonly string _folder = Directory.CreateTempSubdirectory("dan-jpegll-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string> Sources => new() { "CT_small", "MR_small", "rgb8", "rgb16_2frames", "gray8_3frames", "full16" };

    [Theory]
    [MemberData(nameof(Sources))]
    public void Files_compressed_by_dcmcjpeg_with_every_selection_value_decode_to_the_original_pixels(string source)
    {
        string native = MakeSource(source);
        var original = DicomPixelData.Create(DicomFile.Open(native));
        var runs = new List<(string Name, string[] Options, DicomTransferSyntax Syntax)> { ("sv1-e1", ["+e1"], DicomTransferSyntax.JPEGLosslessSV1) };
        for (int selection = 1; selection <= 7; selection++)
        {
            runs.Add(($"sv{selection}", ["+el", "+sv", selection.ToString(System.Globalization.CultureInfo.InvariantCulture)], DicomTransferSyntax.JPEGLossless));
        }

        foreach (var (name, options, syntax) in runs)
        {
            string compressed = Path.Combine(_folder, $"{source}.{name}.dcm");
            Dcmtk("dcmcjpeg", [.. options, native, compressed]);
            var file = DicomFile.Open(compressed);
            Assert.Equal(syntax, file.TransferSyntax);
            var decoded = DicomPixelData.Create(file);
            Assert.True(decoded.IsEncapsulated);
            Assert.Equal(original.Info with { PlanarConfiguration = 0 }, decoded.Info with { PlanarConfiguration = 0 });
            for (int frame = 0; frame < original.Info.NumberOfFrames; frame++)
            {
                Assert.True(original.GetFrameAs<int>(frame).AsSpan().SequenceEqual(decoded.GetFrameAs<int>(frame)), $"{source} {name}: frame {frame} differs");
            }
        }
    }

    [Theory]
    [InlineData("CT_small", 1, 2)]
    [InlineData("full16", 7, 5)]
    [InlineData("rgb8", 4, 3)]
    public void Files_compressed_by_dcmcjpeg_with_a_point_transform_decode_as_dcmdjpeg_decodes_them(string source, int selection, int pointTransform)
    {
        string native = MakeSource(source);
        string compressed = Path.Combine(_folder, $"{source}.pt.dcm");
        string byDcmtk = Path.Combine(_folder, $"{source}.pt.dcmdjpeg.dcm");
        Dcmtk("dcmcjpeg", ["+el", "+sv", $"{selection}", "+pt", $"{pointTransform}", native, compressed]);
        Dcmtk("dcmdjpeg", [compressed, byDcmtk]);

        var ours = DicomPixelData.Create(DicomFile.Open(compressed));
        var theirs = DicomPixelData.Create(DicomFile.Open(byDcmtk));
        var original = DicomPixelData.Create(DicomFile.Open(native));
        int[] decoded = ours.GetFrameAs<int>(0);
        Assert.Equal(theirs.GetFrameAs<int>(0), decoded);
        Assert.NotEqual(original.GetFrameAs<int>(0), decoded); // the point transform drops the low bits
    }

    [Fact]
    public void Multi_frame_file_fragmented_by_dcmcjpeg_without_offset_table_decodes_every_frame()
    {
        // +fs 1: fragments of at most 1 KiB; -ot: empty Basic Offset Table, so frames are found by their SOI markers.
        string native = MakeSource("gray16_4frames");
        string compressed = Path.Combine(_folder, "fragmented.dcm");
        Dcmtk("dcmcjpeg", ["+el", "+sv", "4", "+fs", "1", "-ot", native, compressed]);
        var file = DicomFile.Open(compressed);
        var fragments = (DicomFragmentSequence)file.Dataset.GetItem(DicomTag.PixelData)!;
        Assert.Empty(fragments.BasicOffsetTable);
        Assert.True(fragments.Fragments.Count > 8, $"dcmcjpeg wrote {fragments.Fragments.Count} fragments for 4 frames");
        var original = DicomPixelData.Create(DicomFile.Open(native));
        var decoded = DicomPixelData.Create(file);
        for (int frame = 0; frame < 4; frame++)
        {
            Assert.Equal(original.GetFrame(frame), decoded.GetFrame(frame));
        }
    }

    [Fact]
    public void GDCM_RGB_file_from_pydicom_decodes_to_the_pixels_of_its_RLE_twin()
    {
        var jpeg = DicomPixelData.Create(DicomFile.Open(PyDicomPeer.TestFile("SC_rgb_jpeg_gdcm.dcm")));
        var rle = DicomPixelData.Create(DicomFile.Open(PyDicomPeer.TestFile("SC_rgb_rle.dcm")));
        Assert.Equal(DicomTransferSyntax.JPEGLosslessSV1, jpeg.TransferSyntax);
        Assert.Equal(rle.GetFrame(0), jpeg.GetFrame(0));
    }

    internal static void Dcmtk(string tool, IEnumerable<string> arguments)
    {
        string path = "/usr/bin/" + tool;
        if (!File.Exists(path))
        {
            Assert.Fail($"dcmtk peer missing: {path} not found. {InstallHint}");
        }

        var (exitCode, stdout, stderr) = ProcessRunner.Run(path, arguments);
        Assert.True(exitCode == 0, $"{tool} {string.Join(' ', arguments)} failed ({exitCode}): {stdout}{stderr}");
    }

    private string MakeSource(string source)
    {
        string path = Path.Combine(_folder, source + ".native.dcm");
        DicomFile file = source switch
        {
            "CT_small" or "MR_small" => DicomFile.Open(PyDicomPeer.TestFile(source + ".dcm")),
            "rgb8" => DicomFile.Open(PyDicomPeer.TestFile("SC_rgb_jpeg_dcmd.dcm")),
            "rgb16_2frames" => DicomPixelData.Transcode(DicomFile.Open(PyDicomPeer.TestFile("SC_rgb_rle_16bit_2frame.dcm")), DicomTransferSyntax.ExplicitVRLittleEndian),
            "gray8_3frames" => Synthetic(new PixelDataInfo(37, 29, 1, 8, 8, 7, 0, 0, PhotometricInterpretations.Monochrome2, 3)),
            "gray16_4frames" => Synthetic(new PixelDataInfo(64, 48, 1, 16, 16, 15, 0, 0, PhotometricInterpretations.Monochrome2, 4)),
            "full16" => Synthetic(new PixelDataInfo(40, 33, 1, 16, 16, 15, 0, 0, PhotometricInterpretations.Monochrome2, 1)),
            _ => throw new ArgumentOutOfRangeException(nameof(source), source, "no such source"),
        };
        file.Save(path);
        return path;
    }

    private static DicomFile Synthetic(PixelDataInfo info)
    {
        var frames = new List<byte>();
        for (int frame = 0; frame < info.NumberOfFrames; frame++)
        {
            int[] samples = JpegLosslessCodecTests.Image(info.Rows, info.Columns, 1, info.BitsStored, frame + info.BitsStored);
            frames.AddRange(JpegLosslessCodecTests.Native(samples, info));
        }

        var dataset = new DicomDataset();
        dataset.Add(DicomTag.SOPClassUID, "1.2.840.10008.5.1.4.1.1.7");
        dataset.Add(DicomTag.SOPInstanceUID, $"2.25.{info.BitsStored}{info.NumberOfFrames}{info.Rows}");
        dataset.Add(DicomTag.Modality, "OT");
        DicomPixelData.SetNative(dataset, info, frames.ToArray());
        return new DicomFile(dataset);
    }
}
