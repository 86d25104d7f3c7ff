using DicomAiNode.Dicom.Imaging;

namespace DicomAiNode.Benchmarks.Imaging;

/// <summary>
/// The frame every pixel-data benchmark decodes, so their numbers compare: 512×512, 16 bits allocated, 12 stored, a
/// CT-like disc (air, a bone ring, noisy soft tissue); and the external encoders that compress it at setup.
/// </summary>
internal static class CtLikeFrame
{
    public static readonly PixelDataInfo Info = new PixelDataInfo(512, 512, 1, 16, 12, 11, 0, 0, PhotometricInterpretations.Monochrome2, 1).Validate();

    /// <summary>The frame's bytes (little endian), the same for every call (seeded).</summary>
    public static byte[] Create()
    {
        var random = new Random(42);
        var frame = new byte[Info.FrameLength];
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

        return frame;
    }

    /// <summary>Runs an encoder (a Debian peer) to completion; throws with its output when it fails or is missing.</summary>
    public static void RunTool(string tool, string package, IEnumerable<string> arguments)
    {
        string path = "/usr/bin/" + tool;
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{tool} missing: apt-get install {package}");
        }

        var (exit, stdout, stderr) = DicomAiNode.Dicom.Tests.ProcessRunner.Run(path, arguments);
        if (exit != 0)
        {
            throw new InvalidOperationException($"{tool} failed: {stderr}{stdout}");
        }
    }
}
