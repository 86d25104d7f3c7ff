using DicomAiNode.Dicom.Data;
using DicomAiNode.Dicom.Imaging;
using DicomAiNode.Dicom.IO;

namespace DicomAiNode.Dicom.Tests.Imaging;

/// <summary>JPEG 2000 frames encapsulated by pydicom (PS3.5 A.4.4) decode through <see cref="DicomPixelData"/>.</summary>
public class Jpeg2000PixelDataTests
{
    private const string EncapsulateScript = """
        import sys
        import pydicom
        from pydicom.encaps import encapsulate
        from pydicom.uid import UID
        source, target, syntax, photometric, samples, bits, signed, rows, columns = sys.argv[1:10]
        frames = [open(p, 'rb').read() for p in sys.argv[10:]]
        ds = pydicom.dcmread(source)
        ds.file_meta.TransferSyntaxUID = UID(syntax)
        ds.SamplesPerPixel = int(samples)
        ds.PhotometricInterpretation = photometric
        if int(samples) > 1:
            ds.PlanarConfiguration = 0
        ds.BitsAllocated = 16 if int(bits) > 8 else 8
        ds.BitsStored = int(bits)
        ds.HighBit = int(bits) - 1
        ds.PixelRepresentation = int(signed)
        ds.Rows = int(rows)
        ds.Columns = int(columns)
        ds.NumberOfFrames = len(frames)
        ds.PixelData = encapsulate(frames)
        ds['PixelData'].is_undefined_length = True
        ds.is_little_endian = True
        ds.is_implicit_VR = False
        ds.save_as(target, write_like_original=False)
        """;

    private static DicomPixelData Encapsulate(OpenJpegPeer.Image image, DicomTransferSyntax syntax, string photometric, params byte[][] frames)
    {
        string folder = TestFiles.TemporaryFolder();
        try
        {
            var arguments = new List<string>
            {
                PyDicomPeer.TestFile("CT_small.dcm"), Path.Combine(folder, "out.dcm"), syntax.UID.UID, photometric,
                image.Components.ToString(System.Globalization.CultureInfo.InvariantCulture),
                image.Precision.ToString(System.Globalization.CultureInfo.InvariantCulture), image.Signed ? "1" : "0",
                image.Height.ToString(System.Globalization.CultureInfo.InvariantCulture), image.Width.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            for (int i = 0; i < frames.Length; i++)
            {
                string path = Path.Combine(folder, $"frame{i}.j2k");
                File.WriteAllBytes(path, frames[i]);
                arguments.Add(path);
            }
            PyDicomPeer.Run(EncapsulateScript, [.. arguments]);
            return DicomPixelData.Create(DicomFile.Open(new MemoryStream(File.ReadAllBytes(Path.Combine(folder, "out.dcm")))));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Multi_frame_JPEG_2000_lossless_with_a_JP2_wrapped_frame_decodes_every_frame()
    {
        var image = OpenJpegPeer.Create("ct-signed16");
        var pixelData = Encapsulate(image, DicomTransferSyntax.JPEG2000Lossless, PhotometricInterpretations.Monochrome2,
            OpenJpegPeer.Compress(image, "-p RPCL -t 64,64"), OpenJpegPeer.Compress(image, "-n 2", "jp2"));
        Assert.True(pixelData.IsDecodable);
        Assert.Equal(2, pixelData.Info.NumberOfFrames);
        Assert.Equal(image.Samples, pixelData.GetFrame(0));
        Assert.Equal(image.Samples, pixelData.GetFrame(1));
        Assert.True(pixelData.GetFrameAs<int>(0).Min() < 0, "the signed test image has negative values");
    }

    [Fact]
    public void YBR_RCT_colour_frame_decodes_to_RGB_by_pixel()
    {
        var image = OpenJpegPeer.Create("rgb8-odd");
        var pixelData = Encapsulate(image, DicomTransferSyntax.JPEG2000Lossless, PhotometricInterpretations.YbrRct, OpenJpegPeer.Compress(image, "-mct 1"));
        Assert.Equal(PhotometricInterpretations.Rgb, pixelData.Info.PhotometricInterpretation);
        Assert.Equal(0, pixelData.Info.PlanarConfiguration);
        byte[] frame = pixelData.GetFrame(0);
        int pixels = image.Width * image.Height;
        for (int i = 0; i < pixels; i++)
        {
            for (int c = 0; c < 3; c++)
            {
                Assert.Equal(image.Samples[(c * pixels) + i], frame[(3 * i) + c]);
            }
        }
    }

    [Fact]
    public void JPEG_2000_lossy_file_transcodes_to_native_within_the_compression_error()
    {
        var image = OpenJpegPeer.Create("mr-unsigned12");
        var pixelData = Encapsulate(image, DicomTransferSyntax.JPEG2000, PhotometricInterpretations.Monochrome2, OpenJpegPeer.Compress(image, "-I -r 20"));
        int[] decoded = pixelData.GetFrameAs<int>(0);
        var original = new int[decoded.Length];
        for (int i = 0; i < original.Length; i++)
        {
            original[i] = BitConverter.ToUInt16(image.Samples, 2 * i);
        }
        double meanError = decoded.Zip(original, (a, b) => Math.Abs(a - b)).Average();
        // 0.6 bits per sample of a noisy 12-bit MR: lossy indeed, and nowhere near garbage.
        Assert.InRange(meanError, 1, 100);
        byte[] peer = OpenJpegPeer.Decompress(OpenJpegPeer.Compress(image, "-I -r 20"));
        for (int i = 0; i < decoded.Length; i++)
        {
            Assert.InRange(decoded[i] - BitConverter.ToUInt16(peer, 2 * i), -1, 1);
        }
    }
}
