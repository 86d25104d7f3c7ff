using System.Numerics;

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
            var window = source.Slice(i, Math.Min(MaxRun, n - i));
            int run = window.IndexOfAnyExcept(value);
            if (run < 0)
            {
                run = window.Length;
            }

            if (run >= 2)
            {
                destination[o++] = (byte)(1 - run); // G.3.1: -n + 1 copies of the next byte
                destination[o++] = value;
                i += run;
                continue;
            }

            int start = i;
            int limit = Math.Min(n, start + MaxRun);
            i = FindRunOfThree(source, start + 1, limit);
            int length = i - start;
            destination[o++] = (byte)(length - 1); // G.3.1: n + 1 literal bytes follow
            source.Slice(start, length).CopyTo(destination[o..]);
            o += length;
        }

        return o;
    }

    /// <summary>
    /// The first index in [<paramref name="from"/>, <paramref name="limit"/>) where three equal bytes start, or
    /// <paramref name="limit"/>. Adjacent equal bytes are searched a vector at a time, since in noisy data they are rare.
    /// </summary>
    private static int FindRunOfThree(ReadOnlySpan<byte> source, int from, int limit)
    {
        int n = source.Length;
        int i = from;
        while (i < limit)
        {
            if (Vector.IsHardwareAccelerated && i + Vector<byte>.Count + 1 <= n && i + Vector<byte>.Count <= limit)
            {
                var equal = Vector.Equals(new Vector<byte>(source[i..]), new Vector<byte>(source[(i + 1)..]));
                int end = i + Vector<byte>.Count;
                if (equal != Vector<byte>.Zero)
                {
                    for (; i < end; i++)
                    {
                        if (i + 2 < n && source[i] == source[i + 1] && source[i] == source[i + 2])
                        {
                            return i;
                        }
                    }
                }

                i = end;
                continue;
            }

            if (i + 2 < n && source[i] == source[i + 1] && source[i] == source[i + 2])
            {
                return i;
            }

            i++;
        }

        return limit;
    }
}
