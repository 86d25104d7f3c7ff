namespace DicomAiNode.Dicom.IO;

/// <summary>How <see cref="DicomWriter"/> writes.</summary>
public sealed record DicomWriteOptions
{
    public static DicomWriteOptions Default { get; } = new();

    /// <summary>Length form of sequences and items.</summary>
    public DicomLengthEncoding SequenceLength { get; init; } = DicomLengthEncoding.AsRead;

    /// <summary>
    /// Group length elements (gggg,0000) other than the file meta group's: kept (with their value recomputed) when true,
    /// left out when false (PS3.5 7.2: they are retired and optional).
    /// </summary>
    public bool KeepGroupLengths { get; init; } = true;

    /// <summary>Deflate compression level for the deflated transfer syntax.</summary>
    public System.IO.Compression.CompressionLevel DeflateLevel { get; init; } = System.IO.Compression.CompressionLevel.Optimal;
}
