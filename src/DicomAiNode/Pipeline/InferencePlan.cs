using DicomAiNode.Vision.Pipeline;
using DicomAiNode.Vision.Preprocessing;

namespace DicomAiNode.Pipeline;

/// <summary>What to run on a series: the rule's name (for UIDs), the model file, the Vision options and the preview window.</summary>
public sealed record InferencePlan(string RuleName, string ModelPath, SegmentationOptions Options, WindowPreset PreviewWindow);
