using DicomAiNode.Dicom.Imaging;
using DicomAiNode.Dicom.IO;

namespace DicomAiNode.Dicom.Tests.Imaging;

/// <summary>
/// Real JPEG 2000 files of pydicom's test set (written by various toolkits: lossy 9-7, 14-bit signed, YBR_RCT colour,
/// a Pixel Representation that disagrees with the codestream) decode like opj_decompress decodes their codestreams.
/// </summary>
public class Jpeg2000ReferenceFileTests
{
    private const string ExtractScript = """
        import sys
        import pydicom
        from pydicom.encaps import generate_pixel_data_frame
        ds = pydicom.dcmread(sys.argv[1])
        frames = int(getattr(ds, 'NumberOfFrames', 1) or 1)
        for i, frame in enumerate(generate_pixel_data_frame(ds.PixelData, frames)):
            open(f"{sys.argv[2]}/frame{i}.j2k", 'wb').write(frame)
        print(frames)
        """;

    [Theory]
    [InlineData("JPEG2000.dcm")]
    [InlineData("693_J2KI.dcm")]
    [InlineData("GDCMJ2K_TextGBR.dcm")]
    [InlineData("J2K_pixelrep_mismatch.dcm")]
    [InlineData("MR_small_jp2klossless.dcm")]
    public void Pydicom_JPEG_2000_file_decodes_like_opj_decompress(string name)
    {
        string path = PyDicomPeer.TestFile(name);
        var pixelData = DicomPixelData.Create(DicomFile.Open(path));
        Assert.True(pixelData.IsDecodable);
        var info = pixelData.Info;
        string folder = TestFiles.TemporaryFolder();
        try
        {
            int frames = int.Parse(PyDicomPeer.Run(ExtractScript, path, folder).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(info.NumberOfFrames, frames);
            for (int f = 0; f < frames; f++)
            {
                byte[] expected = OpenJpegPeer.Decompress(File.ReadAllBytes(Path.Combine(folder, $"frame{f}.j2k")));
                byte[] actual = pixelData.GetFrame(f);
                Assert.Equal(info.FrameLength, actual.Length);
                if (info.SamplesPerPixel == 3 && info.PlanarConfiguration == 0)
                {
                    expected = ToColourByPixel(expected, info.Rows * info.Columns);
                }
                if (pixelData.TransferSyntax == DicomTransferSyntax.JPEG2000Lossless)
                {
                    Assert.Equal(expected, actual);
                    continue;
                }

                // Lossy files may use the 9-7 filter, which both decoders compute in floats in their own order.
                int differing = 0;
                for (int i = 0; i < actual.Length / info.BytesPerSample; i++)
                {
                    int ours = info.BitsAllocated == 8 ? actual[i] : BitConverter.ToInt16(actual, 2 * i);
                    int theirs = info.BitsAllocated == 8 ? expected[i] : BitConverter.ToInt16(expected, 2 * i);
                    Assert.InRange(ours - theirs, -1, 1);
                    differing += ours == theirs ? 0 : 1;
                }
                Assert.True(differing < actual.Length / 40, $"{differing} samples differ by 1 from opj_decompress");
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void File_whose_SIZ_is_overwritten_by_a_sequence_delimiter_is_reported_as_malformed()
    {
        // pydicom's test file for fragment parsing: FFFE E0DD sits in place of Rsiz and Xsiz (opj_decompress refuses it too).
        var pixelData = DicomPixelData.Create(DicomFile.Open(PyDicomPeer.TestFile("JPEG2000-embedded-sequence-delimiter.dcm")));
        var error = Assert.Throws<DicomPixelDataException>(() => pixelData.GetFrame(0));
        Assert.Contains("SIZ", error.Message, StringComparison.Ordinal);
    }

    private static byte[] ToColourByPixel(byte[] planes, int pixels)
    {
        var result = new byte[planes.Length];
        for (int i = 0; i < pixels; i++)
        {
            for (int c = 0; c < 3; c++)
            {
                result[(3 * i) + c] = planes[(c * pixels) + i];
            }
        }
        return result;
    }
}
