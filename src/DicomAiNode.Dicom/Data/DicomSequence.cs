namespace DicomAiNode.Dicom.Data;

/// <summary>A sequence of items (VR SQ, PS3.5 7.5); each item is a <see cref="DicomDataset"/>.</summary>
public sealed class DicomSequence : DicomItem
{
    public DicomSequence(DicomTag tag, IEnumerable<DicomDataset> items)
        : base(tag, DicomVR.SQ)
    {
        Items = items.ToList();
    }

    public DicomSequence(DicomTag tag, params DicomDataset[] items)
        : this(tag, (IEnumerable<DicomDataset>)items)
    {
    }

    /// <summary>The items, in order.</summary>
    public List<DicomDataset> Items { get; }

    /// <summary>
    /// Whether the sequence was read with undefined length (delimited). Writing with <c>DicomLengthEncoding.AsRead</c>
    /// keeps the form so that a round trip is byte-identical; new sequences are written with undefined length.
    /// </summary>
    public bool HasUndefinedLength { get; set; } = true;
}
