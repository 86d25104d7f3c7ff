namespace DicomAiNode.Vision.Decoding;

/// <summary>Detection thresholds (contract §5.2 defaults) and NMS settings (§5.3).</summary>
public sealed record DecodeOptions
{
    /// <summary>Keep detections with confidence strictly greater than this.</summary>
    public float Confidence { get; init; } = 0.25f;

    /// <summary>NMS suppresses a box whose IoU with a kept box is strictly greater than this.</summary>
    public float Iou { get; init; } = 0.7f;

    public int MaxDetections { get; init; } = 300;

    /// <summary>One NMS across classes instead of one per class.</summary>
    public bool Agnostic { get; init; }

    /// <summary>Class ids to keep; null keeps all.</summary>
    public IReadOnlySet<int>? Classes { get; init; }

    /// <summary>At most this many boxes enter NMS (the highest confidences).</summary>
    public int MaxNms { get; init; } = 30000;

    /// <summary>Offset per class id that separates classes in class-aware NMS.</summary>
    public float MaxWh { get; init; } = 7680f;
}
