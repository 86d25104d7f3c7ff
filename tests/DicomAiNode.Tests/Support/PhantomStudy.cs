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
    /// <summary>
    /// The study's files with the second half rewritten (into <paramref name="folder"/>) to another pixel spacing: two
    /// reconstructions under one Series Instance UID, a series the node splits into two stacks.
    /// </summary>
    public List<string> WithMixedPixelSpacing(TempFolder folder) => Files.Select((f, i) =>
    {
        if (i < Files.Count / 2) return f;
        var other = DicomFile.Open(f);
        other.Dataset.AddOrUpdate(DicomTag.PixelSpacing, "0.9", "0.9");
        var path = folder.File($"resampled-{i}.dcm");
        other.Save(path);
        return path;
    }).ToList();

    public static void InstallModel(NodeFolder node)
    {
        var model = RepositoryPaths.File("models/phantom-yoloe-seg.onnx");
        if (!File.Exists(model)) Assert.Fail($"{model} is missing: it is trained by scripts/train_phantom_model.py (see models/README.md)");
        File.Copy(model, node.Folder.File("models/phantom-yoloe-seg.onnx"), overwrite: true);
    }
}
