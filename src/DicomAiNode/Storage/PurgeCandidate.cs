namespace DicomAiNode.Storage;

/// <summary>A finished study old enough to purge; <see cref="LastActivityAt"/> is its last instance, processing or delivery update.</summary>
public sealed record PurgeCandidate(string StudyInstanceUid, StudyState State, DateTimeOffset LastActivityAt);
