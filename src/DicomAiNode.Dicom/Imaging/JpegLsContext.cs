namespace DicomAiNode.Dicom.Imaging;

/// <summary>
/// The variables of one JPEG-LS context (ITU-T T.87 A.2.1): A (sum of error magnitudes), B (bias sum), C (correction),
/// N (occurrences) and, for the two run interruption contexts, Nn (negative errors). Kept together so that one context
/// is one cache line's worth of a look-up.
/// </summary>
internal struct JpegLsContext
{
    public long A;
    public int B;
    public int C;
    public int N;
    public int Nn;
}
