using DicomAiNode.Dicom.Data;

namespace DicomAiNode.Dicom.IO;

/// <summary>How <see cref="DicomReader"/> reads.</summary>
public sealed record DicomReadOptions
{
    /// <summary>The defaults: values of 64 KiB and more, and pixel data always, stay in the source when it is a seekable file or stream.</summary>
    public static DicomReadOptions Default { get; } = new();

    /// <summary>Values at least this long stay in the source (read on demand) when the source is seekable.</summary>
    public long LargeValueThreshold { get; init; } = 64 * 1024;

    /// <summary>Leave pixel data (7FE0,0010), float/double pixel data and the fragments of encapsulated pixel data in a seekable source, whatever their size.</summary>
    public bool DeferPixelData { get; init; } = true;

    /// <summary>
    /// When reading a seekable <see cref="Stream"/> (not a path), leave large values in it; the caller must then keep the
    /// stream open while values are used. When false, values from streams are read into memory.
    /// </summary>
    public bool DeferValuesInStreams { get; init; }

    /// <summary>Stop before the first top-level element whose tag is at least this one (e.g. <see cref="DicomTag.PixelData"/> for fast header reading).</summary>
    public DicomTag? StopAtTag { get; init; }

    /// <summary>Deepest nesting of sequences accepted; deeper input is rejected as malformed (protects the stack).</summary>
    public int MaximumSequenceDepth { get; init; } = 64;
}
