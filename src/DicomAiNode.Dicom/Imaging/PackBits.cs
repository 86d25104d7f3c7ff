namespace DicomAiNode.Dicom.Imaging;

/// <summary>The byte-run coding of PS3.5 G.3 (the PackBits scheme), encoder side.</summary>
internal static class PackBits
{
    /// <summary>Longest run or literal one header byte can describe.</summary>
    private const int MaxRun = 128;

    /// <summary>
    /// Encodes <paramref name="source"/> into <paramref name="destination"/> (at least
    /// length + ceil(length / 128) bytes) and returns the bytes written. Runs of two or more equal bytes become
    /// replicate runs, except that a pair inside literal bytes stays literal (a replicate run of 2 saves nothing there);
    /// literals end where a run of three starts.
    /// </summary>
    public static int Encode(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        int i = 0, o = 0, n = source.Length;
        while (i < n)
        {
            byte value = source[i];
            int run = 1;
            while (i + run < n && run < MaxRun && source[i + run] == value)
            {
                run++;
            }

            if (run >= 2)
            {
                destination[o++] = (byte)(1 - run); // G.3.1: -n + 1 copies of the next byte
                destination[o++] = value;
                i += run;
                continue;
            }

            int start = i++;
            while (i < n && i - start < MaxRun && !(i + 2 < n && source[i] == source[i + 1] && source[i] == source[i + 2]))
            {
                i++;
            }

            int length = i - start;
            destination[o++] = (byte)(length - 1); // G.3.1: n + 1 literal bytes follow
            source.Slice(start, length).CopyTo(destination[o..]);
            o += length;
        }

        return o;
    }
}
