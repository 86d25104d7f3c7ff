using System.Buffers.Binary;

namespace DicomAiNode.Dicom.Imaging;

/// <summary>
/// A Modality or VOI lookup table, PS3.3 C.11.1.1 and C.11.2.1.1: LUT Descriptor (entries, first input value mapped,
/// bits per entry) and LUT Data. Inputs below the first mapped value map to the first entry, inputs above the last
/// to the last entry.
/// </summary>
public sealed class LookupTable
{
    private readonly ushort[] _entries;

    public LookupTable(int firstMappedValue, int bitsPerEntry, ushort[] entries)
    {
        if (entries.Length == 0)
        {
            throw new DicomPixelDataException("LUT Data holds no entries");
        }

        if (bitsPerEntry is < 8 or > 16)
        {
            throw new DicomPixelDataException($"LUT Descriptor bits per entry = {bitsPerEntry} must lie between 8 and 16 (PS3.3 C.11.1.1)");
        }

        FirstMappedValue = firstMappedValue;
        BitsPerEntry = bitsPerEntry;
        _entries = entries;
    }

    /// <summary>The first input value mapped (second value of the LUT Descriptor).</summary>
    public int FirstMappedValue { get; }

    /// <summary>Bits per entry (third value of the LUT Descriptor).</summary>
    public int BitsPerEntry { get; }

    /// <summary>Number of entries.</summary>
    public int Length => _entries.Length;

    /// <summary>The entries.</summary>
    public ReadOnlySpan<ushort> Entries => _entries;

    /// <summary>
    /// Builds a table from the three LUT Descriptor values and the raw little-endian LUT Data.
    /// PS3.3 C.11.1.1: 0 entries means 65536; the first mapped value is signed when the input is signed
    /// (its US/SS VR follows Pixel Representation); LUT Data holds one 16-bit word per entry, except that some writers
    /// pack 8-bit entries two to a word, which is recognised by the data holding exactly one byte per entry.
    /// </summary>
    public static LookupTable FromDescriptor(ReadOnlySpan<int> descriptor, ReadOnlySpan<byte> lutData, bool signedInput)
    {
        if (descriptor.Length != 3)
        {
            throw new DicomPixelDataException($"LUT Descriptor has {descriptor.Length} values, PS3.3 C.11.1.1 requires 3");
        }

        int count = descriptor[0] == 0 ? 65536 : descriptor[0];
        int first = signedInput ? (short)(ushort)descriptor[1] : (ushort)descriptor[1];
        int bits = descriptor[2];
        var entries = new ushort[count];
        if (lutData.Length >= count * 2)
        {
            for (int i = 0; i < count; i++)
            {
                entries[i] = BinaryPrimitives.ReadUInt16LittleEndian(lutData[(i * 2)..]);
            }
        }
        else if (bits == 8 && lutData.Length >= count)
        {
            for (int i = 0; i < count; i++)
            {
                entries[i] = lutData[i];
            }
        }
        else
        {
            throw new DicomPixelDataException(
                $"LUT Data holds {lutData.Length} bytes, too few for the {count} entries of {bits} bits its LUT Descriptor declares");
        }

        return new LookupTable(first, bits, entries);
    }

    /// <summary>Looks up one input value, clamping to the table's range.</summary>
    public ushort this[long input]
    {
        get
        {
            long index = input - FirstMappedValue;
            return _entries[index <= 0 ? 0 : index >= _entries.Length ? _entries.Length - 1 : (int)index];
        }
    }
}
