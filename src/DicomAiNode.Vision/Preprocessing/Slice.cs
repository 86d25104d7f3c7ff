namespace DicomAiNode.Vision.Preprocessing;

/// <summary>
/// One 2D image of a series: row-major float values (HU for CT after the modality LUT, raw intensity for MR) with
/// its geometry. MONOCHROME1 inversion and rescale are done upstream; this library knows no DICOM.
/// </summary>
public sealed class Slice
{
    /// <param name="pixels">Rows × columns values, row-major.</param>
    /// <param name="rows">Image height in pixels.</param>
    /// <param name="columns">Image width in pixels.</param>
    /// <param name="rowSpacing">Distance between adjacent rows in mm (first value of DICOM Pixel Spacing).</param>
    /// <param name="columnSpacing">Distance between adjacent columns in mm.</param>
    /// <param name="thickness">Slice thickness in mm, used for volumes (voxel = row × column spacing × thickness).</param>
    /// <param name="location">Position along the slice normal in mm; NaN means index × thickness.</param>
    public Slice(ReadOnlyMemory<float> pixels, int rows, int columns, double rowSpacing, double columnSpacing,
        double thickness = 1.0, double location = double.NaN)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        if (pixels.Length != (long)rows * columns)
        {
            throw new ArgumentException($"pixels holds {pixels.Length} values, {rows}×{columns} needs {(long)rows * columns}", nameof(pixels));
        }

        if (!(rowSpacing > 0) || !(columnSpacing > 0) || !(thickness > 0))
        {
            throw new ArgumentException($"spacing must be positive (row {rowSpacing}, column {columnSpacing}, thickness {thickness})");
        }

        Pixels = pixels;
        Rows = rows;
        Columns = columns;
        RowSpacing = rowSpacing;
        ColumnSpacing = columnSpacing;
        Thickness = thickness;
        Location = location;
    }

    public ReadOnlyMemory<float> Pixels { get; }

    public int Rows { get; }

    public int Columns { get; }

    public double RowSpacing { get; }

    public double ColumnSpacing { get; }

    public double Thickness { get; }

    public double Location { get; }

    /// <summary>Area of one pixel in mm².</summary>
    public double PixelArea => RowSpacing * ColumnSpacing;

    /// <summary>The slice without its pixels.</summary>
    public SliceGeometry Geometry => new(Rows, Columns, RowSpacing, ColumnSpacing, Thickness, Location);
}
