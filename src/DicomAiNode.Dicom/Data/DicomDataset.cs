using System.Collections;

namespace DicomAiNode.Dicom.Data;

/// <summary>
/// A DICOM data set: items ordered by tag (PS3.5 7.1), with typed getters and setters that read like the standard
/// (<c>dataset.GetString(DicomTag.PatientID)</c>). It carries the character set (<see cref="Encoding"/>) used to decode
/// and encode its strings; items of its sequences inherit it unless they name their own (PS3.5 7.5.3 note).
/// </summary>
public sealed partial class DicomDataset : IEnumerable<DicomItem>
{
    private readonly List<DicomItem> _items = [];
    private DicomEncoding _encoding;

    public DicomDataset()
        : this(DicomEncoding.Default)
    {
    }

    /// <summary>An empty data set whose strings use <paramref name="encoding"/> (for items inheriting their parent's character set).</summary>
    public DicomDataset(DicomEncoding encoding)
    {
        _encoding = encoding;
    }

    public DicomDataset(IEnumerable<DicomItem> items)
        : this()
    {
        foreach (var item in items)
        {
            AddOrUpdate(item);
        }
    }

    /// <summary>
    /// The character set of string values. Set from Specific Character Set (0008,0005) when that element is added or read;
    /// setting it directly changes how existing bytes are decoded, not the bytes.
    /// </summary>
    public DicomEncoding Encoding
    {
        get => _encoding;
        set => _encoding = value;
    }

    /// <summary>Number of top-level items.</summary>
    public int Count => _items.Count;

    /// <summary>
    /// For an item of a sequence: whether it was read with undefined length. Writing with <c>DicomLengthEncoding.AsRead</c>
    /// keeps the form; new items are written with undefined length.
    /// </summary>
    public bool HasUndefinedLength { get; set; } = true;

    public bool Contains(DicomTag tag) => IndexOf(tag) >= 0;

    /// <summary>The item with <paramref name="tag"/>, or null.</summary>
    public DicomItem? GetItem(DicomTag tag)
    {
        int i = IndexOf(tag);
        return i >= 0 ? _items[i] : null;
    }

    public bool TryGetItem(DicomTag tag, out DicomItem item)
    {
        int i = IndexOf(tag);
        item = i >= 0 ? _items[i] : null!;
        return i >= 0;
    }

    /// <summary>Adds an item; throws when the tag is already present.</summary>
    public DicomDataset Add(DicomItem item)
    {
        int i = IndexOf(item.Tag);
        if (i >= 0)
        {
            throw new DicomDataException($"{Describe(item.Tag)} is already in the data set; use AddOrUpdate to replace it.");
        }
        _items.Insert(~i, item);
        OnChanged(item);
        return this;
    }

    /// <summary>Adds an item or replaces the one with the same tag.</summary>
    public DicomDataset AddOrUpdate(DicomItem item)
    {
        int i = IndexOf(item.Tag);
        if (i >= 0)
        {
            _items[i] = item;
        }
        else
        {
            _items.Insert(~i, item);
        }
        OnChanged(item);
        return this;
    }

    /// <summary>Removes the item with <paramref name="tag"/>; false if there was none.</summary>
    public bool Remove(DicomTag tag)
    {
        int i = IndexOf(tag);
        if (i < 0)
        {
            return false;
        }
        _items.RemoveAt(i);
        if (tag == DicomTag.SpecificCharacterSet)
        {
            _encoding = DicomEncoding.Default;
        }
        return true;
    }

    /// <summary>Removes every item that matches <paramref name="predicate"/>.</summary>
    public int Remove(Func<DicomItem, bool> predicate) => _items.RemoveAll(i => predicate(i));

    public void Clear() => _items.Clear();

    /// <summary>A copy whose items and nested sequences can be changed without touching this data set (values are shared: they are immutable).</summary>
    public DicomDataset Clone()
    {
        var copy = new DicomDataset(_encoding) { HasUndefinedLength = HasUndefinedLength };
        foreach (var item in _items)
        {
            copy._items.Add(item is DicomSequence sq
                ? new DicomSequence(sq.Tag, sq.Items.Select(d => d.Clone())) { HasUndefinedLength = sq.HasUndefinedLength }
                : item is DicomFragmentSequence f
                    ? new DicomFragmentSequence(f.Tag, f.VR, f.BasicOffsetTable, f.Fragments)
                    : item);
        }
        return copy;
    }

    /// <summary>The private creator (gggg,00xx) that reserved the block of <paramref name="tag"/> (PS3.5 7.8.1), or null.</summary>
    public string? GetPrivateCreator(DicomTag tag)
    {
        ushort element = tag.PrivateCreatorElement;
        if (element == 0)
        {
            return null;
        }
        return TryGetString(new DicomTag(tag.Group, element), out var creator) ? creator : null;
    }

    /// <summary>
    /// The tag of element <paramref name="elementOffset"/> (0x00–0xFF) in the private block of <paramref name="creator"/> in
    /// <paramref name="group"/>, reserving a new block (gggg,0010–00FF) if the creator has none yet (PS3.5 7.8.1).
    /// </summary>
    public DicomTag GetPrivateTag(ushort group, string creator, byte elementOffset)
    {
        if ((group & 1) == 0)
        {
            throw new ArgumentException($"Group {group:X4} is not a private (odd) group.", nameof(group));
        }
        for (ushort block = 0x10; block <= 0xFF; block++)
        {
            var creatorTag = new DicomTag(group, block);
            if (!TryGetString(creatorTag, out var existing))
            {
                Add(new DicomElement(creatorTag, DicomVR.LO, DicomValueCodec.EncodeStrings(DicomVR.LO, [creator], _encoding)));
                return new DicomTag(group, (ushort)((block << 8) | elementOffset));
            }
            if (existing == creator)
            {
                return new DicomTag(group, (ushort)((block << 8) | elementOffset));
            }
        }
        throw new DicomDataException($"Group {group:X4} has no free private creator block left for '{creator}'.");
    }

    public IEnumerator<DicomItem> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Appends an item known to sort after every present one (the reader's path); falls back to an ordered insert.</summary>
    internal void AddRead(DicomItem item)
    {
        if (_items.Count == 0 || _items[^1].Tag < item.Tag)
        {
            _items.Add(item);
            if (item.Tag == DicomTag.SpecificCharacterSet)
            {
                try
                {
                    OnChanged(item);
                }
                catch (DicomDataException)
                {
                    // Lenient like dcmtk: an unknown term leaves the default repertoire; the element is kept as read.
                    _encoding = DicomEncoding.Default;
                }
            }
        }
        else
        {
            AddOrUpdate(item);
        }
    }

    internal static string Describe(DicomTag tag)
    {
        var entry = DicomDictionary.Lookup(tag);
        return entry.Keyword.Length > 0 ? $"{tag} {entry.Keyword}" : tag.ToString();
    }

    private void OnChanged(DicomItem item)
    {
        if (item.Tag == DicomTag.SpecificCharacterSet && item is DicomElement e)
        {
            var values = DicomValueCodec.DecodeStrings(e, DicomEncoding.Default);
            _encoding = DicomEncoding.FromSpecificCharacterSet(values);
        }
    }

    private int IndexOf(DicomTag tag)
    {
        // Binary search; returns the complement of the insertion point when absent (like List.BinarySearch).
        int lo = 0;
        int hi = _items.Count - 1;
        uint value = tag.Value;
        while (lo <= hi)
        {
            int mid = lo + ((hi - lo) >> 1);
            uint current = _items[mid].Tag.Value;
            if (current == value)
            {
                return mid;
            }
            if (current < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }
        return ~lo;
    }
}
