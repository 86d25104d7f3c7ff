namespace DicomAiNode.Configuration;

/// <summary>The audit log (section <c>Audit</c>).</summary>
public sealed class AuditOptions
{
    /// <summary>JSON-lines file; empty means <c>audit/audit.jsonl</c> in the data folder; relative paths are under the data folder.</summary>
    public string Path { get; set; } = "";

    /// <summary>Write PatientID into audit events. Patient names are never written.</summary>
    public bool IncludePatientId { get; set; }

    /// <summary>When written lines reach the disk itself, not just the operating system.</summary>
    public AuditFsyncPolicy Fsync { get; set; } = AuditFsyncPolicy.PerEvent;
}
