using System.Buffers.Binary;
using System.Diagnostics;
using DicomAiNode.Dicom.Imaging;

namespace DicomAiNode.Fuzz;

/// <summary>
/// <see cref="Jpeg2000Codec.DecodeFrame(ReadOnlySpan{byte}, PixelDataInfo, Span{byte}, int)"/> on mutated JPEG 2000
/// codestreams: a frame, a <see cref="DicomPixelDataException"/> or a <see cref="DicomCodecNotSupportedException"/>,
/// nothing else. The layout is taken from the input's own SIZ when it is small, so that mutations get past the layout
/// check into the packets and coding passes. Seeds are made by OpenJPEG's opj_compress (Debian libopenjp2-tools).
/// </summary>
internal sealed class Jpeg2000Target : IFuzzTarget
{
    public string Name => "jpeg2000";

    public IEnumerable<byte[]> Seeds()
    {
        var random = new Random(1);
        foreach (var (components, precision, signed, options) in new (int, int, bool, string)[]
                 {
                     (1, 16, true, "-n 3"),
                     (1, 12, false, "-n 2 -p RPCL -c [8,8] -b 4,4 -SOP -EPH -r 5,1"),
                     (1, 8, false, "-M 63 -t 8,8 -p PCRL -n 2"),
                     (3, 8, false, "-mct 1 -p CPRL -n 2"),
                     (3, 8, false, "-I -r 3 -n 2"),
                     (1, 16, false, "-I -d 3,2 -t 9,7 -n 2 -TP R"),
                 })
        {
            int width = 17, height = 13;
            var samples = new byte[width * height * components * (precision > 8 ? 2 : 1)];
            for (int i = 0; i < samples.Length / (precision > 8 ? 2 : 1); i++)
            {
                int value = random.Next(1 << precision) - (signed ? 1 << (precision - 1) : 0);
                if (precision > 8)
                {
                    BinaryPrimitives.WriteInt16LittleEndian(samples.AsSpan(2 * i), (short)value);
                }
                else
                {
                    samples[i] = (byte)value;
                }
            }

            yield return Compress(samples, width, height, components, precision, signed, options);
        }
    }

    public Task RunAsync(byte[] input)
    {
        var info = LayoutOf(input);
        var frame = new byte[info.FrameLength];
        Jpeg2000Codec.DecodeFrame(input, info, frame);
        return Task.CompletedTask;
    }

    public bool IsExpected(Exception exception) => exception is DicomPixelDataException or DicomCodecNotSupportedException;

    private static PixelDataInfo LayoutOf(byte[] input)
    {
        var fallback = new PixelDataInfo(13, 17, 1, 16, 16, 15, 1, 0, PhotometricInterpretations.Monochrome2, 1);
        int siz = input.AsSpan().IndexOf([(byte)0xFF, (byte)0x51]);
        if (siz < 0 || siz + 44 > input.Length)
        {
            return fallback;
        }

        var body = input.AsSpan(siz + 4);
        long columns = BinaryPrimitives.ReadUInt32BigEndian(body[2..]) - (long)BinaryPrimitives.ReadUInt32BigEndian(body[10..]);
        long rows = BinaryPrimitives.ReadUInt32BigEndian(body[6..]) - (long)BinaryPrimitives.ReadUInt32BigEndian(body[14..]);
        int components = BinaryPrimitives.ReadUInt16BigEndian(body[34..]);
        int precision = (body[36] & 0x7F) + 1;
        if (rows is < 1 or > 512 || columns is < 1 or > 512 || components is not (1 or 3) || precision > 16)
        {
            return fallback;
        }

        int bits = precision > 8 ? 16 : 8;
        return new PixelDataInfo((int)rows, (int)columns, components, bits, precision, precision - 1, body[36] >> 7, 0,
            components == 1 ? PhotometricInterpretations.Monochrome2 : PhotometricInterpretations.Rgb, 1);
    }

    private static byte[] Compress(byte[] samples, int width, int height, int components, int precision, bool signed, string options)
    {
        string folder = Directory.CreateTempSubdirectory("dan-fuzz-j2k-").FullName;
        try
        {
            string input = Path.Combine(folder, "in.rawl"), output = Path.Combine(folder, "out.j2k");
            File.WriteAllBytes(input, samples);
            var start = new ProcessStartInfo("/usr/bin/opj_compress") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string argument in new[] { "-i", input, "-o", output, "-F", $"{width},{height},{components},{precision},{(signed ? 's' : 'u')}" }
                         .Concat(options.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException("opj_compress missing: apt-get install libopenjp2-tools");
            var stdout = process.StandardOutput.ReadToEndAsync();
            string errors = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"opj_compress {options} failed: {errors}{stdout.Result}");
            }

            return File.ReadAllBytes(output);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
