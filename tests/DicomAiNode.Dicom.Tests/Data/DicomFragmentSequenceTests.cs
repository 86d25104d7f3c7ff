using DicomAiNode.Dicom.Data;
using DicomAiNode.Dicom.IO;

namespace DicomAiNode.Dicom.Tests.Data;

public class DicomFragmentSequenceTests
{
    private static readonly DicomBuffer[] Fragments =
    [
        new MemoryDicomBuffer(new byte[10]), new MemoryDicomBuffer(new byte[6]), new MemoryDicomBuffer(new byte[4]),
    ];

    [Fact]
    public void Splits_fragments_into_frames_by_the_basic_offset_table()
    {
        // Frame 1: fragments 0 and 1 (8+10 + 8+6 bytes), frame 2: fragment 2.
        var pixels = new DicomFragmentSequence(DicomTag.PixelData, DicomVR.OB, [0u, 32u], Fragments);
        var frames = pixels.GetFrameFragments(new DicomDataset(), 2);
        Assert.Equal(2, frames.Count);
        Assert.Equal(2, frames[0].Count);
        Assert.Same(Fragments[2], frames[1][0]);
    }

    [Fact]
    public void Prefers_the_extended_offset_table_when_present()
    {
        var pixels = new DicomFragmentSequence(DicomTag.PixelData, DicomVR.OB, [], Fragments);
        var dataset = new DicomDataset()
            .Add(DicomTag.ExtendedOffsetTable, DicomVR.OV, 0UL, 18UL, 32UL)
            .Add(DicomTag.ExtendedOffsetTableLengths, DicomVR.OV, 10UL, 6UL, 4UL)
            .AddOrUpdate(pixels);
        Assert.Equal([0UL, 18UL, 32UL], pixels.GetFrameOffsets(dataset));
        Assert.Equal(3, pixels.GetFrameFragments(dataset, 3).Count);

        var stream = new MemoryStream();
        DicomWriter.Write(stream, dataset, DicomTransferSyntax.RLELossless);
        stream.Position = 0;
        var back = DicomReader.ReadDataset(stream, DicomTransferSyntax.RLELossless);
        Assert.Equal([0UL, 18UL, 32UL], back.GetValues<ulong>(DicomTag.ExtendedOffsetTable));
        Assert.Equal(3, Assert.IsType<DicomFragmentSequence>(back.GetItem(DicomTag.PixelData)).Fragments.Count);
    }

    [Fact]
    public void Gives_one_frame_per_fragment_without_offsets_and_refuses_to_guess_otherwise()
    {
        var pixels = new DicomFragmentSequence(DicomTag.PixelData, DicomVR.OB, [], Fragments);
        Assert.Equal(3, pixels.GetFrameFragments(new DicomDataset(), 3).Count);
        Assert.Single(pixels.GetFrameFragments(new DicomDataset(), 1));
        Assert.Throws<DicomDataException>(() => pixels.GetFrameFragments(new DicomDataset(), 2));
    }

    [Fact]
    public void Refuses_to_write_native_pixel_data_in_an_encapsulated_syntax()
    {
        var dataset = new DicomDataset().Add(DicomTag.PixelData, DicomVR.OW, (ushort)1, (ushort)2);
        var e = Assert.Throws<DicomDataException>(() => DicomWriter.Write(new MemoryStream(), dataset, DicomTransferSyntax.JPEGBaseline8Bit));
        Assert.Contains("native", e.Message, StringComparison.Ordinal);
    }
}
