using System.Buffers.Binary;
using DicomAiNode.Dicom.Data;
using DicomAiNode.Dicom.IO;
using DicomAiNode.Dicom.Imaging;

namespace DicomAiNode.Dicom.Tests.Imaging;

/// <summary>
/// OpenJPEG's command-line tools (Debian libopenjp2-tools) as the JPEG 2000 peer: opj_compress makes codestreams from raw
/// samples with chosen options, opj_decompress gives the reference decode. Also the test images fed to them.
/// </summary>
internal static class OpenJpegPeer
{
    private const string Package = "libopenjp2-tools";

    /// <summary>A test image: planar little-endian samples (1 or 2 bytes each) and how opj_compress is to read them.</summary>
    public sealed record Image(string Name, int Width, int Height, int Components, int Precision, bool Signed, byte[] Samples)
    {
        public int BitsAllocated => Precision > 8 ? 16 : 8;

        public PixelDataInfo Info => new(
            Height, Width, Components, BitsAllocated, Precision, Precision - 1, Signed ? 1 : 0, Components > 1 ? 1 : 0,
            Components > 1 ? PhotometricInterpretations.Rgb : PhotometricInterpretations.Monochrome2, 1);
    }

    /// <summary>Encodes <paramref name="image"/> with opj_compress and the given options; returns the codestream (j2k) or JP2 file (jp2).</summary>
    public static byte[] Compress(Image image, string options, string format = "j2k")
    {
        string tool = TestFiles.Tool("opj_compress", Package);
        string folder = TestFiles.TemporaryFolder();
        try
        {
            string input = Path.Combine(folder, "in.rawl"), output = Path.Combine(folder, "out." + format);
            File.WriteAllBytes(input, image.Samples);
            var arguments = new List<string>
            {
                "-i", input, "-o", output,
                "-F", $"{image.Width},{image.Height},{image.Components},{image.Precision},{(image.Signed ? 's' : 'u')}",
            };
            arguments.AddRange(options.Split(' ', StringSplitOptions.RemoveEmptyEntries));
            var (exit, stdout, stderr) = ProcessRunner.Run(tool, arguments);
            Assert.True(exit == 0 && File.Exists(output), $"opj_compress {options} failed ({exit}): {stdout}{stderr}");
            return File.ReadAllBytes(output);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Decodes a codestream with opj_decompress; returns planar little-endian samples.</summary>
    public static byte[] Decompress(byte[] codestream)
    {
        string tool = TestFiles.Tool("opj_decompress", Package);
        string folder = TestFiles.TemporaryFolder();
        try
        {
            string input = Path.Combine(folder, "in.j2k"), output = Path.Combine(folder, "out.rawl");
            File.WriteAllBytes(input, codestream);
            var (exit, stdout, stderr) = ProcessRunner.Run(tool, ["-i", input, "-o", output]);
            Assert.True(exit == 0 && File.Exists(output), $"opj_decompress failed ({exit}): {stdout}{stderr}");
            return File.ReadAllBytes(output);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The test images: signed 16- and 12-bit CT, full-range unsigned 16-bit, 12-bit MR, 8-bit grey and RGB of odd sizes, all from real pixels.</summary>
    public static Image Create(string name)
    {
        switch (name)
        {
            case "ct-signed16":
            {
                // CT_small in Hounsfield-like signed values: negatives and the full 16-bit range matter.
                var pixels = DicomPixelData.Create(DicomFile.Open(PyDicomPeer.TestFile("CT_small.dcm"))).GetFrameAs<int>(0);
                var samples = new byte[pixels.Length * 2];
                for (int i = 0; i < pixels.Length; i++)
                {
                    BinaryPrimitives.WriteInt16LittleEndian(samples.AsSpan(2 * i), (short)((pixels[i] - 1024) * 3));
                }
                return new Image(name, 128, 128, 1, 16, true, samples);
            }
            case "ct-signed12":
            {
                // CT_small minus 1024: Hounsfield-like values in a 12-bit two's complement range.
                var pixels = DicomPixelData.Create(DicomFile.Open(PyDicomPeer.TestFile("CT_small.dcm"))).GetFrameAs<int>(0);
                var samples = new byte[pixels.Length * 2];
                for (int i = 0; i < pixels.Length; i++)
                {
                    BinaryPrimitives.WriteInt16LittleEndian(samples.AsSpan(2 * i), (short)(pixels[i] - 1024));
                }
                return new Image(name, 128, 128, 1, 12, true, samples);
            }
            case "unsigned16-full":
            {
                // CT_small stretched over the whole unsigned 16-bit range (0 and 65535 included).
                var pixels = DicomPixelData.Create(DicomFile.Open(PyDicomPeer.TestFile("CT_small.dcm"))).GetFrameAs<int>(0);
                int min = pixels.Min(), max = pixels.Max();
                var samples = new byte[pixels.Length * 2];
                for (int i = 0; i < pixels.Length; i++)
                {
                    BinaryPrimitives.WriteUInt16LittleEndian(samples.AsSpan(2 * i), (ushort)((pixels[i] - min) * 65535L / (max - min)));
                }
                return new Image(name, 128, 128, 1, 16, false, samples);
            }
            case "mr-unsigned12":
            {
                var pixels = DicomPixelData.Create(DicomFile.Open(ReferenceData.File("dcm_qa_ts/1.dcm"))).GetFrameAs<int>(0);
                var samples = new byte[pixels.Length * 2];
                for (int i = 0; i < pixels.Length; i++)
                {
                    BinaryPrimitives.WriteUInt16LittleEndian(samples.AsSpan(2 * i), (ushort)pixels[i]);
                }
                return new Image(name, 384, 384, 1, 12, false, samples);
            }
            case "grey8-odd":
                return Crop(name, 1, 101, 77, (x, y, _, ct) => ct >> 3);
            case "rgb8-odd":
                return Crop(name, 3, 99, 71, (x, y, c, ct) => c == 0 ? ct >> 3 : c == 1 ? (x * 2) + (ct & 31) : (y * 3) ^ (ct >> 4));
            default:
                throw new ArgumentOutOfRangeException(nameof(name), name, "unknown test image");
        }
    }

    private static Image Crop(string name, int components, int width, int height, Func<int, int, int, int, int> sample)
    {
        var ct = DicomPixelData.Create(DicomFile.Open(PyDicomPeer.TestFile("CT_small.dcm"))).GetFrameAs<int>(0);
        var samples = new byte[components * width * height];
        for (int c = 0; c < components; c++)
        {
            for (int y = 0; y < height; y++)
            {
                for (int x = 0; x < width; x++)
                {
                    samples[(c * width * height) + (y * width) + x] = (byte)Math.Clamp(sample(x, y, c, ct[((y + 10) * 128) + x + 13]), 0, 255);
                }
            }
        }
        return new Image(name, width, height, components, 8, false, samples);
    }
}
