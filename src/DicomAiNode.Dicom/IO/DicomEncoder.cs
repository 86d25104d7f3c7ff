using System.Buffers.Binary;
using DicomAiNode.Dicom.Data;

namespace DicomAiNode.Dicom.IO;

/// <summary>
/// Encodes a data set (PS3.5 7) in a transfer syntax. Small parts are collected in a scratch buffer; <see cref="Encode"/>
/// yields whenever the buffer should be flushed, with the large value (if any) to copy after it, so that one encoder
/// serves both the synchronous and the asynchronous writer and large lazy values never have to be in memory.
/// </summary>
internal sealed class DicomEncoder
{
    private const uint UndefinedLength = 0xFFFFFFFF;
    private const int FlushThreshold = 64 * 1024;
    private const int InlineValueLimit = 16 * 1024;

    private readonly bool _explicitVR;
    private readonly bool _bigEndian;
    private readonly DicomWriteOptions _options;
    private byte[] _scratch = new byte[FlushThreshold + 1024];
    private int _used;

    public DicomEncoder(bool explicitVR, bool bigEndian, DicomWriteOptions options)
    {
        _explicitVR = explicitVR;
        _bigEndian = bigEndian;
        _options = options;
    }

    /// <summary>The bytes collected since the last flush.</summary>
    public ReadOnlyMemory<byte> Pending => _scratch.AsMemory(0, _used);

    public void ClearPending() => _used = 0;

    /// <summary>
    /// Encodes <paramref name="dataset"/>; each yielded value means "write <see cref="Pending"/>, clear it, then copy the
    /// yielded buffer if it is not null". The caller also writes what is pending at the end.
    /// </summary>
    public IEnumerable<DicomBuffer?> Encode(DicomDataset dataset)
    {
        var items = dataset.ToList();
        for (int i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (item.Tag.Element == 0x0000 && item is DicomElement)
            {
                if (!_options.KeepGroupLengths && item.Tag.Group is not (0x0000 or 0x0002))
                {
                    continue;
                }
                // PS3.5 7.2: the group length is the number of bytes that follow it up to the end of the group.
                long groupLength = 0;
                for (int j = i + 1; j < items.Count && items[j].Tag.Group == item.Tag.Group; j++)
                {
                    groupLength += Measure(items[j]);
                }
                WriteElementHeader(item.Tag, DicomVR.UL, 4);
                WriteUInt32((uint)groupLength);
                continue;
            }
            foreach (var large in EncodeItem(item))
            {
                yield return large;
            }
            if (_used >= FlushThreshold)
            {
                yield return null;
            }
        }
    }

    private IEnumerable<DicomBuffer?> EncodeItem(DicomItem item)
    {
        switch (item)
        {
            case DicomElement element:
                foreach (var large in EncodeElement(element))
                {
                    yield return large;
                }
                break;
            case DicomSequence sequence:
                bool undefined = UndefinedSequence(sequence);
                WriteElementHeader(sequence.Tag, DicomVR.SQ, undefined ? UndefinedLength : checked((uint)MeasureSequenceContent(sequence)));
                foreach (var entry in sequence.Items)
                {
                    bool undefinedItem = UndefinedItem(entry);
                    WriteItemHeader(0xFFFEE000, undefinedItem ? UndefinedLength : checked((uint)MeasureDataset(entry)));
                    foreach (var large in Encode(entry))
                    {
                        yield return large;
                    }
                    if (undefinedItem)
                    {
                        WriteItemHeader(0xFFFEE00D, 0);
                    }
                }
                if (undefined)
                {
                    WriteItemHeader(0xFFFEE0DD, 0);
                }
                break;
            case DicomFragmentSequence fragments:
                WriteElementHeader(fragments.Tag, fragments.VR, UndefinedLength);
                WriteItemHeader(0xFFFEE000, (uint)(fragments.BasicOffsetTable.Count * 4));
                foreach (uint offset in fragments.BasicOffsetTable)
                {
                    WriteUInt32(offset);
                }
                foreach (var fragment in fragments.Fragments)
                {
                    long length = fragment.Length + (fragment.Length & 1);
                    WriteItemHeader(0xFFFEE000, checked((uint)length));
                    foreach (var large in EncodeValue(fragment, 1, fragment.Length, 0))
                    {
                        yield return large;
                    }
                }
                WriteItemHeader(0xFFFEE0DD, 0);
                break;
            default:
                throw new DicomDataException($"Cannot encode {item.GetType().Name} {item.Tag}.");
        }
    }

    private IEnumerable<DicomBuffer?> EncodeElement(DicomElement element)
    {
        long length = element.Length + (element.Length & 1);
        if (length > uint.MaxValue - 1)
        {
            throw new DicomDataException($"{DicomDataset.Describe(element.Tag)}: a value of {element.Length} bytes exceeds the 32-bit length field.");
        }
        var vr = HeaderVR(element);
        WriteElementHeader(element.Tag, vr, (uint)length);
        int swap = _bigEndian ? (element.VR == DicomVR.AT ? 2 : element.VR.UnitSize) : 1;
        return EncodeValue(element.Buffer, swap, element.Length, element.VR.PaddingByte);
    }

    private IEnumerable<DicomBuffer?> EncodeValue(DicomBuffer buffer, int swap, long length, byte padding)
    {
        if (length <= InlineValueLimit && !buffer.IsLazy)
        {
            var span = Reserve((int)length);
            buffer.Data.Span.CopyTo(span);
            if (swap > 1)
            {
                DicomBuffer.Swap(span, swap);
            }
        }
        else
        {
            yield return null; // flush before the large value
            if (swap > 1)
            {
                var copy = buffer.Data.ToArray();
                DicomBuffer.Swap(copy, swap);
                yield return new MemoryDicomBuffer(copy);
            }
            else
            {
                yield return buffer;
            }
        }
        if ((length & 1) == 1)
        {
            Reserve(1)[0] = padding; // PS3.5 7.1.1: values have even length
        }
    }

    /// <summary>
    /// The VR written in an explicit VR header: a value too long for a 16-bit length field is written as UN
    /// (PS3.5 6.2.2), since it cannot be encoded with its own VR.
    /// </summary>
    private DicomVR HeaderVR(DicomElement element)
    {
        if (_explicitVR && !element.VR.Has32BitLength && element.Length + (element.Length & 1) > 0xFFFF)
        {
            return DicomVR.UN;
        }
        return element.VR;
    }

    private bool UndefinedSequence(DicomSequence sequence) => _options.SequenceLength switch
    {
        DicomLengthEncoding.Undefined => true,
        DicomLengthEncoding.Defined => false,
        _ => sequence.HasUndefinedLength,
    };

    private bool UndefinedItem(DicomDataset item) => _options.SequenceLength switch
    {
        DicomLengthEncoding.Undefined => true,
        DicomLengthEncoding.Defined => false,
        _ => item.HasUndefinedLength,
    };

    /// <summary>Encoded size of one item, header included.</summary>
    public long Measure(DicomItem item)
    {
        switch (item)
        {
            case DicomElement element:
                long length = element.Length + (element.Length & 1);
                return HeaderSize(HeaderVR(element)) + length;
            case DicomSequence sequence:
                return HeaderSize(DicomVR.SQ) + MeasureSequenceContent(sequence) + (UndefinedSequence(sequence) ? 8 : 0);
            case DicomFragmentSequence fragments:
                long total = HeaderSize(fragments.VR) + 8 + (fragments.BasicOffsetTable.Count * 4) + 8;
                foreach (var f in fragments.Fragments)
                {
                    total += 8 + f.Length + (f.Length & 1);
                }
                return total;
            default:
                return 0;
        }
    }

    private long MeasureSequenceContent(DicomSequence sequence)
    {
        long total = 0;
        foreach (var item in sequence.Items)
        {
            total += 8 + MeasureDataset(item) + (UndefinedItem(item) ? 8 : 0);
        }
        return total;
    }

    public long MeasureDataset(DicomDataset dataset)
    {
        long total = 0;
        foreach (var item in dataset)
        {
            if (item.Tag.Element == 0 && item is DicomElement && !_options.KeepGroupLengths && item.Tag.Group is not (0x0000 or 0x0002))
            {
                continue;
            }
            total += item.Tag.Element == 0 && item is DicomElement ? HeaderSize(DicomVR.UL) + 4 : Measure(item);
        }
        return total;
    }

    private int HeaderSize(DicomVR vr) => !_explicitVR ? 8 : vr.Has32BitLength ? 12 : 8;

    private void WriteElementHeader(DicomTag tag, DicomVR vr, uint length)
    {
        var span = Reserve(_explicitVR && vr.Has32BitLength ? 12 : 8);
        WriteTag(span, tag.Value);
        if (!_explicitVR)
        {
            Write32(span[4..], length);
            return;
        }
        span[4] = (byte)vr.Code[0];
        span[5] = (byte)vr.Code[1];
        if (vr.Has32BitLength)
        {
            span[6] = 0;
            span[7] = 0;
            Write32(span[8..], length);
        }
        else
        {
            Write16(span[6..], (ushort)length);
        }
    }

    private void WriteItemHeader(uint tag, uint length)
    {
        var span = Reserve(8);
        WriteTag(span, tag);
        Write32(span[4..], length);
    }

    private void WriteUInt32(uint value) => Write32(Reserve(4), value);

    private void WriteTag(Span<byte> span, uint tag)
    {
        Write16(span, (ushort)(tag >> 16));
        Write16(span[2..], (ushort)tag);
    }

    private void Write16(Span<byte> span, ushort value)
    {
        if (_bigEndian)
        {
            BinaryPrimitives.WriteUInt16BigEndian(span, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(span, value);
        }
    }

    private void Write32(Span<byte> span, uint value)
    {
        if (_bigEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(span, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(span, value);
        }
    }

    private Span<byte> Reserve(int count)
    {
        if (_used + count > _scratch.Length)
        {
            Array.Resize(ref _scratch, Math.Max(_scratch.Length * 2, _used + count));
        }
        var span = _scratch.AsSpan(_used, count);
        _used += count;
        return span;
    }
}
