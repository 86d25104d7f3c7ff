using DicomAiNode.Dicom.Objects;
using DicomAiNode.Vision.Pipeline;

namespace DicomAiNode.Pipeline;

/// <summary>The outcome of one (series, rule) run: the slices (read on demand), the Vision result, the DICOM objects and the model identity.</summary>
public sealed record SeriesInferenceResult(
    DicomSeries Series,
    InferencePlan Plan,
    ISliceSource Slices,
    SegmentationResult Segmentation,
    ResultObjects Objects,
    AlgorithmIdentity Model);
