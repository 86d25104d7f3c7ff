using BenchmarkDotNet.Attributes;
using DicomAiNode.Dicom.Data;
using DicomAiNode.Dicom.IO;

namespace DicomAiNode.Benchmarks.Parsing;

/// <summary>
/// Part 10 parsing: a 512×512 16-bit CT slice (header and pixel data, from a file and from memory) and a 300-frame
/// 512×512 16-bit multi-frame (header only, pixel data left in the file; and every frame streamed through one buffer).
/// Run: <c>dotnet run -c Release --project tests/DicomAiNode.Benchmarks -- --filter '*DicomParsingBenchmarks*'</c>.
/// </summary>
[MemoryDiagnoser]
public class DicomParsingBenchmarks
{
    private const int Size = 512;
    private const int Frames = 300;
    private readonly DicomReadOptions _headerOnly = DicomReadOptions.Default with { StopAtTag = DicomTag.PixelData };
    private readonly byte[] _frame = new byte[Size * Size * 2];
    private string _folder = string.Empty;
    private string _ct = string.Empty;
    private string _multiFrame = string.Empty;
    private byte[] _ctBytes = [];

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "dicomainode-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_folder);
        var random = new Random(7);
        var pixels = new byte[Size * Size * 2];
        random.NextBytes(pixels);
        _ct = Path.Combine(_folder, "ct.dcm");
        new DicomFile(Header(DicomUID.CTImageStorage, 1).AddOrUpdate(DicomTag.PixelData, DicomVR.OW, new MemoryDicomBuffer(pixels))).Save(_ct);
        _ctBytes = File.ReadAllBytes(_ct);

        // The multi-frame's 150 MiB of pixel data is written from one frame buffer, so setup stays bounded too.
        _multiFrame = Path.Combine(_folder, "multiframe.dcm");
        using (var stream = new FileStream(_multiFrame, FileMode.Create, FileAccess.Write))
        {
            new DicomFile(Header(DicomUID.EnhancedCTImageStorage, Frames)).Save(stream);
            var header = new byte[12];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(header, 0x00107FE0);
            header[4] = (byte)'O';
            header[5] = (byte)'W';
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), (uint)(Frames * pixels.Length));
            stream.Write(header);
            for (int i = 0; i < Frames; i++)
            {
                stream.Write(pixels);
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_folder, true);

    [Benchmark(Description = "CT 512x512x16: header only")]
    public int CtHeader() => DicomFile.Open(_ct, _headerOnly).Dataset.Count;

    [Benchmark(Description = "CT 512x512x16: header + pixel data")]
    public int CtHeaderAndPixels() => DicomFile.Open(_ct).Dataset.GetElement(DicomTag.PixelData).Buffer.Data.Length;

    [Benchmark(Description = "CT 512x512x16 from memory: header + pixel data")]
    public int CtFromMemory() => DicomFile.Open(new MemoryStream(_ctBytes, writable: false)).Dataset.GetElement(DicomTag.PixelData).Buffer.Data.Length;

    [Benchmark(Description = "300-frame multi-frame: header (pixel data left in file)")]
    public long MultiFrameHeader() => DicomFile.Open(_multiFrame).Dataset.GetElement(DicomTag.PixelData).Length;

    [Benchmark(Description = "300-frame multi-frame: header + every frame streamed")]
    public long MultiFrameAllFrames()
    {
        var pixels = DicomFile.Open(_multiFrame).Dataset.GetElement(DicomTag.PixelData).Buffer;
        using var stream = pixels.OpenRead();
        long total = 0;
        for (int i = 0; i < Frames; i++)
        {
            stream.ReadExactly(_frame);
            total += _frame[^1];
        }
        return total;
    }

    private static DicomDataset Header(DicomUID sopClass, int frames)
    {
        var ds = new DicomDataset()
            .Add(DicomTag.SpecificCharacterSet, "ISO_IR 100")
            .Add(DicomTag.ImageType, "ORIGINAL", "PRIMARY", "AXIAL")
            .Add(DicomTag.SOPClassUID, sopClass)
            .Add(DicomTag.SOPInstanceUID, DicomUID.Generate())
            .Add(DicomTag.StudyDate, new DateTime(2026, 1, 1))
            .Add(DicomTag.StudyTime, new TimeOnly(12, 0))
            .Add(DicomTag.Modality, "CT")
            .Add(DicomTag.Manufacturer, "DicomAiNode")
            .Add(DicomTag.PatientName, "Bench^Mark")
            .Add(DicomTag.PatientID, "BENCH1")
            .Add(DicomTag.SliceThickness, 1.25)
            .Add(DicomTag.KVP, 120)
            .Add(DicomTag.StudyInstanceUID, DicomUID.Generate())
            .Add(DicomTag.SeriesInstanceUID, DicomUID.Generate())
            .Add(DicomTag.InstanceNumber, 1)
            .Add(DicomTag.ImagePositionPatient, -250.0, -250.0, -100.0)
            .Add(DicomTag.ImageOrientationPatient, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0)
            .Add(DicomTag.FrameOfReferenceUID, DicomUID.Generate())
            .Add(DicomTag.SamplesPerPixel, (ushort)1)
            .Add(DicomTag.PhotometricInterpretation, "MONOCHROME2")
            .Add(DicomTag.Rows, (ushort)Size)
            .Add(DicomTag.Columns, (ushort)Size)
            .Add(DicomTag.PixelSpacing, 0.9765625, 0.9765625)
            .Add(DicomTag.BitsAllocated, (ushort)16)
            .Add(DicomTag.BitsStored, (ushort)16)
            .Add(DicomTag.HighBit, (ushort)15)
            .Add(DicomTag.PixelRepresentation, (ushort)1)
            .Add(DicomTag.WindowCenter, 40.0)
            .Add(DicomTag.WindowWidth, 400.0)
            .Add(DicomTag.RescaleIntercept, -1024.0)
            .Add(DicomTag.RescaleSlope, 1.0)
            .Add(DicomTag.ReferencedImageSequence, new DicomDataset()
                .Add(DicomTag.ReferencedSOPClassUID, DicomUID.CTImageStorage)
                .Add(DicomTag.ReferencedSOPInstanceUID, DicomUID.Generate()));
        if (frames > 1)
        {
            ds.Add(DicomTag.NumberOfFrames, frames);
        }
        return ds;
    }
}
