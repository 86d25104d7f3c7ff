using DicomAiNode.Rules;
using DicomAiNode.Storage;

namespace DicomAiNode.Processing;

/// <summary>
/// One stack of a series as read from the headers of its indexed instances: the attributes the rules match on, the
/// instances in slice order (along the normal of the image plane), and why the stack cannot be processed as one
/// volume, if so. A consistent series is one stack; a mixed one is split into stacks of one geometry each.
/// </summary>
/// <param name="GeometryProblem">Null for a consistent stack; otherwise the reason (duplicate positions, multi-frame, missing geometry).</param>
public sealed record SeriesHeaders(SeriesAttributes Attributes, IReadOnlyList<InstanceRecord> OrderedInstances, string? GeometryProblem)
{
    /// <summary>
    /// Null for a series processed whole; for a stack of a split series its geometry (orientation, pixel spacing,
    /// size), which enters the derived UIDs of its results so that each stack gets its own SEG and SR, the same at every re-run.
    /// </summary>
    public string? StackKey { get; init; }

    /// <summary>For a stack of a split series: a short human description ("stack 2 of 3: 12 images 512x512, …").</summary>
    public string? StackDescription { get; init; }
}
