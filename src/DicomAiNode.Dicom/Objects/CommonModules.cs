using DicomAiNode.Dicom.Data;

namespace DicomAiNode.Dicom.Objects;

/// <summary>
/// Modules every derived object shares with its source: Patient (C.7.1.1), General Study (C.7.2.1), Patient Study
/// (C.7.2.2), and the equipment modules (C.7.5.1/C.7.5.2). Strings are re-encoded into the derived object's
/// character set (ISO_IR 192), so sources in any character set give a consistent result.
/// </summary>
internal static class CommonModules
{
    /// <summary>Type 2 attributes written empty when the source lacks them.</summary>
    private static readonly DicomTag[] Type2 =
    [
        DicomTag.PatientName, DicomTag.PatientID, DicomTag.PatientBirthDate, DicomTag.PatientSex,
        DicomTag.StudyDate, DicomTag.StudyTime, DicomTag.ReferringPhysicianName, DicomTag.StudyID, DicomTag.AccessionNumber,
    ];

    /// <summary>Optional attributes copied when present.</summary>
    private static readonly DicomTag[] Optional =
    [
        DicomTag.IssuerOfPatientID, DicomTag.OtherPatientIDsSequence, DicomTag.PatientBirthTime, DicomTag.EthnicGroup,
        DicomTag.PatientIdentityRemoved, DicomTag.DeidentificationMethod, DicomTag.DeidentificationMethodCodeSequence,
        DicomTag.StudyDescription, DicomTag.PatientAge, DicomTag.PatientSize, DicomTag.PatientWeight,
        DicomTag.ClinicalTrialSponsorName, DicomTag.ClinicalTrialProtocolID, DicomTag.ClinicalTrialProtocolName,
        DicomTag.ClinicalTrialSiteID, DicomTag.ClinicalTrialSiteName, DicomTag.ClinicalTrialSubjectID, DicomTag.ClinicalTrialSubjectReadingID,
        DicomTag.ClinicalTrialTimePointID, DicomTag.ClinicalTrialCoordinatingCenterName,
    ];

    /// <summary>A new data set in UTF-8 with the SOP Common, Patient, Study and equipment attributes.</summary>
    public static DicomDataset Create(DicomDataset source, string sopClassUid, string sopInstanceUid, EquipmentIdentity equipment)
    {
        var target = new DicomDataset();
        target.Add(DicomTag.SpecificCharacterSet, "ISO_IR 192");
        target.Add(DicomTag.SOPClassUID, sopClassUid);
        target.Add(DicomTag.SOPInstanceUID, sopInstanceUid);
        target.Add(DicomTag.StudyInstanceUID, source.GetString(DicomTag.StudyInstanceUID));
        foreach (var tag in Type2)
        {
            if (!Copy(source, target, tag))
            {
                target.Add(tag, Array.Empty<string>());
            }
        }
        foreach (var tag in Optional)
        {
            Copy(source, target, tag);
        }
        target.Add(DicomTag.Manufacturer, equipment.Manufacturer);
        target.Add(DicomTag.ManufacturerModelName, equipment.ModelName);
        target.Add(DicomTag.DeviceSerialNumber, equipment.DeviceSerialNumber);
        target.Add(DicomTag.SoftwareVersions, equipment.SoftwareVersions);
        return target;
    }

    /// <summary>Copies <paramref name="tag"/> from <paramref name="source"/>, re-encoding text; false when absent.</summary>
    public static bool Copy(DicomDataset source, DicomDataset target, DicomTag tag)
    {
        if (!source.TryGetItem(tag, out var item))
        {
            return false;
        }
        target.AddOrUpdate(Reencode(source, item, target.Encoding));
        return true;
    }

    private static DicomItem Reencode(DicomDataset source, DicomItem item, DicomEncoding encoding)
    {
        switch (item)
        {
            case DicomSequence sq:
                return new DicomSequence(sq.Tag, sq.Items.Select(child =>
                {
                    var copy = new DicomDataset(encoding);
                    foreach (var grandChild in child)
                    {
                        copy.AddOrUpdate(Reencode(child, grandChild, encoding));
                    }
                    return copy;
                }));
            case DicomElement element when element.VR.IsCharacterSetDependent:
                var values = source.GetStrings(element.Tag);
                var target = new DicomDataset(encoding);
                target.Add(element.Tag, element.VR, values);
                return target.GetItem(element.Tag)!;
            default:
                return item;
        }
    }
}
