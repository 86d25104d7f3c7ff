using DicomAiNode.Dicom.Data;
using DicomAiNode.Dicom.IO;

namespace DicomAiNode.Tests.Support;

/// <summary>A generated phantom CT study: its files in name order and its StudyInstanceUID.</summary>
public sealed record PhantomStudy(IReadOnlyList<string> Files, string StudyInstanceUid, string SeriesInstanceUid)
{
    public static async Task<PhantomStudy> GenerateAsync(string outFolder, int seed, int slices, int size = 256, double thickness = 2.5)
    {
        var folder = await Phantom.GenerateAsync(outFolder, seed, slices, size, thickness);
        var files = Directory.GetFiles(folder, "*.dcm").Order(StringComparer.Ordinal).ToList();
        var first = DicomFile.Open(files[0], new DicomReadOptions { StopAtTag = DicomTag.PixelData }).Dataset;
        return new PhantomStudy(files, first.GetString(DicomTag.StudyInstanceUID), first.GetString(DicomTag.SeriesInstanceUID));
    }

    /// <summary>Puts the shipped phantom model into a node folder (the node refuses to start without the model its rules name).</summary>
    public static void InstallModel(NodeFolder node)
    {
        var model = RepositoryPaths.File("models/phantom-yoloe-seg.onnx");
        if (!File.Exists(model)) Assert.Fail($"{model} is missing: it is trained by scripts/train_phantom_model.py (see models/README.md)");
        File.Copy(model, node.Folder.File("models/phantom-yoloe-seg.onnx"), overwrite: true);
    }
}
