using DicomAiNode.Rules;
using DicomAiNode.Vision.Decoding;
using DicomAiNode.Vision.Pipeline;
using DicomAiNode.Vision.PostProcessing;
using DicomAiNode.Vision.Preprocessing;

namespace DicomAiNode.Pipeline;

/// <summary>Maps a rule of <c>config/rules.json</c> to the Vision library's <see cref="SegmentationOptions"/>.</summary>
public static class RuleSegmentationOptions
{
    public static SegmentationOptions From(ProtocolRule rule, int batchSize)
    {
        var options = new SegmentationOptions
        {
            Decode = new DecodeOptions
            {
                Confidence = (float)rule.Thresholds.Confidence,
                Iou = (float)rule.Thresholds.Iou,
                MaxDetections = rule.Thresholds.MaxDetections,
            },
            Classes = rule.Prompt.Classes.Count > 0 ? rule.Prompt.Classes : null,
            BatchSize = Math.Max(1, batchSize),
            RetinaMasks = rule.PostProcessing.RetinaMasks,
            PostProcessing = new PostProcessingOptions
            {
                ClosingRadius = rule.PostProcessing.ClosingRadius,
                FillHoles = rule.PostProcessing.FillHoles,
                MinAreaMm2 = rule.PostProcessing.MinSizeMm2,
                Constraints = string.Equals(rule.PostProcessing.Constraint, "lung", StringComparison.OrdinalIgnoreCase)
                    ? [AnatomicalConstraint.Lungs(LungClasses(rule))]
                    : [],
            },
        };
        return rule.Windows.Count > 0
            ? options with { Channels = ChannelMapping.FromWindows(rule.Windows.Select(w => new WindowPreset(w.Center, w.Width)).ToList()) }
            : options;
    }

    /// <summary>
    /// The classes the lung constraint keeps inside the lungs: those the rule names in
    /// <c>postProcessing.constraintClasses</c>, else all of its classes except pleural ones (an effusion lies outside
    /// the aerated lung).
    /// </summary>
    private static IEnumerable<string> LungClasses(ProtocolRule rule) =>
        rule.PostProcessing.ConstraintClasses.Count > 0
            ? rule.PostProcessing.ConstraintClasses
            : rule.Prompt.Classes.Where(c => !c.Contains("pleural", StringComparison.OrdinalIgnoreCase));
}
