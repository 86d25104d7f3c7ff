namespace DicomAiNode.Dicom.Data;

/// <summary>
/// The PS3.6 data dictionary: tag → VR(s), VM, keyword, name, retired; with repeating groups (50xx, 60xx, (0020,31xx) …),
/// group lengths (gggg,0000), private creators (gggg,00xx) and private data elements.
/// The table is generated (<c>scripts/dictionary/generate.py</c>) and parsed once on first use.
/// </summary>
public static partial class DicomDictionary
{
    private static readonly Lazy<Tables> Data = new(Build, LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly DicomVR[] UnknownVRs = [DicomVR.UN];

    /// <summary>All exact (non-repeating) entries.</summary>
    public static IEnumerable<DicomDictionaryEntry> Entries => Data.Value.ByTag.Values.OrderBy(e => e.Tag);

    /// <summary>The entry of <paramref name="tag"/>; a generated entry (VR UN, or LO for private creators, UL for group lengths) if PS3.6 does not define it.</summary>
    public static DicomDictionaryEntry Lookup(DicomTag tag) =>
        TryLookup(tag, out var entry) ? entry : Generic(tag);

    /// <summary>The PS3.6 entry of <paramref name="tag"/>, including repeating groups, private creators and group lengths.</summary>
    public static bool TryLookup(DicomTag tag, out DicomDictionaryEntry entry)
    {
        var tables = Data.Value;
        if (tables.ByTag.TryGetValue(tag.Value, out entry!))
        {
            return true;
        }
        if (!tag.IsPrivate)
        {
            foreach (var repeating in tables.Repeating)
            {
                if (repeating.Matches(tag))
                {
                    entry = repeating;
                    return true;
                }
            }
        }
        if (tag.Element == 0x0000 || tag.IsPrivateCreator)
        {
            entry = Generic(tag);
            return true;
        }
        return false;
    }

    /// <summary>The keyword of <paramref name="tag"/> ("GroupLength", "PrivateCreator" or empty for others PS3.6 does not name), without allocating.</summary>
    public static string KeywordOf(DicomTag tag)
    {
        var tables = Data.Value;
        if (tables.ByTag.TryGetValue(tag.Value, out var entry))
        {
            return entry.Keyword;
        }
        if (tag.Element == 0x0000)
        {
            return "GroupLength";
        }
        if (tag.IsPrivate)
        {
            return tag.IsPrivateCreator ? "PrivateCreator" : string.Empty;
        }
        foreach (var repeating in tables.Repeating)
        {
            if (repeating.Matches(tag))
            {
                return repeating.Keyword;
            }
        }
        return string.Empty;
    }

    /// <summary>The entry with this keyword (e.g. <c>PatientID</c>).</summary>
    public static bool TryLookupKeyword(string keyword, out DicomDictionaryEntry entry) =>
        Data.Value.ByKeyword.TryGetValue(keyword, out entry!);

    /// <summary>The VR an implicit VR decoder gives <paramref name="tag"/>: the dictionary's first VR, UL for group lengths, LO for private creators, UN otherwise.</summary>
    public static DicomVR DefaultVR(DicomTag tag) => Lookup(tag).DefaultVR;

    private static DicomDictionaryEntry Generic(DicomTag tag)
    {
        // PS3.5 7.2: group length elements are UL; PS3.5 7.8.1: private creator data elements are LO.
        if (tag.Element == 0x0000)
        {
            return new DicomDictionaryEntry(tag, [DicomVR.UL], "1", "GroupLength", "Group Length", !(tag.Group is 0x0000 or 0x0002));
        }
        if (tag.IsPrivateCreator)
        {
            return new DicomDictionaryEntry(tag, [DicomVR.LO], "1", "PrivateCreator", "Private Creator", false);
        }
        return new DicomDictionaryEntry(tag, UnknownVRs, "1-n", string.Empty, tag.IsPrivate ? "Private Tag" : "Unknown Tag", false);
    }

    private sealed record Tables(
        Dictionary<uint, DicomDictionaryEntry> ByTag,
        Dictionary<string, DicomDictionaryEntry> ByKeyword,
        DicomDictionaryEntry[] Repeating);

    private static Tables Build()
    {
        var byTag = new Dictionary<uint, DicomDictionaryEntry>(5000);
        var byKeyword = new Dictionary<string, DicomDictionaryEntry>(5000, StringComparer.Ordinal);
        var repeating = new List<DicomDictionaryEntry>();
        var vrCache = new Dictionary<string, DicomVR[]>(StringComparer.Ordinal);
        Span<Range> f = stackalloc Range[7];
        foreach (var line in Table.AsSpan().EnumerateLines())
        {
            if (line.IsEmpty)
            {
                continue;
            }
            if (line.Split(f, '\t') != 6)
            {
                throw new InvalidOperationException($"Malformed generated dictionary row '{line}'.");
            }
            var tagText = line[f[0]];
            string vrText = line[f[1]].ToString();
            if (!vrCache.TryGetValue(vrText, out var vrs))
            {
                vrs = vrText == "NONE" ? [] : vrText.Split('/').Select(DicomVR.Parse).ToArray();
                vrCache[vrText] = vrs;
            }
            uint value = 0;
            uint mask = 0;
            foreach (char c in tagText)
            {
                value <<= 4;
                mask <<= 4;
                if (c != 'x')
                {
                    value |= (uint)(c <= '9' ? c - '0' : c - 'A' + 10);
                    mask |= 0xF;
                }
            }
            var entry = new DicomDictionaryEntry(new DicomTag(value), vrs, line[f[2]].ToString(), line[f[3]].ToString(),
                line[f[4]].ToString(), line[f[5]] is "R", mask);
            if (mask == 0xFFFFFFFF)
            {
                byTag[value] = entry;
            }
            else
            {
                repeating.Add(entry);
            }
            if (entry.Keyword.Length > 0)
            {
                byKeyword.TryAdd(entry.Keyword, entry);
            }
        }
        return new Tables(byTag, byKeyword, repeating.ToArray());
    }
}
