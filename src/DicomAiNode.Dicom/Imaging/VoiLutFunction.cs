namespace DicomAiNode.Dicom.Imaging;

/// <summary>VOI LUT Function (0028,1056), PS3.3 C.11.2.1.3; LINEAR when absent.</summary>
public enum VoiLutFunction
{
    /// <summary>LINEAR, C.11.2.1.2.1.</summary>
    Linear,

    /// <summary>LINEAR_EXACT, C.11.2.1.3.2.</summary>
    LinearExact,

    /// <summary>SIGMOID, C.11.2.1.3.1.</summary>
    Sigmoid,
}
