namespace DicomAiNode.Dicom.Data;

/// <summary>Setters that choose the VR from the dictionary and encode .NET values (PS3.5 6.2).</summary>
public sealed partial class DicomDataset
{
    /// <summary>Adds an element with the dictionary VR of <paramref name="tag"/>; throws if present. Values: strings, numbers, dates, UIDs, person names, tags, bytes or <see cref="DicomDataset"/> items for SQ.</summary>
    public DicomDataset Add<T>(DicomTag tag, params T[] values) => Add(Create(tag, null, values));

    /// <summary>Adds an element with an explicit VR; throws if present.</summary>
    public DicomDataset Add<T>(DicomTag tag, DicomVR vr, params T[] values) => Add(Create(tag, vr, values));

    /// <summary>Adds or replaces an element with the dictionary VR of <paramref name="tag"/>.</summary>
    public DicomDataset AddOrUpdate<T>(DicomTag tag, params T[] values) => AddOrUpdate(Create(tag, null, values));

    /// <summary>Adds or replaces an element with an explicit VR.</summary>
    public DicomDataset AddOrUpdate<T>(DicomTag tag, DicomVR vr, params T[] values) => AddOrUpdate(Create(tag, vr, values));

    /// <summary>Adds or replaces an element whose value stays in <paramref name="buffer"/> (e.g. a lazily read pixel data value).</summary>
    public DicomDataset AddOrUpdate(DicomTag tag, DicomVR vr, DicomBuffer buffer) => AddOrUpdate(new DicomElement(tag, vr, buffer));

    private DicomItem Create<T>(DicomTag tag, DicomVR? vr, T[] values)
    {
        vr ??= ChooseVR<T>(tag);
        if (vr.IsSequence)
        {
            if (values is not DicomDataset[] items)
            {
                throw new DicomDataException($"{Describe(tag)} is a sequence (SQ): give DicomDataset items, not {typeof(T).Name}.");
            }
            return new DicomSequence(tag, items);
        }
        if (values is DicomBuffer[] buffers)
        {
            // AddOrUpdate(tag, vr, someFileBuffer) binds here for derived buffer types: keep the value where it is.
            return buffers.Length == 1
                ? new DicomElement(tag, vr, buffers[0])
                : throw new DicomDataException($"{Describe(tag)}: give one buffer for the value, not {buffers.Length}.");
        }
        if (values is DicomDataset[])
        {
            throw new DicomDataException($"{Describe(tag)} has VR {vr.Code}: it cannot hold sequence items.");
        }
        if (vr.IsString && !vr.IsMultiValued && values.Length > 1)
        {
            throw new DicomDataException($"{Describe(tag)} has VR {vr.Code}, which holds a single value; got {values.Length}.");
        }
        var encoding = tag == DicomTag.SpecificCharacterSet ? DicomEncoding.Default : _encoding;
        return new DicomElement(tag, vr, DicomValueCodec.EncodeValues(tag, vr, values, encoding));
    }

    /// <summary>The dictionary VR, picking among "US or SS", "OB or OW" … by the .NET type of the values.</summary>
    private static DicomVR ChooseVR<T>(DicomTag tag)
    {
        var entry = DicomDictionary.Lookup(tag);
        var vrs = entry.ValueRepresentations;
        if (vrs.Count == 0)
        {
            throw new DicomDataException($"{Describe(tag)} is an item or delimiter tag, not a data element.");
        }
        if (vrs.Count == 1 && !(vrs[0] == DicomVR.UN && tag.IsPrivate))
        {
            return vrs[0];
        }
        if (tag.IsPrivate && vrs[0] == DicomVR.UN)
        {
            throw new DicomDataException($"{tag} is a private tag unknown to the dictionary: give its VR explicitly.");
        }
        var t = typeof(T);
        DicomVR? pick = t == typeof(short) ? DicomVR.SS
            : t == typeof(ushort) ? (vrs.Contains(DicomVR.US) ? DicomVR.US : DicomVR.OW)
            : t == typeof(byte) ? DicomVR.OB
            : null;
        return pick is not null && vrs.Contains(pick) ? pick : vrs[0];
    }
}
