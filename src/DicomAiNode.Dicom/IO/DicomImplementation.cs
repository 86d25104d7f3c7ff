namespace DicomAiNode.Dicom.IO;

/// <summary>The identity DicomAiNode writes into file meta information (PS3.10 7.1) and association requests (PS3.7 D.3.3.2).</summary>
public static class DicomImplementation
{
    /// <summary>Implementation Class UID (0002,0012): the project's own root.</summary>
    public const string ClassUid = "1.2.826.0.1.3680043.10.1442.1";

    /// <summary>Implementation Version Name (0002,0013): at most 16 characters of the default repertoire (PS3.7 D.3.3.2.3).</summary>
    public const string VersionName = "DICOMAINODE010";
}
