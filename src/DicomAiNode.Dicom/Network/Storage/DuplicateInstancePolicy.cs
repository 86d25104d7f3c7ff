namespace DicomAiNode.Dicom.Network;

/// <summary>What a spooling C-STORE SCP does with an instance whose SOP Instance UID it already holds.</summary>
public enum DuplicateInstancePolicy
{
    /// <summary>Replace the stored file atomically (rename over it): the newest copy wins.</summary>
    Overwrite,

    /// <summary>Keep the stored file and discard the incoming copy (still answered with Success).</summary>
    KeepExisting,
}
