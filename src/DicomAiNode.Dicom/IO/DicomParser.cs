using System.Buffers.Binary;
using DicomAiNode.Dicom.Data;

namespace DicomAiNode.Dicom.IO;

/// <summary>
/// Decodes a data set (PS3.5 7) from a <see cref="DicomSource"/>: explicit or implicit VR, either byte order, defined and
/// undefined lengths, nested sequences, encapsulated pixel data (A.4), UN sequences (6.2.2). Every length is checked
/// against what the source holds; values at or above the threshold stay in a seekable source.
/// </summary>
internal sealed class DicomParser
{
    private const uint UndefinedLength = 0xFFFFFFFF;
    private const int ChunkSize = 1 << 20;
    private const uint ItemTag = 0xFFFEE000;
    private const uint ItemDelimitationTag = 0xFFFEE00D;
    private const uint SequenceDelimitationTag = 0xFFFEE0DD;

    private readonly DicomSource _source;
    private readonly DicomReadOptions _options;
    private readonly string? _path;
    private readonly string _name;
    private readonly bool _defer;
    private readonly object _streamGate = new();
    private byte[] _slab = [];
    private int _slabUsed;

    /// <param name="path">The file the source reads, so that deferred values can reopen it; null for streams.</param>
    public DicomParser(DicomSource source, DicomReadOptions options, string? path)
    {
        _source = source;
        _options = options;
        _path = path;
        _name = path ?? "the stream";
        _defer = source.CanSeek && (path is not null || options.DeferValuesInStreams);
    }

    /// <summary>Reads top-level elements until the end of the source (or the stop tag).</summary>
    public void ReadDataset(DicomDataset dataset, bool explicitVR, bool bigEndian)
    {
        ReadItems(dataset, -1, explicitVR, bigEndian, 0, topLevel: true);
    }

    /// <summary>Reads the file meta information (group 0002, always explicit VR little endian, PS3.10 7.1).</summary>
    public void ReadMetaGroup(DicomDataset meta)
    {
        while (_source.Ensure(8))
        {
            var head = _source.Peek(8);
            if (BinaryPrimitives.ReadUInt16LittleEndian(head) != 0x0002)
            {
                return;
            }
            ReadOneElement(meta, explicitVR: true, bigEndian: false, depth: 0);
        }
    }

    private void ReadItems(DicomDataset dataset, long end, bool explicitVR, bool bigEndian, int depth, bool topLevel)
    {
        while (true)
        {
            if (end >= 0 && _source.Position >= end)
            {
                if (_source.Position > end)
                {
                    throw Malformed($"an element runs {_source.Position - end} bytes past the end of its item");
                }
                return;
            }
            if (!_source.Ensure(8))
            {
                if (topLevel && end < 0 && (_source.Buffered == 0 || _source.RestIsZero()))
                {
                    return;
                }
                throw Truncated(topLevel ? "in the header of an element" : "inside a sequence item (no item delimitation)");
            }
            var head = _source.Peek(8);
            uint tag = ReadTag(head, bigEndian);
            if ((tag >> 16) == 0xFFFE)
            {
                _source.Advance(8);
                if (tag == ItemDelimitationTag && !topLevel)
                {
                    if (end >= 0)
                    {
                        continue; // tolerated inside a defined-length item, as dcmtk does
                    }
                    return;
                }
                if (topLevel && tag is ItemDelimitationTag or SequenceDelimitationTag)
                {
                    continue; // a stray delimiter at top level carries no data
                }
                throw Malformed($"unexpected {new DicomTag(tag)} where a data element was expected");
            }
            if (topLevel && _options.StopAtTag is { } stop && tag >= stop.Value)
            {
                return;
            }
            ReadOneElement(dataset, explicitVR, bigEndian, depth);
        }
    }

    private void ReadOneElement(DicomDataset dataset, bool explicitVR, bool bigEndian, int depth)
    {
        long elementStart = _source.Position;
        var head = _source.Peek(8);
        var tag = new DicomTag(ReadTag(head, bigEndian));
        DicomVR vr;
        uint length;
        bool vrKnown = DicomVR.TryParse(head[4], head[5], out vr);
        if (explicitVR && !vrKnown && IsUpper(head[4]) && IsUpper(head[5]))
        {
            // PS3.5 6.2: a VR this decoder does not know; later VRs all use the long form. Read it as UN.
            if (!_source.Ensure(12))
            {
                throw Truncated($"in the header of {tag}");
            }
            _source.Advance(8);
            length = _source.ReadUInt32(bigEndian);
            vr = DicomVR.UN;
        }
        else if (explicitVR && vrKnown)
        {
            if (vr.Has32BitLength)
            {
                if (!_source.Ensure(12))
                {
                    throw Truncated($"in the header of {tag}");
                }
                _source.Advance(8);
                length = _source.ReadUInt32(bigEndian);
            }
            else
            {
                _source.Advance(6);
                length = _source.ReadUInt16(bigEndian);
            }
        }
        else
        {
            // Implicit VR (or an explicit VR syntax whose element has no VR: read it as implicit, like dcmtk).
            _source.Advance(4);
            length = _source.ReadUInt32(bigEndian);
            vr = ImplicitVR(tag, dataset);
        }

        if (length == UndefinedLength)
        {
            if (tag == DicomTag.PixelData || (vr != DicomVR.SQ && vr != DicomVR.UN && explicitVR))
            {
                dataset.AddRead(ReadFragments(tag, vr == DicomVR.OW ? DicomVR.OW : DicomVR.OB, bigEndian));
                return;
            }
            // PS3.5 6.2.2: UN of undefined length holds a sequence in implicit VR little endian.
            bool nestedExplicit = vr == DicomVR.SQ && explicitVR;
            bool nestedBigEndian = vr == DicomVR.SQ && bigEndian;
            dataset.AddRead(ReadSequence(tag, -1, nestedExplicit, nestedBigEndian, depth, dataset.Encoding));
            return;
        }

        long remaining = _source.Remaining;
        if (length > remaining)
        {
            throw new DicomFileException(
                $"{_name}: {DicomDataset.Describe(tag)} at offset {elementStart} claims {length} bytes but only {remaining} remain: the file is truncated or the length is corrupt.");
        }

        if (vr == DicomVR.SQ)
        {
            dataset.AddRead(ReadSequence(tag, _source.Position + length, explicitVR, bigEndian, depth, dataset.Encoding));
            return;
        }
        if (vr == DicomVR.UN && length >= 8 && LooksLikeSequence(tag))
        {
            // PS3.5 6.2.2 / CP-246: a sequence sent as UN is encoded in implicit VR little endian.
            dataset.AddRead(ReadSequence(tag, _source.Position + length, false, false, depth, dataset.Encoding));
            return;
        }
        dataset.AddRead(new DicomElement(tag, vr, ReadValue(tag, vr, length, bigEndian)));
    }

    private bool LooksLikeSequence(DicomTag tag)
    {
        if (!_source.Ensure(8))
        {
            return false;
        }
        var head = _source.Peek(8);
        bool startsWithItem = BinaryPrimitives.ReadUInt32LittleEndian(head) == 0xE000FFFE;
        return startsWithItem && (tag.IsPrivate || DicomDictionary.Lookup(tag).DefaultVR == DicomVR.SQ);
    }

    private DicomVR ImplicitVR(DicomTag tag, DicomDataset dataset)
    {
        if (tag == DicomTag.PixelData)
        {
            return DicomVR.OW; // PS3.5 A.1: in implicit VR little endian pixel data is OW
        }
        if (tag.IsPrivate && tag.Element >= 0x1000)
        {
            // PS3.5 7.8.1: a private element's meaning (and VR) is given by the creator that reserved its block.
            var creator = dataset.GetPrivateCreator(tag);
            return creator is not null && DicomPrivateDictionary.TryLookup(creator, tag, out var known) ? known.DefaultVR : DicomVR.UN;
        }
        var entry = DicomDictionary.Lookup(tag);
        var vrs = entry.ValueRepresentations;
        if (vrs.Count > 1 && vrs[0] == DicomVR.US && vrs[1] == DicomVR.SS
            && dataset.TryGetItem(DicomTag.PixelRepresentation, out var pr) && pr is DicomElement { Length: >= 2 } e
            && e.Buffer.Data.Span[0] == 1)
        {
            return DicomVR.SS; // PS3.5 A.1 note: "US or SS" follows Pixel Representation
        }
        return entry.DefaultVR;
    }

    private DicomSequence ReadSequence(DicomTag tag, long end, bool explicitVR, bool bigEndian, int depth, DicomEncoding encoding)
    {
        if (depth >= _options.MaximumSequenceDepth)
        {
            throw Malformed($"sequences nested deeper than {_options.MaximumSequenceDepth} levels at {tag}");
        }
        var sequence = new DicomSequence(tag) { HasUndefinedLength = end < 0 };
        while (true)
        {
            if (end >= 0 && _source.Position >= end)
            {
                if (_source.Position > end)
                {
                    throw Malformed($"an item of {DicomDataset.Describe(tag)} runs past the end of the sequence");
                }
                return sequence;
            }
            if (!_source.Ensure(8))
            {
                throw Truncated($"inside {DicomDataset.Describe(tag)} (no sequence delimitation)");
            }
            uint itemTag = ReadTag(_source.Peek(8), bigEndian);
            _source.Advance(4);
            uint length = _source.ReadUInt32(bigEndian);
            if (itemTag == SequenceDelimitationTag)
            {
                return sequence;
            }
            if (itemTag != ItemTag)
            {
                throw Malformed($"{new DicomTag(itemTag)} inside {DicomDataset.Describe(tag)} where an item (FFFE,E000) was expected");
            }
            var item = new DicomDataset(encoding) { HasUndefinedLength = length == UndefinedLength };
            if (length == UndefinedLength)
            {
                ReadItems(item, -1, explicitVR, bigEndian, depth + 1, topLevel: false);
            }
            else
            {
                if (length > _source.Remaining)
                {
                    throw new DicomFileException($"{_name}: an item of {DicomDataset.Describe(tag)} claims {length} bytes but only {_source.Remaining} remain.");
                }
                ReadItems(item, _source.Position + length, explicitVR, bigEndian, depth + 1, topLevel: false);
            }
            sequence.Items.Add(item);
        }
    }

    private DicomFragmentSequence ReadFragments(DicomTag tag, DicomVR vr, bool bigEndian)
    {
        var offsets = new List<uint>();
        var fragments = new List<DicomBuffer>();
        bool first = true;
        while (true)
        {
            if (!_source.Ensure(8))
            {
                throw Truncated($"inside the encapsulated {DicomDataset.Describe(tag)} (no sequence delimitation)");
            }
            uint itemTag = ReadTag(_source.Peek(8), bigEndian);
            _source.Advance(4);
            uint length = _source.ReadUInt32(bigEndian);
            if (itemTag == SequenceDelimitationTag)
            {
                return new DicomFragmentSequence(tag, vr, offsets, fragments);
            }
            if (itemTag != ItemTag || length == UndefinedLength)
            {
                throw Malformed($"{new DicomTag(itemTag)} (length {length:X8}) inside encapsulated {DicomDataset.Describe(tag)} where a fragment item was expected");
            }
            if (length > _source.Remaining)
            {
                throw new DicomFileException($"{_name}: a fragment of {DicomDataset.Describe(tag)} claims {length} bytes but only {_source.Remaining} remain: the file is truncated.");
            }
            if (first)
            {
                // PS3.5 A.4: the first item is the Basic Offset Table (possibly empty).
                first = false;
                var table = ReadValue(tag, DicomVR.UL, length, bigEndian, deferable: false).Data.Span;
                for (int i = 0; i + 4 <= table.Length; i += 4)
                {
                    offsets.Add(BinaryPrimitives.ReadUInt32LittleEndian(table[i..]));
                }
                continue;
            }
            fragments.Add(ReadValue(tag, DicomVR.OB, length, bigEndian, deferable: true, pixel: true));
        }
    }

    private DicomBuffer ReadValue(DicomTag tag, DicomVR vr, uint length, bool bigEndian, bool deferable = true, bool pixel = false)
    {
        if (length == 0)
        {
            return DicomBuffer.Empty;
        }
        int swap = bigEndian ? (vr == DicomVR.AT ? 2 : vr.UnitSize) : 1;
        bool isPixel = pixel || tag == DicomTag.PixelData || tag == DicomTag.FloatPixelData || tag == DicomTag.DoubleFloatPixelData;
        if (deferable && _defer && (length >= _options.LargeValueThreshold || (isPixel && _options.DeferPixelData)))
        {
            long offset = _source.Position;
            if (!_source.Skip(length))
            {
                throw Truncated($"in the value of {DicomDataset.Describe(tag)}");
            }
            return _path is not null
                ? new FileDicomBuffer(_path, offset, length, swap)
                : new StreamDicomBuffer(_source.Stream, _streamGate, offset, length, swap);
        }
        Memory<byte> value;
        if (!_source.CanSeek && length > ChunkSize)
        {
            value = ReadGrowing(tag, length);
        }
        else
        {
            value = AllocateValue(length);
            if (!_source.TryRead(value.Span))
            {
                throw Truncated($"in the value of {DicomDataset.Describe(tag)}");
            }
        }
        if (swap > 1)
        {
            DicomBuffer.Swap(value.Span, swap);
        }
        return new MemoryDicomBuffer(value);
    }

    /// <summary>Small values share a slab, sparing one array per element; large ones get their own array.</summary>
    private Memory<byte> AllocateValue(uint length)
    {
        if (length > Array.MaxLength)
        {
            throw new DicomFileException($"{_name}: a value of {length} bytes is too large to hold in memory.");
        }
        if (length > 1024)
        {
            return new byte[length];
        }
        if (_slab.Length - _slabUsed < length)
        {
            _slab = new byte[16 * 1024];
            _slabUsed = 0;
        }
        var memory = _slab.AsMemory(_slabUsed, (int)length);
        _slabUsed += (int)length;
        return memory;
    }

    /// <summary>
    /// A non-seekable source cannot say how much it holds, so a large value is read in chunks: memory grows with the
    /// bytes that really arrive, and a lying length ends in a clear error at the end of the stream.
    /// </summary>
    private byte[] ReadGrowing(DicomTag tag, uint length)
    {
        if (length > Array.MaxLength)
        {
            throw new DicomFileException($"{_name}: {DicomDataset.Describe(tag)} claims {length} bytes, too large to hold in memory.");
        }
        var chunks = new List<byte[]>();
        long left = length;
        while (left > 0)
        {
            var chunk = new byte[Math.Min(left, ChunkSize)];
            if (!_source.TryRead(chunk))
            {
                throw Truncated($"in the value of {DicomDataset.Describe(tag)}");
            }
            chunks.Add(chunk);
            left -= chunk.Length;
        }
        var value = new byte[length];
        int offset = 0;
        foreach (var chunk in chunks)
        {
            chunk.CopyTo(value, offset);
            offset += chunk.Length;
        }
        return value;
    }

    private static uint ReadTag(ReadOnlySpan<byte> head, bool bigEndian) =>
        bigEndian
            ? ((uint)BinaryPrimitives.ReadUInt16BigEndian(head) << 16) | BinaryPrimitives.ReadUInt16BigEndian(head[2..])
            : ((uint)BinaryPrimitives.ReadUInt16LittleEndian(head) << 16) | BinaryPrimitives.ReadUInt16LittleEndian(head[2..]);

    private static bool IsUpper(byte b) => b is >= (byte)'A' and <= (byte)'Z';

    private DicomFileException Truncated(string where) =>
        new($"{_name}: premature end of data at offset {_source.Position} {where}: the file is truncated.");

    private DicomFileException Malformed(string what) =>
        new($"{_name}: malformed data at offset {_source.Position}: {what}.");
}
