using System.Buffers.Binary;
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
    private const int ValueColumn = 52;

    /// <summary>Writes the meta information and data set of <paramref name="file"/>.</summary>
    public static void Write(TextWriter writer, DicomFile file, int maxValueLength = 64)
    {
        var text = new StringBuilder(16 * 1024);
        text.Append("\n# Dicom-File-Format\n\n# Dicom-Meta-Information-Header\n# Used TransferSyntax: Little Endian Explicit\n");
        WriteDataset(text, file.FileMetaInfo, 0, maxValueLength);
        text.Append("\n# Dicom-Data-Set\n# Used TransferSyntax: ").Append(file.TransferSyntax.UID.Name).Append('\n');
        WriteDataset(text, file.Dataset, 0, maxValueLength);
        writer.Write(text);
    }

    /// <summary>Writes every item of <paramref name="dataset"/>; values longer than <paramref name="maxValueLength"/> characters are cut with "...".</summary>
    public static void Write(TextWriter writer, DicomDataset dataset, int maxValueLength = 64)
    {
        var text = new StringBuilder(16 * 1024);
        WriteDataset(text, dataset, 0, maxValueLength);
        writer.Write(text);
    }

    private static void WriteDataset(StringBuilder text, DicomDataset dataset, int depth, int maxValueLength)
    {
        foreach (var item in dataset)
        {
            switch (item)
            {
                case DicomElement element:
                    int start = BeginLine(text, depth, element.Tag, element.VR.Code);
                    AppendValue(text, dataset, element, maxValueLength);
                    EndLine(text, start, depth, element.Tag, element.Length, element.Length == 0 ? 0 : element.Count);
                    break;
                case DicomSequence sequence:
                    start = BeginLine(text, depth, sequence.Tag, "SQ");
                    text.Append(sequence.HasUndefinedLength ? "(Sequence with undefined length #=" : "(Sequence with explicit length #=")
                        .Append(sequence.Items.Count).Append(')');
                    EndLine(text, start, depth, sequence.Tag, sequence.HasUndefinedLength ? -1 : -2, 1);
                    foreach (var child in sequence.Items)
                    {
                        start = BeginLine(text, depth + 1, DicomTag.Item, "na");
                        text.Append(child.HasUndefinedLength ? "(Item with undefined length #=" : "(Item with explicit length #=").Append(child.Count).Append(')');
                        EndLine(text, start, depth + 1, DicomTag.Item, child.HasUndefinedLength ? -1 : -2, 1);
                        WriteDataset(text, child, depth + 2, maxValueLength);
                        if (child.HasUndefinedLength)
                        {
                            start = BeginLine(text, depth + 1, DicomTag.ItemDelimitationItem, "na");
                            text.Append("(ItemDelimitationItem)");
                            EndLine(text, start, depth + 1, DicomTag.ItemDelimitationItem, 0, 0);
                        }
                    }
                    if (sequence.HasUndefinedLength)
                    {
                        start = BeginLine(text, depth, DicomTag.SequenceDelimitationItem, "na");
                        text.Append("(SequenceDelimitationItem)");
                        EndLine(text, start, depth, DicomTag.SequenceDelimitationItem, 0, 0);
                    }
                    break;
                case DicomFragmentSequence fragments:
                    start = BeginLine(text, depth, fragments.Tag, fragments.VR.Code);
                    text.Append("(PixelSequence #=").Append(fragments.Fragments.Count + 1).Append(')');
                    EndLine(text, start, depth, fragments.Tag, -1, 1);
                    start = BeginLine(text, depth + 1, DicomTag.Item, "pi");
                    if (fragments.BasicOffsetTable.Count == 0)
                    {
                        text.Append("(no value available)");
                    }
                    else
                    {
                        int valueStart = text.Length;
                        for (int i = 0; i < fragments.BasicOffsetTable.Count && !Full(text, valueStart, maxValueLength); i++)
                        {
                            text.Append(i == 0 ? string.Empty : "\\").Append(CultureInfo.InvariantCulture, $"{fragments.BasicOffsetTable[i]:x8}");
                        }
                        Cut(text, valueStart, maxValueLength);
                    }
                    EndLine(text, start, depth + 1, DicomTag.Item, fragments.BasicOffsetTable.Count * 4, fragments.BasicOffsetTable.Count);
                    foreach (var fragment in fragments.Fragments)
                    {
                        start = BeginLine(text, depth + 1, DicomTag.Item, "pi");
                        text.Append("(fragment of ").Append(fragment.Length).Append(fragment.IsLazy ? " bytes, not loaded)" : " bytes)");
                        EndLine(text, start, depth + 1, DicomTag.Item, fragment.Length, 1);
                    }
                    start = BeginLine(text, depth, DicomTag.SequenceDelimitationItem, "na");
                    text.Append("(SequenceDelimitationItem)");
                    EndLine(text, start, depth, DicomTag.SequenceDelimitationItem, 0, 0);
                    break;
                default:
                    break;
            }
        }
    }

    private static int BeginLine(StringBuilder text, int depth, DicomTag tag, string vr)
    {
        int start = text.Length;
        text.Append(' ', depth * 2).Append('(').Append(CultureInfo.InvariantCulture, $"{tag.Group:X4},{tag.Element:X4}").Append(") ").Append(vr).Append(' ');
        return start;
    }

    /// <param name="length">The value length; -1 prints "u/l" (undefined), -2 "?" (defined, not kept).</param>
    private static void EndLine(StringBuilder text, int start, int depth, DicomTag tag, long length, int count)
    {
        int pad = start + (depth * 2) + ValueColumn - text.Length;
        if (pad > 0)
        {
            text.Append(' ', pad);
        }
        text.Append(" # ");
        if (length == -1)
        {
            text.Append("u/l");
        }
        else if (length == -2)
        {
            text.Append("  ?");
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"{length,3}");
        }
        text.Append(", ").Append(count).Append(' ');
        var keyword = DicomDictionary.KeywordOf(tag);
        text.Append(keyword.Length > 0 ? keyword : tag.IsPrivate ? "PrivateTag" : "UnknownTag").Append('\n');
    }

    private static void AppendValue(StringBuilder text, DicomDataset dataset, DicomElement element, int maxValueLength)
    {
        if (element.Length == 0)
        {
            text.Append("(no value available)");
            return;
        }
        if (element.Buffer.IsLazy)
        {
            text.Append("(not loaded: ").Append(element.Length).Append(" bytes)");
            return;
        }
        var vr = element.VR;
        int valueStart = text.Length;
        if (vr.IsString)
        {
            string value;
            try
            {
                value = dataset.Encoding.Decode(element.Buffer.Data.Span, vr);
            }
            catch (DicomDataException)
            {
                value = "(undecodable)";
            }
            text.Append('[').Append(value.AsSpan().TrimEnd(" \0"));
            Cut(text, valueStart + 1, maxValueLength);
            text.Append(']');
            return;
        }
        var data = element.Buffer.Data.Span;
        int unit = vr == DicomVR.AT ? 4 : vr.UnitSize;
        for (int i = 0; i + unit <= data.Length && !Full(text, valueStart, maxValueLength); i += unit)
        {
            if (i > 0)
            {
                text.Append('\\');
            }
            var v = data.Slice(i, unit);
            switch (vr.Code)
            {
                case "US" or "OW": text.Append(BinaryPrimitives.ReadUInt16LittleEndian(v)); break;
                case "SS": text.Append(BinaryPrimitives.ReadInt16LittleEndian(v)); break;
                case "UL" or "OL": text.Append(BinaryPrimitives.ReadUInt32LittleEndian(v)); break;
                case "SL": text.Append(BinaryPrimitives.ReadInt32LittleEndian(v)); break;
                case "FL" or "OF": text.Append(BinaryPrimitives.ReadSingleLittleEndian(v).ToString("R", CultureInfo.InvariantCulture)); break;
                case "FD" or "OD": text.Append(BinaryPrimitives.ReadDoubleLittleEndian(v).ToString("R", CultureInfo.InvariantCulture)); break;
                case "SV": text.Append(BinaryPrimitives.ReadInt64LittleEndian(v)); break;
                case "UV" or "OV": text.Append(BinaryPrimitives.ReadUInt64LittleEndian(v)); break;
                case "AT":
                    text.Append(CultureInfo.InvariantCulture, $"({BinaryPrimitives.ReadUInt16LittleEndian(v):X4},{BinaryPrimitives.ReadUInt16LittleEndian(v[2..]):X4})");
                    break;
                default: text.Append(CultureInfo.InvariantCulture, $"{v[0]:x2}"); break;
            }
        }
        Cut(text, valueStart, maxValueLength);
    }

    private static bool Full(StringBuilder text, int valueStart, int maxValueLength) =>
        maxValueLength > 0 && text.Length - valueStart > maxValueLength;

    private static void Cut(StringBuilder text, int valueStart, int maxValueLength)
    {
        if (Full(text, valueStart, maxValueLength))
        {
            text.Length = valueStart + maxValueLength;
            text.Append("...");
        }
    }
}
