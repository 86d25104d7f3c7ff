namespace DicomAiNode.Dicom.Imaging;

/// <summary>
/// One Huffman table of a DHT segment (ITU-T T.81 B.2.4.2), ready for decoding: codes of up to
/// <see cref="LookupBits"/> bits are found by one table look-up, longer ones by the MAXCODE / MINCODE / VALPTR
/// procedure of F.2.2.3. Codes are generated from the counts per length as Annex C says.
/// </summary>
internal sealed class JpegHuffmanTable
{
    /// <summary>Codes this long or shorter decode by one look-up.</summary>
    public const int LookupBits = 9;

    private JpegHuffmanTable(int id, byte[] values)
    {
        Id = id;
        Values = values;
    }

    /// <summary>The table's destination identifier Th (0–3).</summary>
    public int Id { get; }

    /// <summary>
    /// Indexed by the next <see cref="LookupBits"/> bits: code length × 256 + value, or 0 when the code is longer.
    /// </summary>
    public ushort[] Lookup { get; } = new ushort[1 << LookupBits];

    /// <summary>F.2.2.3 MAXCODE(l): the largest code of length l, -1 when there is none.</summary>
    public int[] MaxCode { get; } = new int[17];

    /// <summary>F.2.2.3 MINCODE(l): the smallest code of length l.</summary>
    public int[] MinCode { get; } = new int[17];

    /// <summary>F.2.2.3 VALPTR(l): index in <see cref="Values"/> of the value of the smallest code of length l.</summary>
    public int[] ValuePointer { get; } = new int[17];

    /// <summary>HUFFVAL: the values in order of increasing code length.</summary>
    public byte[] Values { get; }

    /// <summary>
    /// Builds table <paramref name="id"/> from BITS (<paramref name="counts"/>, the number of codes of each length
    /// 1–16) and HUFFVAL (<paramref name="values"/>). Lossless values are difference categories 0–16 (Table H.2).
    /// </summary>
    public static JpegHuffmanTable Create(int id, ReadOnlySpan<byte> counts, ReadOnlySpan<byte> values, int frame)
    {
        var table = new JpegHuffmanTable(id, values.ToArray());
        foreach (byte value in values)
        {
            if (value > 16)
            {
                throw JpegLosslessCodec.Malformed(frame, $"Huffman table {id} holds value {value}; lossless difference categories are 0–16 (T.81 Table H.2)");
            }
        }

        // C.2: codes of one length are consecutive; the next length starts at twice the code after the last one.
        int code = 0;
        int index = 0;
        for (int length = 1; length <= 16; length++)
        {
            int count = counts[length - 1];
            table.ValuePointer[length] = index;
            table.MinCode[length] = code;
            table.MaxCode[length] = count == 0 ? -1 : code + count - 1;
            if (code + count > 1 << length)
            {
                throw JpegLosslessCodec.Malformed(frame, $"Huffman table {id} has more codes of length {length} than fit in {length} bits");
            }

            for (int i = 0; i < count; i++, code++, index++)
            {
                if (length <= LookupBits)
                {
                    int shift = LookupBits - length;
                    var entry = (ushort)((length << 8) | table.Values[index]);
                    table.Lookup.AsSpan(code << shift, 1 << shift).Fill(entry);
                }
            }

            code <<= 1;
        }

        return table;
    }
}
