namespace DicomAiNode.Dicom.Data;

/// <summary>
/// A data element with a value of bytes, as encoded (little endian for binary VRs, the data set's character set for text).
/// The value may stay in the source file and be read on demand (<see cref="DicomBuffer.IsLazy"/>).
/// </summary>
public sealed class DicomElement : DicomItem
{
    public DicomElement(DicomTag tag, DicomVR vr, DicomBuffer buffer)
        : base(tag, vr)
    {
        if (vr.IsSequence || vr == DicomVR.NONE)
        {
            throw new ArgumentException($"{tag}: an element cannot have VR {vr.Code}; use DicomSequence.", nameof(vr));
        }
        Buffer = buffer;
    }

    public DicomElement(DicomTag tag, DicomVR vr, ReadOnlyMemory<byte> value)
        : this(tag, vr, value.IsEmpty ? DicomBuffer.Empty : new MemoryDicomBuffer(value))
    {
    }

    /// <summary>The value bytes.</summary>
    public DicomBuffer Buffer { get; }

    /// <summary>Length of the value in bytes (before padding to even length on writing).</summary>
    public long Length => Buffer.Length;

    /// <summary>Number of values: binary values for binary VRs, backslash-separated values for multi-valued text VRs.</summary>
    public int Count
    {
        get
        {
            if (Buffer.Length == 0)
            {
                return 0;
            }
            if (VR.IsBinary)
            {
                return VR.UnitSize <= 1 ? checked((int)Math.Min(Buffer.Length, int.MaxValue)) : (int)(Buffer.Length / (VR == DicomVR.AT ? 4 : VR.UnitSize));
            }
            if (!VR.IsMultiValued)
            {
                return 1;
            }
            return Buffer.Data.Span.Count((byte)'\\') + 1;
        }
    }
}
