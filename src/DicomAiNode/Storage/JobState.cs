namespace DicomAiNode.Storage;

/// <summary>Life cycle of one (series, rule) job.</summary>
public enum JobState
{
    Pending,
    Running,
    Done,
    Failed,
}
