namespace DicomAiNode.Dicom.Imaging;

/// <summary>The inverse multiple component transformations of T.800 Annex G: RCT (G.2, reversible) and ICT (G.3).</summary>
internal static class Jpeg2000ComponentTransform
{
    public static void Apply(Jpeg2000CodingStyle cod, Jpeg2000TileComponent[] components)
    {
        if (!cod.MultipleComponentTransform)
        {
            return;
        }
        if (components.Length < 3)
        {
            throw new DicomPixelDataException($"COD asks for a component transformation of {components.Length} component(s); G.1 needs 3");
        }
        bool reversible = components[0].Style.Reversible;
        if (components[1].Style.Reversible != reversible || components[2].Style.Reversible != reversible)
        {
            throw new DicomPixelDataException("the first three components mix the reversible and irreversible filters under a component transformation");
        }

        if (reversible)
        {
            // G-6: G = Y0 - floor((Y2 + Y1) / 4), R = Y2 + G, B = Y1 + G.
            int[] y0 = components[0].Integers, y1 = components[1].Integers, y2 = components[2].Integers;
            for (int i = 0; i < y0.Length; i++)
            {
                int g = y0[i] - ((y2[i] + y1[i]) >> 2);
                int r = y2[i] + g;
                int b = y1[i] + g;
                y0[i] = r;
                y1[i] = g;
                y2[i] = b;
            }
            return;
        }

        // G-7
        float[] f0 = components[0].Floats, f1 = components[1].Floats, f2 = components[2].Floats;
        for (int i = 0; i < f0.Length; i++)
        {
            float y = f0[i], cb = f1[i], cr = f2[i];
            f0[i] = y + (1.402f * cr);
            f1[i] = y - (0.34413f * cb) - (0.71414f * cr);
            f2[i] = y + (1.772f * cb);
        }
    }
}
