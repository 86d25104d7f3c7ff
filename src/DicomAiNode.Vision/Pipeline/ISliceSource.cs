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

    /// <summary>
    /// The segmenter is done with <paramref name="slice"/>, which it got from <see cref="Read"/>, and holds no
    /// reference to its pixels any more: a source that rents pixel buffers may take this one back. Called at most
    /// once per read; slices never released (a failed run) are simply collected.
    /// </summary>
    void Release(Slice slice)
    {
    }
}
