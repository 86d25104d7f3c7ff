namespace DicomAiNode.Rules;

/// <summary>A reference image (path relative to the base directory) and boxes marking examples of classes on it.</summary>
public sealed class VisualExemplar
{
    public string Image { get; set; } = "";

    public List<ExemplarBox> Boxes { get; set; } = [];
}
