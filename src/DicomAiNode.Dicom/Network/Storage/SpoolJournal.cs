namespace DicomAiNode.Dicom.Network;

/// <summary>
/// The write-ahead journal that lets the spool acknowledge an instance after <b>one</b> flush instead of two (file,
/// then folder): while the data set streams into its temporary spool file it is also appended to a pre-zeroed journal
/// segment; one fdatasync of the segment makes it durable; the spool file is renamed into place without a flush.
/// A segment that fills up is checkpointed in the background (syncfs makes the spool files it covers durable, then
/// its generation is bumped) and reused. On start, committed records of the current generations are replayed into
/// the spool folder (the spool files may have been lost with the page cache), the file system is synced, and the
/// segments are reset. Linux only (fdatasync, syncfs); elsewhere the spool flushes file and folder.
/// </summary>
internal sealed class SpoolJournal : IDisposable
{
    private readonly string _folder;
    private readonly string _journalFolder;
    private readonly long _segmentLength;
    private readonly int _maxSegments;
    private readonly Lock _lock = new();
    private readonly Stack<JournalSegment> _free = new();
    private readonly List<JournalSegment> _all = [];
    private readonly List<Task> _background = [];
    private ulong _sequence;
    private bool _creating;
    private bool _disposed;

    public SpoolJournal(string folder, long segmentLength, int maxSegments)
    {
        _folder = folder;
        _journalFolder = Path.Combine(folder, ".journal");
        _segmentLength = segmentLength;
        _maxSegments = Math.Max(1, maxSegments);
        Directory.CreateDirectory(_journalFolder);
        foreach (var path in Directory.EnumerateFiles(_journalFolder, "segment-*.dj").Order(StringComparer.Ordinal))
        {
            try
            {
                _all.Add(JournalSegment.Open(path));
            }
            catch (InvalidDataException)
            {
                File.Delete(path); // a segment whose creation never completed holds no record
            }
        }
        Recovered = Recover();
        if (_all.Count == 0)
        {
            _all.Add(JournalSegment.Create(SegmentPath(0), _segmentLength));
        }
        foreach (var segment in _all)
        {
            _free.Push(segment);
        }
    }

    /// <summary>Spool files restored from the journal when it was opened.</summary>
    public IReadOnlyList<string> Recovered { get; }

    public ulong NextSequence() => Interlocked.Increment(ref _sequence);

    /// <summary>A segment for one instance, or null when all are busy (the caller then flushes file and folder).</summary>
    public JournalSegment? Rent()
    {
        lock (_lock)
        {
            if (_free.TryPop(out var segment))
            {
                return segment;
            }
            if (!_creating && !_disposed && _all.Count < _maxSegments)
            {
                _creating = true;
                int index = _all.Count;
                _background.Add(Task.Run(() => AddSegment(index)));
            }
            return null;
        }
    }

    /// <summary>Gives a segment back; one that is three-quarters full is checkpointed first, in the background.</summary>
    public void Return(JournalSegment segment)
    {
        lock (_lock)
        {
            if (segment.Remaining >= _segmentLength / 4 || _disposed)
            {
                _free.Push(segment);
                return;
            }
            _background.RemoveAll(t => t.IsCompleted);
            _background.Add(Task.Run(() => Checkpoint(segment)));
        }
    }

    public void Dispose()
    {
        Task[] pending;
        lock (_lock)
        {
            _disposed = true;
            pending = [.. _background];
        }
        Task.WaitAll(pending);
        foreach (var segment in _all)
        {
            segment.Dispose();
        }
    }

    private string SegmentPath(int index) => Path.Combine(_journalFolder, $"segment-{index:D3}.dj");

    private void AddSegment(int index)
    {
        JournalSegment? segment = null;
        try
        {
            segment = JournalSegment.Create(SegmentPath(index), _segmentLength);
        }
        catch (IOException)
        {
            // No room for another segment: the spool keeps using the ones it has (and file+folder flushes).
        }
        lock (_lock)
        {
            _creating = false;
            if (segment is not null)
            {
                _all.Add(segment);
                _free.Push(segment);
            }
        }
    }

    private void Checkpoint(JournalSegment segment)
    {
        try
        {
            // Every spool file this segment's records stand for was renamed into place before its record was
            // returned: one syncfs makes all of them (data and folder entries) durable.
            FileSync.SyncFileSystem(_folder);
            segment.Reset();
            lock (_lock)
            {
                _free.Push(segment);
            }
        }
        catch (IOException)
        {
            // The segment stays out of use (its records remain replayable); the other segments carry on.
        }
    }

    private List<string> Recover()
    {
        var records = _all.SelectMany(s => s.ReadRecords()).OrderBy(r => r.Sequence).ToList();
        var restored = new List<string>(records.Count);
        foreach (var record in records)
        {
            // Later records of the same instance replace earlier ones, as the rename did when they were received.
            string target = Path.Combine(_folder, Path.GetFileName(record.FileName));
            string temp = Path.Combine(_folder, $".{Path.GetFileName(record.FileName)}.{Guid.NewGuid():N}.replay");
            using (var handle = File.OpenHandle(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                record.Segment.CopyPayload(record, handle);
            }
            File.Move(temp, target, overwrite: true);
            restored.Add(target);
            _sequence = Math.Max(_sequence, record.Sequence);
        }
        if (records.Count > 0)
        {
            FileSync.SyncFileSystem(_folder);
        }
        foreach (var segment in _all)
        {
            segment.Reset();
        }
        return restored;
    }
}
