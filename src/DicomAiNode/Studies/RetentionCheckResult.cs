namespace DicomAiNode.Studies;

/// <summary>What one retention check did; <see cref="MoreDue"/>: it stopped at its per-check limit with studies left to purge.</summary>
public sealed record RetentionCheckResult(int StudiesPurged, long BytesFreed, int StaleTempFilesDeleted, bool MoreDue);
