namespace DicomAiNode.Vision.Decoding;

/// <summary>
/// Decodes one image of an end2end output <c>[N, 6+nm]</c> (contract §3.2): rows with score &gt; conf, the first
/// <c>max_det</c> of them, then the class filter (§5.3, in that order). No NMS: the graph selected already.
/// </summary>
public static class EndToEndDecoder
{
    public static DecodedDetections Decode(ReadOnlySpan<float> output, int rows, int maskCount, DecodeOptions options)
    {
        int width = 6 + maskCount;
        if (output.Length < (long)rows * width)
        {
            throw new ArgumentException($"output0 block of {output.Length} values does not hold [{rows},{width}]");
        }

        var items = new List<Detection>();
        var picked = new List<int>();
        for (int r = 0; r < rows && picked.Count < options.MaxDetections; r++)
        {
            var row = output.Slice(r * width, width);
            if (row[4] > options.Confidence)
            {
                picked.Add(r);
            }
        }

        var coefficients = new List<float>(picked.Count * maskCount);
        foreach (int r in picked)
        {
            var row = output.Slice(r * width, width);
            int cls = (int)row[5];
            if (options.Classes is not null && !options.Classes.Contains(cls))
            {
                continue;
            }

            items.Add(new Detection(row[0], row[1], row[2], row[3], row[4], cls));
            foreach (float c in row.Slice(6, maskCount))
            {
                coefficients.Add(c);
            }
        }

        return new DecodedDetections([.. items], [.. coefficients], maskCount);
    }
}
