using DicomAiNode.Storage;

namespace DicomAiNode.Tests.Support;

/// <summary>Instance records for store tests.</summary>
public static class Instances
{
    public const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";
    public const string ExplicitVrLittleEndian = "1.2.840.10008.1.2.1";

    public static InstanceRecord Make(string study, string series, string sop, DateTimeOffset at, string callingAe = "STORESCU") => new()
    {
        SopInstanceUid = sop,
        SopClassUid = CtImageStorage,
        StudyInstanceUid = study,
        SeriesInstanceUid = series,
        Path = $"/spool/{study}/{series}/{sop}.dcm",
        Size = 1000,
        CallingAeTitle = callingAe,
        ReceivedAt = at,
        TransferSyntaxUid = ExplicitVrLittleEndian,
    };
}
