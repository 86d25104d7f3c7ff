namespace DicomAiNode.Outbox;

/// <summary>What became of one file sent to a destination.</summary>
public enum DeliveryStatus
{
    /// <summary>The destination answered Success (or a warning status, PS3.4 B.2.3).</summary>
    Delivered,

    /// <summary>Worth trying again later: network errors, association rejected transiently, out of resources (A7xx).</summary>
    TransientFailure,

    /// <summary>Trying again will not help: SOP class not supported, data set does not match (A9xx, Cxxx), file unreadable.</summary>
    PermanentFailure,
}
