namespace DicomAiNode.Rules;

/// <summary>A box in pixel coordinates of the exemplar image, marking one example of a class.</summary>
public sealed class ExemplarBox
{
    public string Class { get; set; } = "";

    public double X1 { get; set; }

    public double Y1 { get; set; }

    public double X2 { get; set; }

    public double Y2 { get; set; }
}
