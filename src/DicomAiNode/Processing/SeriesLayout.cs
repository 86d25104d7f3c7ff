using DicomAiNode.Rules;

namespace DicomAiNode.Processing;

/// <summary>
/// How a series' instances form volumes: one stack when consistent; several when orientation, pixel spacing or size
/// differ (<paramref name="SplitReason"/> says the first difference); none when the series cannot be stacked at all
/// (<paramref name="Problem"/>: multi-frame images, missing geometry).
/// </summary>
public sealed record SeriesLayout(SeriesAttributes Attributes, IReadOnlyList<SeriesHeaders> Stacks, string? SplitReason, string? Problem);
