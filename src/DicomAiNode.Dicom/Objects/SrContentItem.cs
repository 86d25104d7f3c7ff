using DicomAiNode.Dicom.Data;

namespace DicomAiNode.Dicom.Objects;

/// <summary>
/// SR content items as data set items (PS3.3 C.17.3, Table C.17-6 and the value type macros of C.18):
/// RelationshipType, ValueType, ConceptNameCodeSequence and the value attributes of each value type.
/// </summary>
internal static class SrContentItem
{
    public const string Contains = "CONTAINS";
    public const string HasConceptModifier = "HAS CONCEPT MOD";
    public const string HasObservationContext = "HAS OBS CONTEXT";

    public static DicomDataset Container(string relationship, DicomCodeItem concept, string? templateId, IEnumerable<DicomDataset> children)
    {
        var item = Item(relationship, "CONTAINER", concept);
        item.Add(DicomTag.ContinuityOfContent, "SEPARATE");
        if (templateId is not null)
        {
            item.Add(DicomTag.ContentTemplateSequence, Template(templateId));
        }
        var list = children.ToArray();
        if (list.Length > 0)
        {
            item.Add(DicomTag.ContentSequence, list);
        }
        return item;
    }

    public static DicomDataset Template(string templateId)
    {
        var template = new DicomDataset(DicomEncoding.Utf8);
        template.Add(DicomTag.MappingResource, "DCMR");
        template.Add(DicomTag.TemplateIdentifier, templateId);
        return template;
    }

    public static DicomDataset Code(string relationship, DicomCodeItem concept, DicomCodeItem value, params DicomDataset[] children)
    {
        var item = Item(relationship, "CODE", concept);
        item.Add(DicomTag.ConceptCodeSequence, value.ToDataset());
        return WithChildren(item, children);
    }

    public static DicomDataset Text(string relationship, DicomCodeItem concept, string value)
    {
        var item = Item(relationship, "TEXT", concept);
        item.Add(DicomTag.TextValue, value);
        return item;
    }

    public static DicomDataset UidReference(string relationship, DicomCodeItem concept, string uid)
    {
        var item = Item(relationship, "UIDREF", concept);
        item.Add(DicomTag.UID, uid);
        return item;
    }

    /// <summary>A NUM item; the value is written as DS (at most 16 characters, PS3.5 6.2).</summary>
    public static DicomDataset Number(string relationship, DicomCodeItem concept, double value, DicomCodeItem unit, params DicomDataset[] children)
    {
        var item = Item(relationship, "NUM", concept);
        var measured = new DicomDataset(DicomEncoding.Utf8);
        measured.Add(DicomTag.MeasurementUnitsCodeSequence, unit.ToDataset());
        measured.Add(DicomTag.NumericValue, Math.Round(value, 6));
        item.Add(DicomTag.MeasuredValueSequence, measured);
        return WithChildren(item, children);
    }

    /// <summary>An IMAGE item referencing one instance, optionally one of its segments (Referenced Segment Number).</summary>
    public static DicomDataset Image(string relationship, DicomCodeItem? concept, string sopClassUid, string sopInstanceUid, int? segmentNumber = null)
    {
        var item = Item(relationship, "IMAGE", concept);
        var reference = new DicomDataset(DicomEncoding.Utf8);
        reference.Add(DicomTag.ReferencedSOPClassUID, sopClassUid);
        reference.Add(DicomTag.ReferencedSOPInstanceUID, sopInstanceUid);
        if (segmentNumber is { } n)
        {
            reference.Add(DicomTag.ReferencedSegmentNumber, (ushort)n);
        }
        item.Add(DicomTag.ReferencedSOPSequence, reference);
        return item;
    }

    private static DicomDataset Item(string relationship, string valueType, DicomCodeItem? concept)
    {
        var item = new DicomDataset(DicomEncoding.Utf8);
        item.Add(DicomTag.RelationshipType, relationship);
        item.Add(DicomTag.ValueType, valueType);
        if (concept is not null)
        {
            item.Add(DicomTag.ConceptNameCodeSequence, concept.ToDataset());
        }
        return item;
    }

    private static DicomDataset WithChildren(DicomDataset item, DicomDataset[] children)
    {
        if (children.Length > 0)
        {
            item.Add(DicomTag.ContentSequence, children);
        }
        return item;
    }
}
