namespace DicomAiNode.Storage;

/// <summary>What a journaled deletion removes.</summary>
public enum FileDeletionKind
{
    /// <summary>One received instance's file in the spool.</summary>
    Spool,

    /// <summary>The study's folder of result files, with everything in it.</summary>
    Results,
}
