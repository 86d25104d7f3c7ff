namespace DicomAiNode.Dicom.IO;

/// <summary>How sequences and items are delimited on writing (PS3.5 7.5.1).</summary>
public enum DicomLengthEncoding
{
    /// <summary>As they were read (so a round trip is byte-identical); new sequences and items use undefined length.</summary>
    AsRead,

    /// <summary>Undefined length with delimitation items.</summary>
    Undefined,

    /// <summary>Explicit (defined) lengths.</summary>
    Defined,
}
