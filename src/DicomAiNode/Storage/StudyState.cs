namespace DicomAiNode.Storage;

/// <summary>Life cycle of a study: receiving → ready (quiet for its stable age) → processing → done or failed.</summary>
public enum StudyState
{
    Receiving,
    Ready,
    Processing,
    Done,
    Failed,
}
