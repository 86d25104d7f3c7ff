namespace DicomAiNode.Vision;

internal static class AssemblyMarker
{
}
