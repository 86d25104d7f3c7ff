namespace DicomAiNode.Vision.Decoding;

/// <summary>The two code paths of Ultralytics' <c>crop_mask</c> (contract §5.4).</summary>
public enum MaskCropRule
{
    /// <summary>As Ultralytics on CPU: <see cref="Rounded"/> for fewer than 50 detections, else <see cref="Exact"/>.</summary>
    Auto,

    /// <summary>Boxes rounded half-to-even to ints; rows &lt; y1 and ≥ y2, columns &lt; x1 and ≥ x2 zeroed.</summary>
    Rounded,

    /// <summary>Float boxes: keep col ≥ x1 &amp; col &lt; x2 &amp; row ≥ y1 &amp; row &lt; y2.</summary>
    Exact,
}
