namespace DicomAiNode.Dicom.Data;

internal static class AssemblyMarker
{
}
