using DicomAiNode.Dicom.Objects;
using DicomAiNode.Vision.Pipeline;
using DicomAiNode.Vision.Preprocessing;

namespace DicomAiNode.Pipeline;

/// <summary>The outcome of one (series, rule) run: slices, the Vision result, the DICOM objects and the model identity.</summary>
public sealed record SeriesInferenceResult(
    DicomSeries Series,
    InferencePlan Plan,
    IReadOnlyList<Slice> Slices,
    SegmentationResult Segmentation,
    ResultObjects Objects,
    AlgorithmIdentity Model);
