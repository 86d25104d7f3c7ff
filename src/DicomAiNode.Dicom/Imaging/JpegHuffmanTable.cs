namespace DicomAiNode.Dicom.Imaging;

/// <summary>
/// One Huffman table of a DHT segment (ITU-T T.81 B.2.4.2), ready for decoding: codes of up to
/// <see cref="LookupBits"/> bits are found by one table look-up, which also yields the difference itself when the
/// code and its extra bits fit in those bits; longer codes go through the MAXCODE / MINCODE / VALPTR procedure of
/// F.2.2.3. Codes are generated from the counts per length as Annex C says.
/// </summary>
internal sealed class JpegHuffmanTable
{
    /// <summary>Codes this long or shorter decode by one look-up.</summary>
    public const int LookupBits = 11;

    /// <summary>Set in a <see cref="Lookup"/> entry that holds the whole difference.</summary>
    public const int Complete = 0x100;

    private JpegHuffmanTable(int id, byte[] values)
    {
        Id = id;
        Values = values;
    }

    /// <summary>The table's destination identifier Th (0–3).</summary>
    public int Id { get; }

    /// <summary>
    /// Indexed by the next <see cref="LookupBits"/> bits: 0 when the code is longer; else, with <see cref="Complete"/>
    /// set, the bits used (code and extra bits) in the low byte and the difference from bit 9 up; without it, the code
    /// length in the low byte and the category SSSS from bit 9 up.
    /// </summary>
    public int[] Lookup { get; } = new int[1 << LookupBits];

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
                    table.Fill(code, length, table.Values[index]);
                }
            }

            code <<= 1;
        }

        return table;
    }

    /// <summary>The look-up entries of one code: every continuation of its <paramref name="length"/> bits.</summary>
    private void Fill(int code, int length, int category)
    {
        int free = LookupBits - length;
        var entries = Lookup.AsSpan(code << free, 1 << free);
        if (category is 0 or 16)
        {
            // Table H.2: no extra bits; SSSS = 16 is the difference 32768.
            entries.Fill(((category == 16 ? 32768 : 0) << 9) | Complete | length);
        }
        else if (category > free)
        {
            entries.Fill((category << 9) | length);
        }
        else
        {
            for (int next = 0; next < entries.Length; next++)
            {
                int extra = next >> (free - category);

                // F.2.2.1 EXTEND: a leading 0 bit marks a negative difference.
                int difference = extra < (1 << (category - 1)) ? extra - (1 << category) + 1 : extra;
                entries[next] = (difference << 9) | Complete | (length + category);
            }
        }
    }
}
