using DicomAiNode.Dicom.Data;

namespace DicomAiNode.Dicom.IO;

/// <summary>Builds the file meta information group (0002,xxxx) of PS3.10 7.1.</summary>
public static class DicomFileMetaInformation
{
    /// <summary>
    /// The meta group for <paramref name="dataset"/> in <paramref name="syntax"/>: version 00\01, SOP class and instance from
    /// the data set, the transfer syntax, our Implementation Class UID and Version Name, and the group length. Source /
    /// sending / receiving AE titles and private information of <paramref name="previous"/> are kept.
    /// </summary>
    public static DicomDataset Create(DicomDataset dataset, DicomTransferSyntax syntax, DicomDataset? previous = null)
    {
        var meta = new DicomDataset();
        meta.Add(new DicomElement(DicomTag.FileMetaInformationGroupLength, DicomVR.UL, new byte[4]));
        meta.Add(new DicomElement(DicomTag.FileMetaInformationVersion, DicomVR.OB, new byte[] { 0x00, 0x01 }));
        meta.Add(DicomTag.MediaStorageSOPClassUID, DicomVR.UI,
            dataset.GetStringOrDefault(DicomTag.SOPClassUID, previous?.GetStringOrDefault(DicomTag.MediaStorageSOPClassUID) ?? string.Empty));
        meta.Add(DicomTag.MediaStorageSOPInstanceUID, DicomVR.UI,
            dataset.GetStringOrDefault(DicomTag.SOPInstanceUID, previous?.GetStringOrDefault(DicomTag.MediaStorageSOPInstanceUID) ?? string.Empty));
        meta.Add(DicomTag.TransferSyntaxUID, DicomVR.UI, syntax.UID.UID);
        meta.Add(DicomTag.ImplementationClassUID, DicomVR.UI, DicomImplementation.ClassUid);
        meta.Add(DicomTag.ImplementationVersionName, DicomVR.SH, DicomImplementation.VersionName);
        if (previous is not null)
        {
            foreach (var tag in new[]
                     {
                         DicomTag.SourceApplicationEntityTitle, DicomTag.SendingApplicationEntityTitle,
                         DicomTag.ReceivingApplicationEntityTitle, DicomTag.PrivateInformationCreatorUID, DicomTag.PrivateInformation,
                     })
            {
                if (previous.GetItem(tag) is DicomElement kept)
                {
                    meta.AddOrUpdate(kept);
                }
            }
        }
        return meta;
    }
}
