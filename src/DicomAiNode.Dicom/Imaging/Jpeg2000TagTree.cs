namespace DicomAiNode.Dicom.Imaging;

/// <summary>
/// A tag tree (T.800 B.10.2): a quad-tree of minima over a grid of code-blocks, decoded bit by bit up to a threshold.
/// Level 0 holds the leaves; each node keeps its known lower bound and, once decoded, its value.
/// </summary>
internal sealed class Jpeg2000TagTree
{
    private const int Unknown = int.MaxValue;
    private readonly int[] _value;
    private readonly int[] _low;
    private readonly int[] _levelStart;
    private readonly int[] _levelWidth;

    public Jpeg2000TagTree(int width, int height)
    {
        var starts = new List<int>();
        var widths = new List<int>();
        int total = 0;
        int w = Math.Max(width, 1), h = Math.Max(height, 1);
        while (true)
        {
            starts.Add(total);
            widths.Add(w);
            total += w * h;
            if (w == 1 && h == 1)
            {
                break;
            }
            w = (w + 1) / 2;
            h = (h + 1) / 2;
        }
        _levelStart = [.. starts];
        _levelWidth = [.. widths];
        _value = new int[total];
        _low = new int[total];
        Array.Fill(_value, Unknown);
    }

    /// <summary>
    /// Decodes, for leaf (<paramref name="x"/>, <paramref name="y"/>), whether its value is below <paramref name="threshold"/>
    /// (B.10.2: a 0 bit raises the node's lower bound, a 1 bit says the bound is its value).
    /// </summary>
    public bool Decode(ref Jpeg2000PacketBitReader reader, int x, int y, int threshold)
    {
        int levels = _levelStart.Length;
        Span<int> path = stackalloc int[levels];
        for (int level = 0; level < levels; level++)
        {
            path[level] = _levelStart[level] + ((y >> level) * _levelWidth[level]) + (x >> level);
        }

        int low = 0;
        for (int level = levels - 1; level >= 0; level--)
        {
            int node = path[level];
            if (low > _low[node])
            {
                _low[node] = low;
            }
            else
            {
                low = _low[node];
            }
            while (low < threshold && low < _value[node])
            {
                if (reader.ReadBit() != 0)
                {
                    _value[node] = low;
                }
                else
                {
                    low++;
                }
            }
            _low[node] = low;
        }
        return _value[path[0]] < threshold;
    }

    /// <summary>Leaves per row.</summary>
    public int Width => _levelWidth[0];

    /// <summary>The decoded value of a leaf (valid once <see cref="Decode"/> returned true for it).</summary>
    public int ValueOf(int x, int y) => _value[(y * _levelWidth[0]) + x];
}
