using System.Buffers.Binary;
using DicomAiNode.Dicom.Data;
using DicomAiNode.Dicom.IO;

namespace DicomAiNode.Dicom.Tests.IO;

/// <summary>Large values stay in the file: a 1 GiB multi-frame parses and saves with bounded memory.</summary>
public class StreamingTests
{
    private const int Rows = 512;
    private const int Columns = 512;

    [Fact]
    public void Parses_a_1_GiB_multi_frame_file_with_bounded_memory()
    {
        var folder = TestFiles.TemporaryFolder();
        try
        {
            const int frames = 2048; // 512 × 512 × 2 bytes × 2048 = 1 GiB
            var path = Path.Combine(folder, "big.dcm");
            WriteSparseMultiFrame(path, frames);

            long before = GC.GetAllocatedBytesForCurrentThread();
            var file = DicomFile.Open(path);
            var pixels = file.Dataset.GetElement(DicomTag.PixelData);
            var lastFrame = new byte[Rows * Columns * 2];
            pixels.Buffer.CopyTo((long)(frames - 1) * lastFrame.Length, lastFrame);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.True(pixels.Buffer.IsLazy);
            Assert.Equal(1L << 30, pixels.Length);
            Assert.Equal(frames, file.Dataset.GetValue<int>(DicomTag.NumberOfFrames));
            Assert.Equal(0x5A5A, BinaryPrimitives.ReadUInt16LittleEndian(lastFrame.AsSpan(lastFrame.Length - 2)));
            Assert.True(allocated < 8 * 1024 * 1024, $"parsing a 1 GiB file allocated {allocated / 1024} KiB");
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public void Saves_a_large_lazy_file_by_streaming_its_pixel_data()
    {
        var folder = TestFiles.TemporaryFolder();
        try
        {
            const int frames = 128; // 64 MiB
            var path = Path.Combine(folder, "source.dcm");
            WriteSparseMultiFrame(path, frames);
            var file = DicomFile.Open(path);
            var copy = Path.Combine(folder, "copy.dcm");

            long before = GC.GetAllocatedBytesForCurrentThread();
            file.Save(copy);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.True(allocated < 8 * 1024 * 1024, $"saving a 64 MiB file allocated {allocated / 1024} KiB");
            var reread = DicomFile.Open(copy);
            Assert.Equal(file.Dataset.GetElement(DicomTag.PixelData).Length, reread.Dataset.GetElement(DicomTag.PixelData).Length);
            var tail = new byte[2];
            reread.Dataset.GetElement(DicomTag.PixelData).Buffer.CopyTo(((long)frames * Rows * Columns * 2) - 2, tail);
            Assert.Equal(0x5A5A, BinaryPrimitives.ReadUInt16LittleEndian(tail));
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public void Leaves_values_in_a_seekable_stream_when_asked()
    {
        var bytes = File.ReadAllBytes(TestFiles.Pydicom("CT_small.dcm"));
        using var stream = new MemoryStream(bytes);
        var file = DicomFile.Open(stream, DicomReadOptions.Default with { DeferValuesInStreams = true });
        var pixels = file.Dataset.GetElement(DicomTag.PixelData);
        Assert.True(pixels.Buffer.IsLazy);
        var inMemory = DicomFile.Open(new MemoryStream(bytes)).Dataset.GetElement(DicomTag.PixelData);
        Assert.False(inMemory.Buffer.IsLazy);
        Assert.Equal(inMemory.Buffer.Data.ToArray(), pixels.Buffer.Data.ToArray());
        using var read = pixels.Buffer.OpenRead();
        var first = new byte[16];
        read.ReadExactly(first);
        Assert.Equal(inMemory.Buffer.Data[..16].ToArray(), first);
    }

    /// <summary>A multi-frame CT header followed by a pixel data element whose value is a sparse file region ending in 0x5A5A.</summary>
    private static void WriteSparseMultiFrame(string path, int frames)
    {
        var dataset = new DicomDataset()
            .Add(DicomTag.SOPClassUID, DicomUID.EnhancedCTImageStorage)
            .Add(DicomTag.SOPInstanceUID, DicomUID.Generate())
            .Add(DicomTag.Modality, "CT")
            .Add(DicomTag.SamplesPerPixel, (ushort)1)
            .Add(DicomTag.PhotometricInterpretation, "MONOCHROME2")
            .Add(DicomTag.NumberOfFrames, frames)
            .Add(DicomTag.Rows, (ushort)Rows)
            .Add(DicomTag.Columns, (ushort)Columns)
            .Add(DicomTag.BitsAllocated, (ushort)16)
            .Add(DicomTag.BitsStored, (ushort)16)
            .Add(DicomTag.HighBit, (ushort)15)
            .Add(DicomTag.PixelRepresentation, (ushort)0);
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        new DicomFile(dataset).Save(stream);
        long length = (long)frames * Rows * Columns * 2;
        var header = new byte[12];
        BinaryPrimitives.WriteUInt16LittleEndian(header, 0x7FE0);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(2), 0x0010);
        header[4] = (byte)'O';
        header[5] = (byte)'W';
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), checked((uint)length));
        stream.Write(header);
        stream.SetLength(stream.Position + length);
        stream.Position = stream.Length - 2;
        stream.Write([0x5A, 0x5A]);
    }
}
