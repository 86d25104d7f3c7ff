namespace DicomAiNode.Dicom.Objects;

/// <summary>
/// The algorithm that produced a segmentation (PS3.3 C.8.20.2, Segmentation Algorithm Identification Sequence:
/// AlgorithmFamilyCodeSequence, AlgorithmName, AlgorithmVersion are Type 1).
/// </summary>
/// <param name="Name">Algorithm name, e.g. the model file name.</param>
/// <param name="Version">Algorithm version, e.g. a short hash of the model file.</param>
/// <param name="Family">CID 7162 family; Artificial Intelligence when null.</param>
public sealed record AlgorithmIdentity(string Name, string Version, DicomCodeItem? Family = null)
{
    public DicomCodeItem FamilyCode => Family ?? DicomCodeItem.ArtificialIntelligence;
}
