namespace DicomAiNode.Rules;

/// <summary>Detection thresholds applied to the model's raw output.</summary>
public sealed class DetectionThresholds
{
    public double Confidence { get; set; } = 0.25;

    /// <summary>Intersection over union above which non-maximum suppression drops the weaker box.</summary>
    public double Iou { get; set; } = 0.5;

    public int MaxDetections { get; set; } = 100;
}
