using System.Globalization;
using System.Text;
using DicomAiNode.Dicom.Data;

namespace DicomAiNode.Dicom.IO;

/// <summary>
/// Prints a data set in the form of dcmtk's dcmdump, one element per line, sequences and items indented:
/// <c>(0010,0010) PN [Doe^John]                               #   8, 1 PatientName</c>.
/// </summary>
public static class DicomDump
{
    /// <summary>Writes the meta information and data set of <paramref name="file"/>.</summary>
    public static void Write(TextWriter writer, DicomFile file, int maxValueLength = 64)
    {
        writer.WriteLine();
        writer.WriteLine("# Dicom-File-Format");
        writer.WriteLine();
        writer.WriteLine("# Dicom-Meta-Information-Header");
        writer.WriteLine("# Used TransferSyntax: Little Endian Explicit");
        Write(writer, file.FileMetaInfo, maxValueLength);
        writer.WriteLine();
        writer.WriteLine("# Dicom-Data-Set");
        writer.WriteLine($"# Used TransferSyntax: {file.TransferSyntax.UID.Name}");
        Write(writer, file.Dataset, maxValueLength);
    }

    /// <summary>Writes every item of <paramref name="dataset"/>; values longer than <paramref name="maxValueLength"/> characters are cut with "...".</summary>
    public static void Write(TextWriter writer, DicomDataset dataset, int maxValueLength = 64)
    {
        var line = new StringBuilder(128);
        WriteDataset(writer, line, dataset, 0, maxValueLength);
    }

    private static void WriteDataset(TextWriter writer, StringBuilder line, DicomDataset dataset, int depth, int maxValueLength)
    {
        foreach (var item in dataset)
        {
            switch (item)
            {
                case DicomElement element:
                    Line(writer, line, depth, element.Tag, element.VR.Code, FormatValue(dataset, element, maxValueLength), element.Length.ToString(CultureInfo.InvariantCulture), element.Count);
                    break;
                case DicomSequence sequence:
                    Line(writer, line, depth, sequence.Tag, "SQ",
                        $"({(sequence.HasUndefinedLength ? "Sequence with undefined length" : "Sequence with explicit length")} #={sequence.Items.Count})",
                        sequence.HasUndefinedLength ? "u/l" : "?", 1);
                    foreach (var child in sequence.Items)
                    {
                        Line(writer, line, depth + 1, DicomTag.Item, "na",
                            $"({(child.HasUndefinedLength ? "Item with undefined length" : "Item with explicit length")} #={child.Count})",
                            child.HasUndefinedLength ? "u/l" : "?", 1);
                        WriteDataset(writer, line, child, depth + 2, maxValueLength);
                        if (child.HasUndefinedLength)
                        {
                            Line(writer, line, depth + 1, DicomTag.ItemDelimitationItem, "na", "(ItemDelimitationItem)", "0", 0);
                        }
                    }
                    if (sequence.HasUndefinedLength)
                    {
                        Line(writer, line, depth, DicomTag.SequenceDelimitationItem, "na", "(SequenceDelimitationItem)", "0", 0);
                    }
                    break;
                case DicomFragmentSequence fragments:
                    Line(writer, line, depth, fragments.Tag, fragments.VR.Code, $"(PixelSequence #={fragments.Fragments.Count + 1})", "u/l", 1);
                    Line(writer, line, depth + 1, DicomTag.Item, "pi",
                        string.Join('\\', fragments.BasicOffsetTable.Select(o => o.ToString("x8", CultureInfo.InvariantCulture))) is { Length: > 0 } table
                            ? Cut(table, maxValueLength)
                            : "(no value available)",
                        (fragments.BasicOffsetTable.Count * 4).ToString(CultureInfo.InvariantCulture), fragments.BasicOffsetTable.Count);
                    foreach (var fragment in fragments.Fragments)
                    {
                        Line(writer, line, depth + 1, DicomTag.Item, "pi", $"(fragment of {fragment.Length} bytes{(fragment.IsLazy ? ", not loaded" : string.Empty)})",
                            fragment.Length.ToString(CultureInfo.InvariantCulture), 1);
                    }
                    Line(writer, line, depth, DicomTag.SequenceDelimitationItem, "na", "(SequenceDelimitationItem)", "0", 0);
                    break;
                default:
                    break;
            }
        }
    }

    private static void Line(TextWriter writer, StringBuilder line, int depth, DicomTag tag, string vr, string value, string length, int count)
    {
        line.Clear();
        line.Append(' ', depth * 2);
        line.Append(tag.ToString()).Append(' ').Append(vr).Append(' ').Append(value);
        int pad = (depth * 2) + 52 - line.Length;
        if (pad > 0)
        {
            line.Append(' ', pad);
        }
        var keyword = DicomDictionary.Lookup(tag).Keyword;
        line.Append(" # ").Append(length.PadLeft(3)).Append(", ").Append(count.ToString(CultureInfo.InvariantCulture)).Append(' ')
            .Append(keyword.Length > 0 ? keyword : tag.IsPrivate ? "PrivateTag" : "UnknownTag");
        writer.WriteLine(line);
    }

    private static string FormatValue(DicomDataset dataset, DicomElement element, int maxValueLength)
    {
        if (element.Length == 0)
        {
            return "(no value available)";
        }
        if (element.Buffer.IsLazy)
        {
            return $"(not loaded: {element.Length} bytes)";
        }
        var vr = element.VR;
        if (vr.IsString)
        {
            string text;
            try
            {
                text = DicomValueText(dataset, element);
            }
            catch (DicomDataException)
            {
                text = "(undecodable)";
            }
            return "[" + Cut(text, maxValueLength) + "]";
        }
        // Binary values: bytes in hex (OB, UN), tags as (gggg,eeee), numbers in decimal, cut after maxValueLength characters.
        var data = element.Buffer.Data.Span;
        var text2 = new StringBuilder();
        if (vr == DicomVR.OB || vr == DicomVR.UN)
        {
            foreach (byte b in data)
            {
                if (text2.Length > 0)
                {
                    text2.Append('\\');
                }
                text2.Append(b.ToString("x2", CultureInfo.InvariantCulture));
                if (text2.Length > maxValueLength)
                {
                    break;
                }
            }
            return Cut(text2.ToString(), maxValueLength);
        }
        // Convert only as many values as can be shown.
        int unit = vr == DicomVR.AT ? 4 : vr.UnitSize;
        int shownBytes = (int)Math.Min(data.Length, (long)unit * (maxValueLength > 0 ? maxValueLength : int.MaxValue / 8));
        shownBytes -= shownBytes % unit;
        var shown = shownBytes < data.Length ? new DicomElement(element.Tag, vr, data[..shownBytes].ToArray()) : element;
        var values = vr == DicomVR.AT
            ? DicomValueCodec.DecodeValues<DicomTag>(shown, dataset.Encoding).Select(t => t.ToString())
            : DicomValueCodec.DecodeStrings(shown, dataset.Encoding);
        return Cut(string.Join('\\', values), maxValueLength);
    }

    private static string DicomValueText(DicomDataset dataset, DicomElement element) =>
        dataset.TryGetString(element.Tag, out var text) ? text : string.Empty;

    private static string Cut(string text, int maxValueLength) =>
        maxValueLength > 0 && text.Length > maxValueLength ? text[..maxValueLength] + "..." : text;
}
