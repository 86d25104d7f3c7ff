namespace DicomAiNode.Configuration;

/// <summary>How hard the audit log pushes each line to storage.</summary>
public enum AuditFsyncPolicy
{
    /// <summary>Flush to the operating system after every event; survives a process crash, not a power loss.</summary>
    None,

    /// <summary>Flush and fsync after every event; survives a power loss.</summary>
    PerEvent,
}
