using DicomAiNode.Vision.Preprocessing;

namespace DicomAiNode.Vision.Pipeline;

/// <summary>Slices already in memory as a <see cref="ISliceSource"/>.</summary>
public sealed class SliceListSource : ISliceSource
{
    private readonly IReadOnlyList<Slice> _slices;

    public SliceListSource(IReadOnlyList<Slice> slices)
    {
        _slices = slices;
        TotalPixels = slices.Sum(s => (long)s.Pixels.Length);
    }

    public int Count => _slices.Count;

    public long TotalPixels { get; }

    public Slice Read(int index, CancellationToken cancellationToken) => _slices[index];
}
