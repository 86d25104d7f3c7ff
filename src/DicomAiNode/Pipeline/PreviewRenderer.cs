using DicomAiNode.Vision.Pipeline;
using DicomAiNode.Vision.PostProcessing;
using DicomAiNode.Vision.Preprocessing;
using SkiaSharp;

namespace DicomAiNode.Pipeline;

/// <summary>
/// A PNG contact sheet of a series for a quick look: the slices with findings (evenly spaced slices when there are
/// none), windowed to grey, each finding's mask outlined in its display colour.
/// </summary>
public static class PreviewRenderer
{
    private const int MaxTiles = 16;
    private const int TileSize = 256;

    /// <param name="slices">The series' slices (modality values); only the rendered ones are read.</param>
    /// <param name="findings">Findings with slice indexes into <paramref name="slices"/>.</param>
    /// <param name="records">The summary records, in the order of <paramref name="findings"/> (for colours).</param>
    /// <param name="window">Grey-scale window.</param>
    public static byte[] RenderPng(ISliceSource slices, IReadOnlyList<Finding3D> findings, IReadOnlyList<FindingRecord> records, WindowPreset window)
    {
        var chosen = ChooseSlices(slices.Count, findings);
        int columns = (int)Math.Ceiling(Math.Sqrt(chosen.Count));
        int rows = (chosen.Count + columns - 1) / columns;
        using var sheet = new SKBitmap(new SKImageInfo(columns * TileSize, rows * TileSize, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(sheet);
        canvas.Clear(SKColors.Black);
        for (int t = 0; t < chosen.Count; t++)
        {
            int index = chosen[t];
            using var tile = RenderSlice(slices.Read(index, CancellationToken.None), index, findings, records, window);
            using var image = SKImage.FromBitmap(tile);
            float scale = Math.Min((float)TileSize / tile.Width, (float)TileSize / tile.Height);
            float w = tile.Width * scale, h = tile.Height * scale;
            float x = (t % columns * TileSize) + ((TileSize - w) / 2), y = (t / columns * TileSize) + ((TileSize - h) / 2);
            canvas.DrawImage(image, new SKRect(x, y, x + w, y + h), new SKSamplingOptions(SKFilterMode.Nearest));
        }
        using var encoded = SKImage.FromBitmap(sheet).Encode(SKEncodedImageFormat.Png, 100);
        return encoded.ToArray();
    }

    /// <summary>Slices with findings (at most <see cref="MaxTiles"/>, evenly picked), else evenly spaced slices.</summary>
    private static List<int> ChooseSlices(int count, IReadOnlyList<Finding3D> findings)
    {
        var withFindings = findings.SelectMany(f => f.Slices.Select(s => s.SliceIndex)).Distinct().Order().ToList();
        var pool = withFindings.Count > 0 ? withFindings : Enumerable.Range(0, count).ToList();
        int tiles = Math.Min(pool.Count, withFindings.Count > 0 ? MaxTiles : 9);
        return Enumerable.Range(0, tiles).Select(i => pool[(int)((long)i * pool.Count / tiles)]).Distinct().ToList();
    }

    private static SKBitmap RenderSlice(Slice slice, int index, IReadOnlyList<Finding3D> findings, IReadOnlyList<FindingRecord> records, WindowPreset window)
    {
        var bitmap = new SKBitmap(new SKImageInfo(slice.Columns, slice.Rows, SKColorType.Rgba8888, SKAlphaType.Premul));
        var pixels = bitmap.GetPixelSpan();
        var values = slice.Pixels.Span;
        double lower = window.Center - (window.Width / 2);
        for (int p = 0; p < values.Length; p++)
        {
            byte grey = (byte)Math.Clamp((values[p] - lower) / window.Width * 255.0, 0, 255);
            pixels[(p * 4) + 0] = grey;
            pixels[(p * 4) + 1] = grey;
            pixels[(p * 4) + 2] = grey;
            pixels[(p * 4) + 3] = 255;
        }
        for (int f = 0; f < findings.Count; f++)
        {
            var (r, g, b) = records[f].Color;
            foreach (var part in findings[f].Slices.Where(s => s.SliceIndex == index))
            {
                var mask = part.Mask;
                var bounds = mask.Bounds;
                for (int y = bounds.Top; y < bounds.Bottom; y++)
                {
                    for (int x = bounds.Left; x < bounds.Right; x++)
                    {
                        // An outline pixel: inside, with a 4-neighbour outside (or at the image edge).
                        if (mask[y, x] && (!mask[y - 1, x] || !mask[y + 1, x] || !mask[y, x - 1] || !mask[y, x + 1]))
                        {
                            int o = ((y * slice.Columns) + x) * 4;
                            pixels[o] = r;
                            pixels[o + 1] = g;
                            pixels[o + 2] = b;
                        }
                    }
                }
            }
        }
        return bitmap;
    }
}
