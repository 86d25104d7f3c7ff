namespace DicomAiNode.Dicom.Imaging;

/// <summary>
/// The order of a tile's packets (T.800 B.12.1). Layer-resolution and resolution-layer orders nest their loops; the
/// position-driven orders (RPCL, PCRL, CPRL) visit a precinct at the first reference-grid point of the tile it covers,
/// which is the (y, x) at which B.12.1.3-B.12.1.5 meet it, so sorting precincts by that point reproduces their loops.
/// </summary>
internal static class Jpeg2000Progression
{
    public const int Lrcp = 0, Rlcp = 1, Rpcl = 2, Pcrl = 3, Cprl = 4;

    public readonly record struct Packet(int Layer, int Resolution, int Component, int Precinct, long Y, long X);

    public static IEnumerable<Packet> Packets(Jpeg2000CodingStyle cod, Jpeg2000TileComponent[] components)
    {
        var precincts = new List<Packet>();
        for (int c = 0; c < components.Length; c++)
        {
            var component = components[c];
            int levels = component.Resolutions.Length - 1;
            foreach (var resolution in component.Resolutions)
            {
                int shift = levels - resolution.Level;
                for (int k = 0; k < resolution.Precincts.Length; k++)
                {
                    long px = (long)((resolution.X0 >> resolution.PrecinctExponentX) + (k % resolution.PrecinctsWide)) << (resolution.PrecinctExponentX + shift);
                    long py = (long)((resolution.Y0 >> resolution.PrecinctExponentY) + (k / resolution.PrecinctsWide)) << (resolution.PrecinctExponentY + shift);
                    precincts.Add(new Packet(0, resolution.Level, c, k, Math.Max(py, component.Y0), Math.Max(px, component.X0)));
                }
            }
        }

        // Only the precincts are sorted; layers are nested lazily, so that a huge layer count costs nothing once the
        // tile's data runs out (every packet takes at least one byte).
        Comparison<Packet> comparison = cod.ProgressionOrder switch
        {
            Lrcp or Rlcp => (a, b) => Compare(a.Resolution, b.Resolution, a.Component, b.Component, a.Precinct, b.Precinct, 0, 0, 0, 0),
            Rpcl => (a, b) => Compare(a.Resolution, b.Resolution, a.Y, b.Y, a.X, b.X, a.Component, b.Component, 0, 0),
            Pcrl => (a, b) => Compare(a.Y, b.Y, a.X, b.X, a.Component, b.Component, a.Resolution, b.Resolution, 0, 0),
            _ => (a, b) => Compare(a.Component, b.Component, a.Y, b.Y, a.X, b.X, a.Resolution, b.Resolution, 0, 0),
        };
        // List.Sort is unstable, but the keys above are unique per precinct.
        precincts.Sort(comparison);
        return Nest(cod, precincts);
    }

    private static IEnumerable<Packet> Nest(Jpeg2000CodingStyle cod, List<Packet> precincts)
    {
        switch (cod.ProgressionOrder)
        {
            case Lrcp:
                for (int l = 0; l < cod.Layers; l++)
                {
                    foreach (var precinct in precincts)
                    {
                        yield return precinct with { Layer = l };
                    }
                }
                break;
            case Rlcp:
                for (int start = 0; start < precincts.Count;)
                {
                    int end = start;
                    while (end < precincts.Count && precincts[end].Resolution == precincts[start].Resolution)
                    {
                        end++;
                    }
                    for (int l = 0; l < cod.Layers; l++)
                    {
                        for (int i = start; i < end; i++)
                        {
                            yield return precincts[i] with { Layer = l };
                        }
                    }
                    start = end;
                }
                break;
            default:
                foreach (var precinct in precincts)
                {
                    for (int l = 0; l < cod.Layers; l++)
                    {
                        yield return precinct with { Layer = l };
                    }
                }
                break;
        }
    }

    private static int Compare(long a1, long b1, long a2, long b2, long a3, long b3, long a4, long b4, long a5, long b5)
    {
        int result = a1.CompareTo(b1);
        if (result != 0)
        {
            return result;
        }
        result = a2.CompareTo(b2);
        if (result != 0)
        {
            return result;
        }
        result = a3.CompareTo(b3);
        if (result != 0)
        {
            return result;
        }
        result = a4.CompareTo(b4);
        return result != 0 ? result : a5.CompareTo(b5);
    }
}
