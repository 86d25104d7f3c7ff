namespace DicomAiNode.Audit;

/// <summary>One line of the audit log as read back: its number (from 1), the event and the hash it carries.</summary>
public sealed record AuditRecord(long LineNumber, AuditEvent Event, string PrevHash);
