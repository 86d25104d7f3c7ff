namespace DicomAiNode.Storage;

/// <summary>Life cycle of one result file for one destination.</summary>
public enum OutboxState
{
    Pending,
    Sending,
    Delivered,

    /// <summary>Gave up (too many attempts, too old, or refused for good); an operator may retry it.</summary>
    Dead,

    /// <summary>An operator decided it will never be sent.</summary>
    Discarded,
}
