namespace DicomAiNode.Dicom.Objects;

/// <summary>
/// The device that creates derived objects, written into the General and Enhanced General Equipment modules
/// (PS3.3 C.7.5.1, C.7.5.2: all four are Type 1 there) and into the SR device observer context (TID 1004).
/// </summary>
/// <param name="Manufacturer">(0008,0070), e.g. "DicomAiNode".</param>
/// <param name="ModelName">(0008,1090) Manufacturer's Model Name.</param>
/// <param name="DeviceSerialNumber">(0018,1000).</param>
/// <param name="SoftwareVersions">(0018,1020).</param>
/// <param name="DeviceUid">Device Observer UID (TID 1004); derived from the other fields when null.</param>
public sealed record EquipmentIdentity(string Manufacturer, string ModelName, string DeviceSerialNumber, string SoftwareVersions, string? DeviceUid = null)
{
    /// <summary>The device UID: <see cref="DeviceUid"/>, or one derived from manufacturer, model and serial number.</summary>
    public string ObserverUid => DeviceUid ?? Data.DicomUID.FromName($"device|{Manufacturer}|{ModelName}|{DeviceSerialNumber}").UID;
}
