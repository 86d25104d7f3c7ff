namespace DicomAiNode.Dicom.Data;

/// <summary>A value held in memory.</summary>
public sealed class MemoryDicomBuffer : DicomBuffer
{
    private readonly ReadOnlyMemory<byte> _data;

    public MemoryDicomBuffer(ReadOnlyMemory<byte> data)
    {
        _data = data;
    }

    public override long Length => _data.Length;

    public override bool IsLazy => false;

    public override ReadOnlyMemory<byte> Data => _data;

    public override Stream OpenRead() =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(_data, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(_data.ToArray(), writable: false);

    public override void CopyTo(long offset, Span<byte> destination) =>
        _data.Span.Slice(checked((int)offset), destination.Length).CopyTo(destination);

    public override void WriteTo(Stream destination) => destination.Write(_data.Span);

    public override Task WriteToAsync(Stream destination, CancellationToken cancellationToken) =>
        destination.WriteAsync(_data, cancellationToken).AsTask();
}
