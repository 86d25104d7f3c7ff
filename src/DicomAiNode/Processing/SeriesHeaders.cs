using DicomAiNode.Rules;
using DicomAiNode.Storage;

namespace DicomAiNode.Processing;

/// <summary>
/// A series as read from the headers of its indexed instances: the attributes the rules match on, the instances in
/// slice order (along the normal of the image plane), and why the series cannot be processed as one volume, if so.
/// </summary>
/// <param name="GeometryProblem">Null for a consistent series; otherwise the reason (mixed orientation, spacing, size, duplicate positions, multi-frame).</param>
public sealed record SeriesHeaders(SeriesAttributes Attributes, IReadOnlyList<InstanceRecord> OrderedInstances, string? GeometryProblem);
