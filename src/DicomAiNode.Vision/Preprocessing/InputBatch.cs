using System.Buffers;

namespace DicomAiNode.Vision.Preprocessing;

/// <summary>
/// A pooled <c>[B,3,H,W]</c> input tensor and the letterbox geometry of each image in it. Rent one per batch and
/// dispose it to return the buffer.
/// </summary>
public sealed class InputBatch : IDisposable
{
    private float[]? _buffer;

    public InputBatch(int capacity, int height, int width)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Capacity = capacity;
        Height = height;
        Width = width;
        _buffer = ArrayPool<float>.Shared.Rent(checked(capacity * 3 * height * width));
        Geometries = new LetterboxGeometry[capacity];
    }

    public int Capacity { get; }

    public int Height { get; }

    public int Width { get; }

    /// <summary>Images filled so far.</summary>
    public int Count { get; private set; }

    public LetterboxGeometry[] Geometries { get; }

    public int ImageLength => 3 * Height * Width;

    /// <summary>The whole tensor for <paramref name="batch"/> images (padding images beyond <see cref="Count"/> are zero).</summary>
    public Memory<float> Tensor(int batch) => Buffer.AsMemory(0, batch * ImageLength);

    /// <summary>Preprocesses <paramref name="slice"/> into the next image slot.</summary>
    public void Add(Slice slice, IReadOnlyList<WindowPreset> windows)
    {
        if (Count == Capacity)
        {
            throw new InvalidOperationException($"the batch holds {Capacity} images already");
        }

        Geometries[Count] = SlicePreprocessor.Fill(slice, windows, Height, Width, Buffer.AsSpan(Count * ImageLength, ImageLength));
        Count++;
    }

    /// <summary>
    /// Preprocesses <paramref name="slices"/> into the slots from 0, in parallel over slices (each writes its own
    /// slot), and sets <see cref="Count"/>.
    /// </summary>
    public void Fill(IReadOnlyList<Slice> slices, int start, int count, IReadOnlyList<WindowPreset> windows, int maxDegreeOfParallelism)
    {
        if (count > Capacity)
        {
            throw new ArgumentOutOfRangeException(nameof(count), $"the batch holds {Capacity} images");
        }

        var buffer = Buffer;
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, maxDegreeOfParallelism) }, b =>
            Geometries[b] = SlicePreprocessor.Fill(slices[start + b], windows, Height, Width, buffer.AsSpan(b * ImageLength, ImageLength)));
        Count = count;
    }

    /// <summary>Zeroes the slots from <see cref="Count"/> to <paramref name="batch"/> (a fixed-batch graph run on a short batch).</summary>
    public void ClearUnused(int batch) => Buffer.AsSpan(Count * ImageLength, (batch - Count) * ImageLength).Clear();

    /// <summary>Starts a new batch in the same buffer.</summary>
    public void Reset() => Count = 0;

    public void Dispose()
    {
        if (_buffer is not null)
        {
            ArrayPool<float>.Shared.Return(_buffer);
            _buffer = null;
        }
    }

    private float[] Buffer => _buffer ?? throw new ObjectDisposedException(nameof(InputBatch));
}
