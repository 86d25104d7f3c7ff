using DicomAiNode.Dicom.Imaging;

namespace DicomAiNode.Dicom.Tests.Imaging;

/// <summary>
/// Codestreams made by OpenJPEG's opj_compress with the options of T.800 Part 1 (progression orders, tiles, precincts,
/// code-block sizes and mode switches, layers, 9-7 quantization, RCT/ICT) decode to what opj_decompress gives, and
/// lossless ones to the original samples.
/// </summary>
public class Jpeg2000OpenJpegTests
{
    public static TheoryData<string, string> Lossless => new()
    {
        { "ct-signed16", "" },
        { "ct-signed16", "-n 6 -b 16,16" },
        { "ct-signed16", "-p RLCP -n 3 -r 30,10,1" },
        { "ct-signed16", "-p RPCL -c [32,32],[16,16] -b 8,8" },
        { "ct-signed16", "-p PCRL -t 50,40 -n 3" },
        { "ct-signed16", "-p CPRL -c [64,64],[32,32],[16,16] -SOP -EPH" },
        { "ct-signed16", "-M 1 -r 20,5,1" },
        { "ct-signed16", "-M 2" },
        { "ct-signed16", "-M 4 -r 8,1" },
        { "ct-signed16", "-M 8" },
        { "ct-signed16", "-M 16" },
        { "ct-signed16", "-M 32" },
        { "ct-signed16", "-M 63 -r 10,3,1 -b 32,16" },
        { "ct-signed16", "-d 5,3 -t 40,40 -p RPCL" },
        { "ct-signed16", "-t 64,64 -TP R -p RLCP" },
        { "ct-signed16", "-TP L -r 10,1 -PLT" },
        { "ct-signed12", "-p PCRL -c [32,32] -M 9" },
        { "unsigned16-full", "" },
        { "unsigned16-full", "-n 5 -p CPRL -c [32,32] -b 4,4" },
        { "mr-unsigned12", "" },
        { "mr-unsigned12", "-n 1" },
        { "mr-unsigned12", "-t 128,128 -p RLCP -SOP" },
        { "grey8-odd", "-n 4 -c [16,16] -p PCRL" },
        { "grey8-odd", "-d 7,9 -t 33,21 -n 3 -p CPRL -EPH" },
        { "rgb8-odd", "" },
        { "rgb8-odd", "-mct 0 -p CPRL" },
        { "rgb8-odd", "-t 32,32 -p RPCL -M 5" },
    };

    public static TheoryData<string, string> Lossy => new()
    {
        { "ct-signed16", "-I" },
        { "ct-signed16", "-I -r 10" },
        { "ct-signed16", "-I -r 40,10,4 -p RPCL -c [32,32]" },
        { "ct-signed16", "-I -r 20 -M 63 -t 64,64" },
        { "mr-unsigned12", "-I -r 15 -n 6" },
        { "unsigned16-full", "-I -r 4 -TP R -t 64,64" },
        { "unsigned16-full", "-I -r 4" },
        { "ct-signed12", "-I -r 12 -t 64,64" },
        { "unsigned16-full", "-I" },
        { "unsigned16-full", "-I -r 40" },
        { "ct-signed16", "-I -r 4" },
        { "mr-unsigned12", "-r 15,5" },
        { "grey8-odd", "-I -r 6 -d 3,1" },
        { "rgb8-odd", "-I -r 8" },
        { "rgb8-odd", "-I -mct 0 -r 5 -p PCRL" },
    };

    [Theory]
    [MemberData(nameof(Lossless))]
    public void Lossless_OpenJPEG_codestream_decodes_to_the_original_samples(string imageName, string options)
    {
        var image = OpenJpegPeer.Create(imageName);
        byte[] codestream = OpenJpegPeer.Compress(image, options);
        byte[] decoded = Jpeg2000Codec.DecodeFrame(codestream, image.Info);
        Assert.Equal(image.Samples, decoded);
        Assert.Equal(Samples(OpenJpegPeer.Decompress(codestream), image), Samples(decoded, image));
    }

    [Theory]
    [MemberData(nameof(Lossy))]
    public void Lossy_OpenJPEG_codestream_decodes_like_opj_decompress(string imageName, string options)
    {
        var image = OpenJpegPeer.Create(imageName);
        byte[] codestream = OpenJpegPeer.Compress(image, options);
        byte[] decoded = Jpeg2000Codec.DecodeFrame(codestream, image.Info);
        byte[] expected = OpenJpegPeer.Decompress(codestream);
        Assert.Equal(expected.Length, decoded.Length);
        int[] ours = Samples(decoded, image), theirs = Samples(expected, image), original = Samples(image.Samples, image);
        int worst = 0, differing = 0;
        double error = 0;
        for (int i = 0; i < ours.Length; i++)
        {
            int difference = Math.Abs(ours[i] - theirs[i]);
            worst = Math.Max(worst, difference);
            differing += difference == 0 ? 0 : 1;
            error += Math.Abs(ours[i] - original[i]);
        }
        // Both decoders compute the 9-7 synthesis in single-precision floats, in their own order: some samples round the
        // other way. Measured: about 1 in 60 by 1 up to 12 bits; with 16-bit samples near 65535 (where a float keeps 8
        // fraction bits) about 1 in 5 by 1, a few by 2 — and there this decoder is the one closer to the original.
        bool wide = image.Precision == 16 && !image.Signed;
        Assert.True(worst <= (wide ? 2 : 1) && differing <= ours.Length / (wide ? 4 : 20),
            $"{options}: {differing} of {ours.Length} samples differ from opj_decompress, by up to {worst}");
        double peerError = theirs.Zip(original, (a, b) => (double)Math.Abs(a - b)).Sum();
        Assert.True(error <= (peerError * 1.01) + (ours.Length * 0.01), $"{options}: mean error {error / ours.Length} against the original, opj_decompress {peerError / ours.Length}");
        int range = (1 << image.Precision) - 1;
        Assert.True(error / ours.Length < range * 0.05, $"{options}: mean error {error / ours.Length} against the original is implausible");
    }

    private static int[] Samples(byte[] data, OpenJpegPeer.Image image)
    {
        var samples = new int[image.Width * image.Height * image.Components];
        for (int i = 0; i < samples.Length; i++)
        {
            int value = image.BitsAllocated == 8 ? data[i] : BitConverter.ToUInt16(data, 2 * i);
            // opj_decompress writes signed samples of less than 16 bits without sign extension: extend from the precision.
            int unused = 32 - image.Precision;
            samples[i] = image.Signed ? (value << unused) >> unused : value & ((1 << image.Precision) - 1);
        }
        return samples;
    }
}
