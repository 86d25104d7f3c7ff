namespace DicomAiNode.Audit;

/// <summary>The result of checking the hash chain: intact, or the first line where it breaks and why.</summary>
public sealed record AuditVerification(bool IsIntact, long LinesChecked, long? FirstBrokenLine, string? Problem);
