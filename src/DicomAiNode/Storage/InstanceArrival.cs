using DicomAiNode.Configuration;

namespace DicomAiNode.Storage;

/// <summary>What recording one instance meant for its study.</summary>
/// <param name="StudyIsNew">The first instance of the study.</param>
/// <param name="IsDuplicate">An instance with this SOP Instance UID was stored before (its record now points to the new file).</param>
/// <param name="IsLate">The study was already being processed or processed when the instance came.</param>
/// <param name="LatePolicy">The policy applied to a late instance.</param>
/// <param name="PreviousState">The study's state before the instance, null for a new study.</param>
public sealed record InstanceArrival(bool StudyIsNew, bool IsDuplicate, bool IsLate, LateInstancePolicy LatePolicy, StudyState? PreviousState);
