namespace DicomAiNode.Vision.Decoding;

/// <summary>A half-open pixel rectangle: rows [Top, Bottom), columns [Left, Right).</summary>
public readonly record struct PixelRect(int Top, int Left, int Bottom, int Right)
{
    public int Height => Math.Max(0, Bottom - Top);

    public int Width => Math.Max(0, Right - Left);

    public bool IsEmpty => Bottom <= Top || Right <= Left;

    public PixelRect Intersect(PixelRect other) =>
        new(Math.Max(Top, other.Top), Math.Max(Left, other.Left), Math.Min(Bottom, other.Bottom), Math.Min(Right, other.Right));

    public PixelRect Union(PixelRect other) => IsEmpty ? other : other.IsEmpty ? this :
        new(Math.Min(Top, other.Top), Math.Min(Left, other.Left), Math.Max(Bottom, other.Bottom), Math.Max(Right, other.Right));

    public PixelRect Inflate(int margin) => new(Top - margin, Left - margin, Bottom + margin, Right + margin);
}
