using DicomAiNode.Dicom.IO;
using System.Buffers.Binary;
using System.Text;

namespace DicomAiNode.Dicom.Network;

/// <summary>
/// The part of a DICOM file (PS3.10 §7.1) the network layer needs without parsing the data set: preamble, "DICM" and
/// the File Meta Information group (0002), Explicit VR Little Endian. Reads where the data set starts and what it is;
/// writes a header in front of a data set that is streamed in afterwards; opens a file's data set for sending.
/// </summary>
public sealed record Part10Header(string SopClassUid, string SopInstanceUid, string TransferSyntaxUid, long DataSetOffset)
{
    private const int PreambleLength = 128;

    /// <summary>Reads the file meta information of the file at <paramref name="path"/>.</summary>
    public static Part10Header Read(string path)
    {
        using var file = File.OpenRead(path);
        return Read(file, path);
    }

    /// <summary>
    /// The data set of the file at <paramref name="path"/> (whose header this is) in <paramref name="transferSyntaxUid"/>:
    /// the file's own bytes from <see cref="DataSetOffset"/> when that is its syntax (no parse, read through a 256 KiB
    /// buffer), otherwise the data set re-encoded by the toolkit (uncompressed syntaxes only). Dispose it after use.
    /// </summary>
    public Stream OpenDataSet(string path, string transferSyntaxUid)
    {
        if (transferSyntaxUid == TransferSyntaxUid)
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, PDataWriter.CoalescedSendLength, FileOptions.SequentialScan) { Position = DataSetOffset };
        }
        var file = DicomFile.Open(path).ChangeTransferSyntax(DicomTransferSyntax.Lookup(transferSyntaxUid));
        var output = new MemoryStream();
        DicomWriter.Write(output, file.Dataset, file.TransferSyntax);
        output.Position = 0;
        return output;
    }

    /// <summary>Reads the file meta information; throws <see cref="InvalidDataException"/> naming <paramref name="source"/> when it is not Part 10.</summary>
    public static Part10Header Read(Stream stream, string source)
    {
        var prefix = new byte[PreambleLength + 4 + 12];
        if (stream.ReadAtLeast(prefix, prefix.Length, throwOnEndOfStream: false) < prefix.Length
            || !prefix.AsSpan(PreambleLength, 4).SequenceEqual("DICM"u8))
        {
            throw new InvalidDataException($"{source}: not a DICOM Part 10 file (no 'DICM' after the 128-byte preamble, PS3.10 §7.1).");
        }
        var group = prefix.AsSpan(PreambleLength + 4);
        if (BinaryPrimitives.ReadUInt32LittleEndian(group) != 0x0000_0002 || group[4] != (byte)'U' || group[5] != (byte)'L')
        {
            throw new InvalidDataException($"{source}: file meta information does not start with File Meta Information Group Length (0002,0000) UL (PS3.10 §7.1).");
        }
        uint groupLength = BinaryPrimitives.ReadUInt32LittleEndian(group[8..]);
        if (groupLength > 1 << 20)
        {
            throw new InvalidDataException($"{source}: File Meta Information Group Length {groupLength} is implausible.");
        }
        var meta = new byte[groupLength];
        stream.ReadExactly(meta);
        string? sopClass = null, sopInstance = null, syntax = null;
        int at = 0;
        while (at + 8 <= meta.Length)
        {
            ushort g = BinaryPrimitives.ReadUInt16LittleEndian(meta.AsSpan(at));
            ushort e = BinaryPrimitives.ReadUInt16LittleEndian(meta.AsSpan(at + 2));
            string vr = Encoding.ASCII.GetString(meta, at + 4, 2);
            int length;
            int header;
            if (vr is "OB" or "OW" or "OF" or "SQ" or "UT" or "UN" or "UC" or "UR" or "OD" or "OL" or "OV" or "SV" or "UV")
            {
                length = (int)BinaryPrimitives.ReadUInt32LittleEndian(meta.AsSpan(at + 8));
                header = 12;
            }
            else
            {
                length = BinaryPrimitives.ReadUInt16LittleEndian(meta.AsSpan(at + 6));
                header = 8;
            }
            if (g != 0x0002 || length < 0 || at + header + length > meta.Length)
            {
                throw new InvalidDataException($"{source}: malformed file meta element ({g:X4},{e:X4}) at offset {PreambleLength + 16 + at}.");
            }
            string Value() => Encoding.ASCII.GetString(meta, at + header, length).TrimEnd('\0', ' ');
            switch (e)
            {
                case 0x0002: sopClass = Value(); break;
                case 0x0003: sopInstance = Value(); break;
                case 0x0010: syntax = Value(); break;
            }
            at += header + length;
        }
        if (sopClass is not { Length: > 0 } || sopInstance is not { Length: > 0 } || syntax is not { Length: > 0 })
        {
            throw new InvalidDataException($"{source}: file meta information lacks Media Storage SOP Class UID (0002,0002), Media Storage SOP Instance UID (0002,0003) or Transfer Syntax UID (0002,0010).");
        }
        return new Part10Header(sopClass, sopInstance, syntax, PreambleLength + 4 + 12 + groupLength);
    }

    /// <summary>
    /// Encodes preamble, "DICM" and group 0002 (PS3.10 §7.1): version 00 01, SOP class and instance, transfer syntax,
    /// this implementation's class UID and version name, and the calling AE as Source Application Entity Title.
    /// </summary>
    public static byte[] Encode(string sopClassUid, string sopInstanceUid, string transferSyntaxUid, string? sourceAETitle)
    {
        var elements = new MemoryStream(256);
        WriteElement(elements, 0x0001, "OB", [0x00, 0x01]);
        WriteElement(elements, 0x0002, "UI", Pad(sopClassUid, 0));
        WriteElement(elements, 0x0003, "UI", Pad(sopInstanceUid, 0));
        WriteElement(elements, 0x0010, "UI", Pad(transferSyntaxUid, 0));
        WriteElement(elements, 0x0012, "UI", Pad(DicomImplementation.ClassUid, 0));
        WriteElement(elements, 0x0013, "SH", Pad(DicomImplementation.VersionName, (byte)' '));
        if (!string.IsNullOrWhiteSpace(sourceAETitle))
        {
            WriteElement(elements, 0x0016, "AE", Pad(sourceAETitle.Trim(), (byte)' '));
        }
        var result = new byte[PreambleLength + 4 + 12 + elements.Length];
        "DICM"u8.CopyTo(result.AsSpan(PreambleLength));
        var group = result.AsSpan(PreambleLength + 4);
        BinaryPrimitives.WriteUInt32LittleEndian(group, 0x0000_0002);
        group[4] = (byte)'U';
        group[5] = (byte)'L';
        BinaryPrimitives.WriteUInt16LittleEndian(group[6..], 4);
        BinaryPrimitives.WriteUInt32LittleEndian(group[8..], (uint)elements.Length);
        elements.ToArray().CopyTo(group[12..]);
        return result;
    }

    private static byte[] Pad(string value, byte pad)
    {
        var bytes = new byte[value.Length + (value.Length & 1)];
        Encoding.ASCII.GetBytes(value, bytes);
        if (bytes.Length > value.Length)
        {
            bytes[^1] = pad;
        }
        return bytes;
    }

    private static void WriteElement(MemoryStream output, ushort element, string vr, byte[] value)
    {
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteUInt16LittleEndian(header, 0x0002);
        BinaryPrimitives.WriteUInt16LittleEndian(header[2..], element);
        header[4] = (byte)vr[0];
        header[5] = (byte)vr[1];
        if (vr == "OB")
        {
            header[6] = 0;
            header[7] = 0;
            BinaryPrimitives.WriteUInt32LittleEndian(header[8..], (uint)value.Length);
            output.Write(header);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(header[6..], (ushort)value.Length);
            output.Write(header[..8]);
        }
        output.Write(value);
    }
}
