namespace DicomAiNode.Vision.Model;

/// <summary>The two output layouts of Ultralytics segmentation exports (contract §3).</summary>
public enum YoloeOutputLayout
{
    /// <summary><c>output0 [B, 4+nc+nm, A]</c> (xywh, sigmoided scores, raw coefficients) + prototypes; needs NMS.</summary>
    Classic,

    /// <summary><c>output0 [B, 300, 6+nm]</c> (xyxy, score, class, coefficients) + prototypes; already selected in-graph.</summary>
    EndToEnd,
}
