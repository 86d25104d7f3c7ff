using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace DicomAiNode.Dicom.Network;

/// <summary>
/// One pre-allocated, zero-filled file of the spool journal (<see cref="SpoolJournal"/>). Layout: a 4 KiB segment
/// header (magic, generation), then records at 4 KiB-aligned offsets, each a 512-byte record header (magic,
/// generation, sequence, payload length, payload hash, target file name, header hash) followed by the payload: the
/// whole Part 10 file as it will appear in the spool folder. A record counts only if both hashes match and its
/// generation is the segment's; records of one generation are contiguous, so a scan stops at the first that fails.
/// Because the blocks were written when the segment was created, committing a record (fdatasync) changes no file
/// size or block map: one data flush, no file-system journal commit. Not thread-safe: one writer at a time.
/// </summary>
internal sealed class JournalSegment : IDisposable
{
    public const int SegmentHeaderLength = 4096;
    public const int RecordHeaderLength = 512;
    private const int Alignment = 4096;
    private const int MaxNameLength = 255;
    private const int HeaderHashOffset = RecordHeaderLength - 8;
    private static ReadOnlySpan<byte> SegmentMagic => "DANJSEG1"u8;
    private static ReadOnlySpan<byte> RecordMagic => "DANJREC1"u8;

    private readonly SafeFileHandle _handle;
    private readonly XxHash3 _hash = new();
    private long _offset = SegmentHeaderLength;
    private long _recordStart;
    private long _payloadLength;
    private bool _overflow;

    private JournalSegment(string path, SafeFileHandle handle, long length, ulong generation)
    {
        FilePath = path;
        _handle = handle;
        Length = length;
        Generation = generation;
    }

    public string FilePath { get; }

    public long Length { get; }

    public ulong Generation { get; private set; }

    /// <summary>Bytes left for records in the current generation.</summary>
    public long Remaining => Length - _offset;

    /// <summary>Creates a segment of <paramref name="length"/> zero bytes, flushed with its folder entry.</summary>
    public static JournalSegment Create(string path, long length)
    {
        string temp = path + ".new";
        using (var handle = File.OpenHandle(temp, FileMode.Create, FileAccess.ReadWrite, FileShare.None))
        {
            var zeros = new byte[1 << 20];
            for (long at = 0; at < length; at += zeros.Length)
            {
                RandomAccess.Write(handle, zeros.AsSpan(0, (int)Math.Min(zeros.Length, length - at)), at);
            }
            WriteSegmentHeader(handle, 1);
            RandomAccess.FlushToDisk(handle);
        }
        File.Move(temp, path, overwrite: true);
        FileSync.FlushDirectory(Path.GetDirectoryName(path)!);
        return Open(path);
    }

    /// <summary>Opens an existing segment; its records stay readable (<see cref="ReadRecords"/>) until <see cref="Reset"/>.</summary>
    public static JournalSegment Open(string path)
    {
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        try
        {
            long length = RandomAccess.GetLength(handle);
            Span<byte> header = stackalloc byte[16];
            if (length < SegmentHeaderLength + RecordHeaderLength || RandomAccess.Read(handle, header, 0) < 16 || !header[..8].SequenceEqual(SegmentMagic))
            {
                throw new InvalidDataException($"{path} is not a spool journal segment.");
            }
            return new JournalSegment(path, handle, length, BinaryPrimitives.ReadUInt64LittleEndian(header[8..]));
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    public void BeginRecord()
    {
        _recordStart = _offset;
        _payloadLength = 0;
        _overflow = false;
        _hash.Reset();
    }

    /// <summary>Appends payload bytes; past the segment's end the record is marked overflowed and later refused.</summary>
    public void Append(ReadOnlySpan<byte> data)
    {
        if (_overflow)
        {
            return;
        }
        long at = _recordStart + RecordHeaderLength + _payloadLength;
        if (at + data.Length > Length)
        {
            _overflow = true;
            return;
        }
        RandomAccess.Write(_handle, data, at);
        _hash.Append(data);
        _payloadLength += data.Length;
    }

    /// <summary>Writes the record header and flushes the record (fdatasync); false if the payload did not fit.</summary>
    public bool Commit(string fileName, ulong sequence)
    {
        var name = Encoding.ASCII.GetBytes(fileName);
        if (_overflow || name.Length > MaxNameLength)
        {
            return false;
        }
        Span<byte> header = stackalloc byte[RecordHeaderLength];
        header.Clear();
        RecordMagic.CopyTo(header);
        BinaryPrimitives.WriteUInt64LittleEndian(header[8..], Generation);
        BinaryPrimitives.WriteUInt64LittleEndian(header[16..], sequence);
        BinaryPrimitives.WriteInt64LittleEndian(header[24..], _payloadLength);
        BinaryPrimitives.WriteUInt64LittleEndian(header[32..], _hash.GetCurrentHashAsUInt64());
        BinaryPrimitives.WriteUInt16LittleEndian(header[40..], (ushort)name.Length);
        name.CopyTo(header[42..]);
        BinaryPrimitives.WriteUInt64LittleEndian(header[HeaderHashOffset..], XxHash3.HashToUInt64(header[..HeaderHashOffset]));
        RandomAccess.Write(_handle, header, _recordStart);
        FileSync.DataSync(_handle);
        _offset = Align(_recordStart + RecordHeaderLength + _payloadLength);
        return true;
    }

    /// <summary>The committed records of the current generation, in file order, with verified hashes.</summary>
    public List<JournalRecord> ReadRecords()
    {
        var records = new List<JournalRecord>();
        var header = new byte[RecordHeaderLength];
        var buffer = new byte[1 << 20];
        long at = SegmentHeaderLength;
        while (at + RecordHeaderLength <= Length && RandomAccess.Read(_handle, header, at) == RecordHeaderLength)
        {
            var h = header.AsSpan();
            if (!h[..8].SequenceEqual(RecordMagic) || BinaryPrimitives.ReadUInt64LittleEndian(h[8..]) != Generation
                || BinaryPrimitives.ReadUInt64LittleEndian(h[HeaderHashOffset..]) != XxHash3.HashToUInt64(h[..HeaderHashOffset]))
            {
                break;
            }
            long length = BinaryPrimitives.ReadInt64LittleEndian(h[24..]);
            int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(h[40..]);
            if (length < 0 || at + RecordHeaderLength + length > Length || nameLength is 0 or > MaxNameLength)
            {
                break;
            }
            _hash.Reset();
            for (long done = 0; done < length;)
            {
                int n = RandomAccess.Read(_handle, buffer.AsSpan(0, (int)Math.Min(buffer.Length, length - done)), at + RecordHeaderLength + done);
                if (n <= 0)
                {
                    break;
                }
                _hash.Append(buffer.AsSpan(0, n));
                done += n;
            }
            if (_hash.GetCurrentHashAsUInt64() != BinaryPrimitives.ReadUInt64LittleEndian(h[32..]))
            {
                break; // torn: header flushed, payload not (one fdatasync, no ordering between them)
            }
            records.Add(new JournalRecord(this, BinaryPrimitives.ReadUInt64LittleEndian(h[16..]),
                Encoding.ASCII.GetString(h.Slice(42, nameLength)), at + RecordHeaderLength, length));
            at = Align(at + RecordHeaderLength + length);
        }
        return records;
    }

    /// <summary>Copies a record's payload into <paramref name="destination"/> from offset 0.</summary>
    public void CopyPayload(JournalRecord record, SafeFileHandle destination)
    {
        var buffer = new byte[1 << 20];
        for (long done = 0; done < record.Length;)
        {
            int n = RandomAccess.Read(_handle, buffer.AsSpan(0, (int)Math.Min(buffer.Length, record.Length - done)), record.PayloadOffset + done);
            if (n <= 0)
            {
                throw new EndOfStreamException($"{FilePath}: record of {record.FileName} ends early.");
            }
            RandomAccess.Write(destination, buffer.AsSpan(0, n), done);
            done += n;
        }
    }

    /// <summary>Starts a new generation: every record written so far stops counting.</summary>
    public void Reset()
    {
        Generation++;
        WriteSegmentHeader(_handle, Generation);
        FileSync.DataSync(_handle);
        _offset = SegmentHeaderLength;
    }

    public void Dispose() => _handle.Dispose();

    private static long Align(long offset) => (offset + Alignment - 1) / Alignment * Alignment;

    private static void WriteSegmentHeader(SafeFileHandle handle, ulong generation)
    {
        Span<byte> header = stackalloc byte[16];
        SegmentMagic.CopyTo(header);
        BinaryPrimitives.WriteUInt64LittleEndian(header[8..], generation);
        RandomAccess.Write(handle, header, 0);
    }
}
