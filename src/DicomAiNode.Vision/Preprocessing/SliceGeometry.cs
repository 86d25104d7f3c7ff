namespace DicomAiNode.Vision.Preprocessing;

/// <summary>What 3D linking and measuring need of a slice once its pixels are gone: size, spacing, thickness, location.</summary>
public readonly record struct SliceGeometry(int Rows, int Columns, double RowSpacing, double ColumnSpacing, double Thickness, double Location)
{
    /// <summary>Area of one pixel in mm².</summary>
    public double PixelArea => RowSpacing * ColumnSpacing;
}
