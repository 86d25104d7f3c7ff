namespace DicomAiNode.Vision.Decoding;

/// <summary>
/// One detection: an xyxy box (letterboxed input pixels straight from the decoder), its confidence and class, and
/// the row of its mask coefficients in <see cref="DecodedDetections.Coefficients"/>.
/// </summary>
public readonly record struct Detection(float X1, float Y1, float X2, float Y2, float Confidence, int ClassId);
