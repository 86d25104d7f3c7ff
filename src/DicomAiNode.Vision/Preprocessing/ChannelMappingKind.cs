namespace DicomAiNode.Vision.Preprocessing;

public enum ChannelMappingKind
{
    /// <summary>Fixed windows: one replicated to three channels, or one per channel.</summary>
    Windows,

    /// <summary>MR: a window from intensity percentiles of the whole series.</summary>
    Percentile,
}
