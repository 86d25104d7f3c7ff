using DicomAiNode.Vision.Preprocessing;

namespace DicomAiNode.Vision.Pipeline;

/// <summary>
/// A series read one slice at a time, so that <see cref="YoloeSegmenter"/> holds only the slices of the batches in
/// flight, whatever the length of the series.
/// </summary>
public interface ISliceSource
{
    /// <summary>Number of slices; indexes run from 0.</summary>
    int Count { get; }

    /// <summary>Rows × columns summed over all slices, known without reading pixels (percentile normalisation samples on a stride over it).</summary>
    long TotalPixels { get; }

    /// <summary>Reads slice <paramref name="index"/>. May be called from several threads at once for different indexes, and more than once for one index.</summary>
    Slice Read(int index, CancellationToken cancellationToken);
}
