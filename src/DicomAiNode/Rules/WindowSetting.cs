namespace DicomAiNode.Rules;

/// <summary>A VOI window (PS3.3 C.11.2.1.2: center and width) used as one input channel.</summary>
public sealed class WindowSetting
{
    public string Name { get; set; } = "";

    public double Center { get; set; }

    public double Width { get; set; }
}
