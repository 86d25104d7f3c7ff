using DicomAiNode.Dicom.Data;
using DicomAiNode.Dicom.IO;
using DicomAiNode.Rules;

namespace DicomAiNode.Pipeline;

/// <summary>The images of one series, sorted by position along the slice normal (InstanceNumber where geometry is missing).</summary>
public sealed class DicomSeries
{
    public DicomSeries(SeriesAttributes attributes, IReadOnlyList<DicomFile> instances, string? stackKey = null)
    {
        Attributes = attributes;
        Instances = instances;
        StackKey = stackKey;
    }

    /// <summary>Null for a whole series; for one stack of a split (mixed) series, its geometry, so that each stack's results get their own UIDs.</summary>
    public string? StackKey { get; }

    /// <summary>What result UIDs are derived from: the SeriesInstanceUID, with the stack's geometry for a stack of a split series.</summary>
    public string DerivationSource => StackKey is null ? SeriesInstanceUid : $"{SeriesInstanceUid}#{StackKey}";

    /// <summary>What the rule matcher sees (from the first instance), with the instance count.</summary>
    public SeriesAttributes Attributes { get; }

    public IReadOnlyList<DicomFile> Instances { get; }

    public IReadOnlyList<DicomDataset> Datasets => Instances.Select(i => i.Dataset).ToList();

    public string SeriesInstanceUid => Attributes.SeriesInstanceUid;

    public string StudyInstanceUid => Attributes.StudyInstanceUid;

    public override string ToString() =>
        $"series {SeriesInstanceUid} ({Attributes.Modality}, '{Attributes.SeriesDescription}', {Instances.Count} images)";
}
