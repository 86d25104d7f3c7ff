using DicomAiNode.Dicom.Data;
using DicomAiNode.Dicom.Imaging;
using DicomAiNode.Dicom.IO;

namespace DicomAiNode.Dicom.Tests.Imaging;

/// <summary>JPEG Lossless through <see cref="DicomPixelData"/>: fragment layouts, offset tables, transcoding.</summary>
public sealed class JpegLosslessPixelDataTests
{
    private const int Frames = 3;
    private static readonly PixelDataInfo Info = new(21, 19, 1, 16, 12, 11, 1, 0, PhotometricInterpretations.Monochrome2, Frames);

    /// <summary>Three signed 12-bit frames, their native bytes, and each frame encoded (padded to even length, PS3.5 A.4).</summary>
    private static (byte[][] Native, byte[][] Encoded) MakeFrames()
    {
        var native = new byte[Frames][];
        var encoded = new byte[Frames][];
        var frameInfo = Info with { NumberOfFrames = 1 };
        for (int frame = 0; frame < Frames; frame++)
        {
            int[] samples = JpegLosslessCodecTests.Image(Info.Rows, Info.Columns, 1, 12, frame);
            native[frame] = JpegLosslessCodecTests.Native(samples, frameInfo);
            byte[] jpeg = JpegLosslessTestEncoder.Encode(samples, Info.Columns, Info.Rows, 1, 12, new(frame + 2, RestartInterval: frame == 2 ? 2 * Info.Columns : 0));
            encoded[frame] = jpeg.Length % 2 == 0 ? jpeg : [.. jpeg, 0];
        }

        return (native, encoded);
    }

    private static DicomDataset Dataset(IEnumerable<uint> basicOffsets, IEnumerable<byte[]> fragments)
    {
        var dataset = new DicomDataset();
        Info.WriteTo(dataset);
        dataset.Add(DicomTag.RescaleSlope, "1");
        dataset.Add(DicomTag.RescaleIntercept, "-1024");
        dataset.AddOrUpdate(new DicomFragmentSequence(DicomTag.PixelData, DicomVR.OB, basicOffsets, fragments.Select(f => new MemoryDicomBuffer(f))));
        return dataset;
    }

    private static void AssertFrames(DicomDataset dataset, byte[][] native, DicomTransferSyntax? syntax = null)
    {
        var pixelData = DicomPixelData.Create(dataset, syntax ?? DicomTransferSyntax.JPEGLossless);
        Assert.Equal(Info, pixelData.Info);
        for (int frame = 0; frame < Frames; frame++)
        {
            Assert.Equal(native[frame], pixelData.GetFrame(frame));
        }
    }

    [Fact]
    public void Frames_in_one_fragment_each_decode_with_or_without_a_Basic_Offset_Table()
    {
        var (native, encoded) = MakeFrames();
        AssertFrames(Dataset([], encoded), native);
        AssertFrames(Dataset([0, (uint)(8 + encoded[0].Length), (uint)(16 + encoded[0].Length + encoded[1].Length)], encoded), native);
    }

    [Fact]
    public void Frames_split_over_fragments_decode_by_Basic_or_Extended_Offset_Table_or_by_their_SOI_marker()
    {
        var (native, encoded) = MakeFrames();
        var fragments = new List<byte[]>();
        var offsets = new List<ulong>();
        ulong position = 0;
        foreach (byte[] frame in encoded)
        {
            offsets.Add(position);
            foreach (var piece in frame.Chunk(40)) // PS3.5 A.4: a frame may span fragments of even length
            {
                fragments.Add(piece);
                position += 8 + (ulong)piece.Length;
            }
        }

        AssertFrames(Dataset(offsets.Select(o => (uint)o), fragments), native);
        var extended = Dataset([], fragments);
        extended.AddOrUpdate(DicomTag.ExtendedOffsetTable, DicomVR.OV, offsets.ToArray());
        extended.AddOrUpdate(DicomTag.ExtendedOffsetTableLengths, DicomVR.OV, encoded.Select(f => (ulong)f.Length).ToArray());
        AssertFrames(extended, native);
        AssertFrames(Dataset([], fragments), native); // no offset table: each frame starts with SOI

        var single = Dataset([], encoded[1].Chunk(30));
        (Info with { NumberOfFrames = 1 }).WriteTo(single);
        Assert.Equal(native[1], DicomPixelData.Create(single, DicomTransferSyntax.JPEGLosslessSV1).GetFrame(0));
    }

    [Fact]
    public void Stored_values_modality_values_previews_and_transcoding_see_the_decoded_frames()
    {
        var (native, encoded) = MakeFrames();
        var nativeDataset = Dataset([], encoded);
        nativeDataset.Remove(DicomTag.PixelData);
        DicomPixelData.SetNative(nativeDataset, Info, native.SelectMany(f => f).ToArray());
        var reference = DicomPixelData.Create(nativeDataset, DicomTransferSyntax.ExplicitVRLittleEndian);
        var jpeg = DicomPixelData.Create(Dataset([], encoded), DicomTransferSyntax.JPEGLossless);
        for (int frame = 0; frame < Frames; frame++)
        {
            Assert.Equal(reference.GetFrameAs<short>(frame), jpeg.GetFrameAs<short>(frame));
            Assert.Equal(reference.GetFrameAsFloat(frame), jpeg.GetFrameAsFloat(frame));
            Assert.Equal(reference.Render8Bit(frame), jpeg.Render8Bit(frame));
        }

        foreach (var target in new[] { DicomTransferSyntax.ExplicitVRLittleEndian, DicomTransferSyntax.ExplicitVRBigEndian, DicomTransferSyntax.RLELossless })
        {
            var file = DicomPixelData.Transcode(new DicomFile(Dataset([], encoded), DicomTransferSyntax.JPEGLossless), target);
            using var stream = new MemoryStream();
            file.Save(stream);
            stream.Position = 0;
            var reread = DicomFile.Open(stream);
            Assert.Equal(target, reread.TransferSyntax);
            AssertFrames(reread.Dataset, native, target);
        }
    }

    [Fact]
    public void A_broken_frame_is_reported_with_its_number_when_read_or_transcoded()
    {
        var (_, encoded) = MakeFrames();
        encoded[1] = encoded[1][..(encoded[1].Length / 2)];
        var dataset = Dataset([], encoded);
        var pixelData = DicomPixelData.Create(dataset, DicomTransferSyntax.JPEGLossless);
        Assert.Equal(Info.FrameLength, pixelData.GetFrame(0).Length);
        var error = Assert.Throws<DicomPixelDataException>(() => pixelData.GetFrame(1));
        Assert.Contains("JPEG Lossless frame 1", error.Message, StringComparison.Ordinal);
        error = Assert.Throws<DicomPixelDataException>(() => DicomPixelData.Transcode(dataset, DicomTransferSyntax.JPEGLossless, DicomTransferSyntax.ExplicitVRLittleEndian));
        Assert.Contains("JPEG Lossless frame 1", error.Message, StringComparison.Ordinal);
        Assert.IsType<DicomFragmentSequence>(dataset.GetItem(DicomTag.PixelData)); // nothing was replaced
    }
}
