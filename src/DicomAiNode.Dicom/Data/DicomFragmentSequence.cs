namespace DicomAiNode.Dicom.Data;

/// <summary>
/// Encapsulated pixel data (PS3.5 A.4): a Basic Offset Table item followed by one item per fragment.
/// The offsets are byte offsets of each frame's first fragment item, from the first byte after the Basic Offset Table item.
/// </summary>
public sealed class DicomFragmentSequence : DicomItem
{
    public DicomFragmentSequence(DicomTag tag, DicomVR vr, IEnumerable<uint> basicOffsetTable, IEnumerable<DicomBuffer> fragments)
        : base(tag, vr)
    {
        if (vr != DicomVR.OB && vr != DicomVR.OW)
        {
            throw new ArgumentException($"{tag}: encapsulated pixel data has VR OB (or OW), not {vr.Code}.", nameof(vr));
        }
        BasicOffsetTable = basicOffsetTable.ToList();
        Fragments = fragments.ToList();
    }

    public DicomFragmentSequence(DicomTag tag)
        : this(tag, DicomVR.OB, [], [])
    {
    }

    /// <summary>The Basic Offset Table (may be empty, PS3.5 A.4.1).</summary>
    public List<uint> BasicOffsetTable { get; }

    /// <summary>The fragments (values of the items after the offset table), each possibly left in the source file.</summary>
    public List<DicomBuffer> Fragments { get; }

    /// <summary>
    /// The byte offsets of the frames' first fragment items: the Extended Offset Table (7FE0,0001) of <paramref name="dataset"/>
    /// when present (PS3.5 A.4.2; frames may then exceed 4 GiB in total), else the Basic Offset Table; empty when neither is given.
    /// </summary>
    public IReadOnlyList<ulong> GetFrameOffsets(DicomDataset dataset)
    {
        if (dataset.TryGetValues<ulong>(DicomTag.ExtendedOffsetTable, out var extended) && extended.Length > 0)
        {
            return extended;
        }
        return BasicOffsetTable.Select(o => (ulong)o).ToArray();
    }

    /// <summary>
    /// The fragments that make up each frame: by the offset tables when present, else one fragment per frame when
    /// there are as many fragments as <paramref name="numberOfFrames"/>, else all fragments as one frame when there is one frame.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<DicomBuffer>> GetFrameFragments(DicomDataset dataset, int numberOfFrames)
    {
        var offsets = GetFrameOffsets(dataset);
        var frames = new List<IReadOnlyList<DicomBuffer>>();
        if (offsets.Count > 0)
        {
            ulong position = 0;
            int next = 0;
            List<DicomBuffer>? current = null;
            foreach (var fragment in Fragments)
            {
                if (next < offsets.Count && position == offsets[next])
                {
                    current = [];
                    frames.Add(current);
                    next++;
                }
                if (current is null)
                {
                    throw new DicomDataException($"{Tag}: the offset table does not point at the first fragment.");
                }
                current.Add(fragment);
                position += 8 + (ulong)fragment.Length; // PS3.5 A.4: each item has an 8-byte header
            }
            if (frames.Count != offsets.Count)
            {
                throw new DicomDataException($"{Tag}: the offset table names {offsets.Count} frames but only {frames.Count} start at a fragment boundary.");
            }
            return frames;
        }
        if (numberOfFrames <= 1)
        {
            return [Fragments.ToArray()];
        }
        if (Fragments.Count == numberOfFrames)
        {
            return Fragments.Select(f => (IReadOnlyList<DicomBuffer>)[f]).ToArray();
        }
        throw new DicomDataException($"{Tag}: {numberOfFrames} frames in {Fragments.Count} fragments without an offset table; frame boundaries need the codec.");
    }
}
