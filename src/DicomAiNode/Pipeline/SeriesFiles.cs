using DicomAiNode.Dicom.IO;
using DicomAiNode.Processing;

namespace DicomAiNode.Pipeline;

/// <summary>
/// The image files of one SeriesInstanceUID found under an <c>infer</c> input, and how they form volumes by the
/// node's rules (<see cref="SeriesLayoutBuilder"/>): one stack, several when the series is mixed, or none with the
/// reason it cannot be stacked.
/// </summary>
public sealed class SeriesFiles
{
    private readonly IReadOnlyDictionary<string, DicomFile> _byPath;

    public SeriesFiles(SeriesLayout layout, IReadOnlyDictionary<string, DicomFile> filesByPath)
    {
        Layout = layout;
        _byPath = filesByPath;
    }

    public SeriesLayout Layout { get; }

    public string SeriesInstanceUid => Layout.Attributes.SeriesInstanceUid;

    /// <summary>
    /// One stack of <see cref="Layout"/> as a series to infer: its files in slice order and its stack key, so that
    /// its results get the UIDs the node derives for the same stack.
    /// </summary>
    public DicomSeries Open(SeriesHeaders stack) =>
        new(stack.Attributes, stack.OrderedInstances.Select(i => _byPath[i.Path]).ToList(), stack.StackKey);

    public override string ToString() =>
        $"series {SeriesInstanceUid} ({Layout.Attributes.Modality}, '{Layout.Attributes.SeriesDescription}', {Layout.Attributes.InstanceCount} images)";
}
