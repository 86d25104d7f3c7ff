namespace DicomAiNode.Configuration;

/// <summary>What happens to an instance that arrives after its study was processed.</summary>
public enum LateInstancePolicy
{
    /// <summary>The study becomes pending again and the affected series are processed again.</summary>
    Rerun,

    /// <summary>The instance is stored and audited; nothing is processed again.</summary>
    Ignore,
}
