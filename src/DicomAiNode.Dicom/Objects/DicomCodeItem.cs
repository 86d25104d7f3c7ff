using DicomAiNode.Dicom.Data;

namespace DicomAiNode.Dicom.Objects;

/// <summary>A coded concept as one item of a code sequence (PS3.3 8.8, Basic Code Sequence Macro): value, scheme, meaning.</summary>
public sealed record DicomCodeItem(string Value, string Scheme, string Meaning)
{
    /// <summary>PS3.16 CID 7162: the family of an AI segmentation algorithm.</summary>
    public static DicomCodeItem ArtificialIntelligence { get; } = new("123110", "DCM", "Artificial Intelligence");

    /// <summary>PS3.16 CID 7202: purpose of reference of a source image in the Derivation Image macro.</summary>
    public static DicomCodeItem SourceImageForImageProcessingOperation { get; } = new("121322", "DCM", "Source image for image processing operation");

    /// <summary>PS3.16 CID 7203: how a SEG frame was derived.</summary>
    public static DicomCodeItem Segmentation { get; } = new("113076", "DCM", "Segmentation");

    /// <summary>The code as a sequence item; long values (over 16 characters, e.g. URNs) go to LongCodeValue (PS3.3 8.8).</summary>
    public DicomDataset ToDataset(DicomEncoding? encoding = null)
    {
        var item = new DicomDataset(encoding ?? DicomEncoding.Utf8);
        item.Add(Value.Length > 16 ? DicomTag.LongCodeValue : DicomTag.CodeValue, Value);
        item.Add(DicomTag.CodingSchemeDesignator, Scheme);
        item.Add(DicomTag.CodeMeaning, Meaning);
        return item;
    }

    /// <summary>A code sequence holding just this code.</summary>
    public DicomSequence ToSequence(DicomTag tag, DicomEncoding? encoding = null) => new(tag, ToDataset(encoding));

    /// <summary>Reads a code item; null when it has no code value.</summary>
    public static DicomCodeItem? FromDataset(DicomDataset item)
    {
        var value = item.GetStringOrDefault(DicomTag.CodeValue);
        if (value.Length == 0)
        {
            value = item.GetStringOrDefault(DicomTag.LongCodeValue);
        }
        if (value.Length == 0)
        {
            value = item.GetStringOrDefault(DicomTag.URNCodeValue);
        }
        return value.Length == 0
            ? null
            : new DicomCodeItem(value, item.GetStringOrDefault(DicomTag.CodingSchemeDesignator), item.GetStringOrDefault(DicomTag.CodeMeaning));
    }

    /// <summary>The first item of the code sequence <paramref name="tag"/> in <paramref name="dataset"/>, or null.</summary>
    public static DicomCodeItem? FromSequence(DicomDataset dataset, DicomTag tag) =>
        dataset.TryGetSequence(tag, out var sq) && sq.Items.Count > 0 ? FromDataset(sq.Items[0]) : null;

    public override string ToString() => $"({Value}, {Scheme}, \"{Meaning}\")";
}
