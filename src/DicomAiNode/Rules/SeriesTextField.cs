namespace DicomAiNode.Rules;

/// <summary>The text attributes of a series that rules can match.</summary>
public enum SeriesTextField
{
    Modality,
    BodyPartExamined,
    StudyDescription,
    SeriesDescription,
    ProtocolName,
}
