using DicomAiNode.Dicom.Data;
using DicomAiNode.Dicom.Imaging;
using DicomAiNode.Dicom.IO;

namespace DicomAiNode.Dicom.Tests.Imaging;

/// <summary>The facade on data sets built here: fragment layouts, LUT sequences, functional groups, colour and MONOCHROME1.</summary>
public class DicomPixelDataDatasetTests
{
    private static DicomDataset Gray16(int rows, int columns, int frames, ushort[] values)
    {
        var dataset = new DicomDataset();
        var info = new PixelDataInfo(rows, columns, 1, 16, 16, 15, 0, 0, PhotometricInterpretations.Monochrome2, frames).Validate();
        var bytes = new byte[values.Length * 2];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        DicomPixelData.SetNative(dataset, info, bytes);
        return dataset;
    }

    private static ushort[] Ramp(int count) => Enumerable.Range(0, count).Select(i => (ushort)((i * 37) % 4096)).ToArray();

    [Fact]
    public void RLE_frames_split_over_many_fragments_decode_by_Basic_and_Extended_Offset_Table()
    {
        ushort[] values = Ramp(3 * 16 * 16);
        var dataset = Gray16(16, 16, 3, values);
        DicomPixelData.EncodeRle(dataset, DicomTransferSyntax.ExplicitVRLittleEndian);
        var encoded = (DicomFragmentSequence)dataset.GetItem(DicomTag.PixelData)!;

        // Cut every frame into three fragments (PS3.5 A.4 allows a frame to span fragments).
        var fragments = new List<DicomBuffer>();
        var offsets = new List<ulong>();
        ulong position = 0;
        foreach (var fragment in encoded.Fragments)
        {
            offsets.Add(position);
            byte[] data = fragment.Data.ToArray();
            int third = data.Length / 3 & ~1;
            foreach (var piece in new[] { data[..third], data[third..(2 * third)], data[(2 * third)..] })
            {
                fragments.Add(new MemoryDicomBuffer(piece));
                position += 8 + (ulong)piece.Length;
            }
        }

        var withBasic = dataset.Clone();
        withBasic.AddOrUpdate(new DicomFragmentSequence(DicomTag.PixelData, DicomVR.OB, offsets.Select(o => (uint)o), fragments));
        var withExtended = dataset.Clone();
        withExtended.AddOrUpdate(new DicomFragmentSequence(DicomTag.PixelData, DicomVR.OB, [], fragments));
        withExtended.AddOrUpdate(DicomTag.ExtendedOffsetTable, DicomVR.OV, offsets.ToArray());
        withExtended.AddOrUpdate(DicomTag.ExtendedOffsetTableLengths, DicomVR.OV, encoded.Fragments.Select(f => (ulong)f.Length).ToArray());

        foreach (var candidate in new[] { withBasic, withExtended })
        {
            var pixelData = DicomPixelData.Create(candidate, DicomTransferSyntax.RLELossless);
            for (int frame = 0; frame < 3; frame++)
            {
                Assert.Equal(values.AsSpan(frame * 256, 256).ToArray(), pixelData.GetFrameAs<ushort>(frame));
            }
        }

        // One frame in many fragments with an empty offset table: all fragments are the frame.
        var single = Gray16(16, 16, 1, values[..256]);
        DicomPixelData.EncodeRle(single, DicomTransferSyntax.ExplicitVRLittleEndian);
        byte[] whole = ((DicomFragmentSequence)single.GetItem(DicomTag.PixelData)!).Fragments[0].Data.ToArray();
        single.AddOrUpdate(new DicomFragmentSequence(
            DicomTag.PixelData, DicomVR.OB, [], [new MemoryDicomBuffer(whole.AsMemory(0, 64)), new MemoryDicomBuffer(whole.AsMemory(64))]));
        Assert.Equal(values[..256], DicomPixelData.Create(single, DicomTransferSyntax.RLELossless).GetFrameAs<ushort>(0));
    }

    [Fact]
    public void Modality_LUT_Sequence_takes_precedence_over_nothing_and_maps_stored_values()
    {
        var dataset = Gray16(1, 4, 1, [9, 10, 12, 99]);
        var item = new DicomDataset();
        item.Add<ushort>(DicomTag.LUTDescriptor, 4, 10, 16);
        item.Add(DicomTag.ModalityLUTType, "OD");
        item.Add<ushort>(DicomTag.LUTData, 100, 200, 300, 400);
        dataset.Add(DicomTag.ModalityLUTSequence, item);
        var pixelData = DicomPixelData.Create(dataset, DicomTransferSyntax.ExplicitVRLittleEndian);
        Assert.Equal("OD", pixelData.ModalityLut.Type);
        Assert.Equal([100f, 100f, 300f, 400f], pixelData.GetFrameAsFloat(0));
    }

    [Fact]
    public void Enhanced_multi_frame_rescale_comes_from_per_frame_then_shared_functional_groups()
    {
        var dataset = Gray16(1, 2, 2, [10, 20, 30, 40]);
        DicomDataset Transformation(string slope, string intercept)
        {
            var rescale = new DicomDataset();
            rescale.Add(DicomTag.RescaleSlope, slope);
            rescale.Add(DicomTag.RescaleIntercept, intercept);
            rescale.Add(DicomTag.RescaleType, "HU");
            var group = new DicomDataset();
            group.Add(DicomTag.PixelValueTransformationSequence, rescale);
            return group;
        }

        dataset.Add(DicomTag.SharedFunctionalGroupsSequence, Transformation("2", "-100"));
        dataset.Add(DicomTag.PerFrameFunctionalGroupsSequence, Transformation("1", "5"), new DicomDataset());
        var pixelData = DicomPixelData.Create(dataset, DicomTransferSyntax.ExplicitVRLittleEndian);
        Assert.Equal([15f, 25f], pixelData.GetFrameAsFloat(0));   // its own group: 1 × v + 5
        Assert.Equal([-40f, -20f], pixelData.GetFrameAsFloat(1)); // shared group: 2 × v - 100
    }

    [Fact]
    public void VOI_LUT_Function_and_MONOCHROME1_shape_the_preview()
    {
        var dataset = Gray16(1, 3, 1, [0, 50, 100]);
        dataset.AddOrUpdate(DicomTag.PhotometricInterpretation, PhotometricInterpretations.Monochrome1);
        dataset.Add(DicomTag.WindowCenter, "50");
        dataset.Add(DicomTag.WindowWidth, "100");
        dataset.Add(DicomTag.VOILUTFunction, "LINEAR_EXACT");
        var pixelData = DicomPixelData.Create(dataset, DicomTransferSyntax.ExplicitVRLittleEndian);
        Assert.Equal(VoiLutFunction.LinearExact, pixelData.GetVoiLut()!.Window!.Value.Function);
        // LINEAR_EXACT c = 50, w = 100: 0 -> 0, 50 -> 127.5, 100 -> 255; MONOCHROME1 inverts.
        Assert.Equal([255, 128, 0], pixelData.Render8Bit(0));
    }

    [Fact]
    public void VOI_LUT_Sequence_item_is_preferred_to_the_window_and_scaled_from_its_bit_depth()
    {
        var dataset = Gray16(1, 4, 1, [0, 1, 2, 7]);
        dataset.Add(DicomTag.WindowCenter, "1000");
        dataset.Add(DicomTag.WindowWidth, "10");
        var item = new DicomDataset();
        item.Add<ushort>(DicomTag.LUTDescriptor, 3, 0, 12);
        item.Add<ushort>(DicomTag.LUTData, 0, 4095, 2048);
        dataset.Add(DicomTag.VOILUTSequence, item);
        var pixelData = DicomPixelData.Create(dataset, DicomTransferSyntax.ExplicitVRLittleEndian);
        Assert.NotNull(pixelData.GetVoiLut()!.Table);
        // 12-bit entries: 0 -> 0, 4095 -> 255, 2048 -> 127.53; inputs past the table take the last entry.
        Assert.Equal([0, 255, 128, 128], pixelData.Render8Bit(0));
    }

    [Fact]
    public void YBR_FULL_colour_by_plane_renders_as_RGB()
    {
        byte[] rgb = [255, 0, 0, 0, 255, 0, 0, 0, 255, 200, 100, 50];
        byte[] ybr = (byte[])rgb.Clone();
        ColorSpace.RgbToYbrFull(ybr);
        var planes = new byte[12];
        for (int pixel = 0; pixel < 4; pixel++)
        {
            for (int sample = 0; sample < 3; sample++)
            {
                planes[(sample * 4) + pixel] = ybr[(pixel * 3) + sample];
            }
        }

        var dataset = new DicomDataset();
        DicomPixelData.SetNative(
            dataset, new PixelDataInfo(2, 2, 3, 8, 8, 7, 0, 1, PhotometricInterpretations.YbrFull, 1), planes);
        byte[] rendered = DicomPixelData.Create(dataset, DicomTransferSyntax.ExplicitVRLittleEndian).Render8Bit(0);
        for (int i = 0; i < rgb.Length; i++)
        {
            Assert.InRange(rendered[i] - rgb[i], -3, 3);
        }
    }

    [Fact]
    public void Broken_RLE_fragments_give_a_pixel_data_error_naming_the_frame()
    {
        var dataset = Gray16(4, 4, 2, Ramp(32));
        dataset.AddOrUpdate(new DicomFragmentSequence(
            DicomTag.PixelData, DicomVR.OB, [], [new MemoryDicomBuffer(new byte[70]), new MemoryDicomBuffer(new byte[10])]));
        var pixelData = DicomPixelData.Create(dataset, DicomTransferSyntax.RLELossless);
        var error = Assert.Throws<DicomPixelDataException>(() => pixelData.GetFrame(1));
        Assert.Contains("RLE frame 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_rescale_is_reported_when_used_and_leaves_raw_frames_readable()
    {
        var dataset = Gray16(1, 2, 1, [1, 2]);
        dataset.Add(DicomTag.RescaleSlope, "0");
        dataset.Add(DicomTag.RescaleIntercept, "5");
        var pixelData = DicomPixelData.Create(dataset, DicomTransferSyntax.ExplicitVRLittleEndian);
        Assert.Equal([(ushort)1, (ushort)2], pixelData.GetFrameAs<ushort>(0));
        var error = Assert.Throws<DicomPixelDataException>(() => pixelData.GetFrameAsFloat(0));
        Assert.Contains("Rescale Slope (0028,1053)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Native_pixel_data_too_short_for_its_frames_is_reported()
    {
        var dataset = Gray16(4, 4, 2, Ramp(32));
        dataset.AddOrUpdate(DicomTag.NumberOfFrames, "3");
        var pixelData = DicomPixelData.Create(dataset, DicomTransferSyntax.ExplicitVRLittleEndian);
        var error = Assert.Throws<DicomPixelDataException>(() => pixelData.GetFrame(2));
        Assert.Contains("frame 2 of 3", error.Message, StringComparison.Ordinal);
    }
}
