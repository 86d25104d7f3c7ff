using DicomAiNode.Audit;
using DicomAiNode.Configuration;
using DicomAiNode.Observability;
using DicomAiNode.Storage;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DicomAiNode.Studies;

/// <summary>
/// Ends a study's life: a done study (or a failed one, after its own age) whose work is all finished — no job pending
/// or running, every result delivered, dead or discarded — and that has been quiet for the retention age is purged:
/// its rows go in one transaction that journals its files, the purge is audited (<c>study.purged</c>) inside that
/// transaction, and the files are deleted after the commit. A later instance of the same study therefore starts a new
/// study record, processed only with what arrives then. Stale <c>.part</c> files in the spool (left by a crash while
/// receiving) are deleted too.
/// </summary>
public sealed class StudyRetention
{
    /// <summary>Journaled deletions read per batch (one commit per batch removes them from the journal).</summary>
    private const int DeletionBatch = 1000;

    /// <summary>Stale temporary files deleted per check at most.</summary>
    private const int MaxTempFilesPerCheck = 10_000;

    private readonly RetentionRepository _repository;
    private readonly NodeOptions _options;
    private readonly TimeProvider _time;
    private readonly AuditLog _audit;
    private readonly SpoolFileGate _spoolGate;
    private readonly DiskSpaceGuard _disk;
    private readonly NodeMetrics _metrics;
    private readonly ILogger<StudyRetention> _logger;

    public StudyRetention(RetentionRepository repository, IOptions<NodeOptions> options, TimeProvider time, AuditLog audit, SpoolFileGate spoolGate,
        DiskSpaceGuard disk, NodeMetrics metrics, ILogger<StudyRetention> logger)
    {
        _spoolGate = spoolGate;
        _disk = disk;
        _repository = repository;
        _options = options.Value;
        _time = time;
        _audit = audit;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>One check: finishes deletions a crash interrupted, purges up to <c>Retention:MaxStudiesPerCheck</c> studies, deletes stale temporary files.</summary>
    public async Task<RetentionCheckResult> RunOnceAsync(CancellationToken ct)
    {
        var retention = _options.Retention;
        var now = _time.GetUtcNow();
        await DeleteJournaledFilesAsync(ct);

        DateTimeOffset? completedCutoff = now - retention.CompletedStudyAge;
        DateTimeOffset? failedCutoff = now - retention.FailedStudyAge;
        var candidates = await _repository.ListPurgeableAsync(completedCutoff, failedCutoff, retention.MaxStudiesPerCheck, ct);
        int purgedStudies = 0;
        long bytesFreed = 0;
        foreach (var candidate in candidates)
        {
            if (await PurgeAsync(candidate, completedCutoff, failedCutoff, now, null, ct) is not { } bytes) continue;
            purgedStudies++;
            bytesFreed += bytes;
        }
        bool moreDue = candidates.Count >= retention.MaxStudiesPerCheck;
        if (!moreDue)
        {
            var (studies, bytes, stoppedAtLimit) = await PurgeForSpaceAsync(retention.MaxStudiesPerCheck - purgedStudies, now, ct);
            purgedStudies += studies;
            bytesFreed += bytes;
            moreDue = stoppedAtLimit;
        }

        int tempFiles = DeleteStaleTempFiles(now);
        return new RetentionCheckResult(purgedStudies, bytesFreed, tempFiles, moreDue);
    }

    /// <summary>
    /// Below <c>Retention:PurgeBelowFreeMegabytes</c> free: purges finished studies whatever their age, done ones before
    /// failed ones (kept for the operator), least recently active first, until that much is free again.
    /// </summary>
    private async Task<(int Studies, long Bytes, bool StoppedAtLimit)> PurgeForSpaceAsync(int limit, DateTimeOffset now, CancellationToken ct)
    {
        long target = _options.Retention.PurgeBelowFreeMegabytes;
        if (target <= 0 || limit <= 0) return (0, 0, false);
        long free = _disk.FreeMegabytes();
        if (free >= target) return (0, 0, false);
        Log.LowDiskPurgeStarted(_logger, free, target);
        int studies = 0;
        long bytes = 0;
        foreach (var (completed, failed) in new (DateTimeOffset?, DateTimeOffset?)[] { (now, null), (null, now) })
        {
            while (free < target)
            {
                if (studies >= limit) return (studies, bytes, true);
                var batch = await _repository.ListPurgeableAsync(completed, failed, Math.Min(16, limit - studies), ct);
                if (batch.Count == 0) break;
                foreach (var candidate in batch)
                {
                    string reason = $"low disk space: {free} MB free, below Retention:PurgeBelowFreeMegabytes {target}";
                    if (await PurgeAsync(candidate, completed, failed, now, reason, ct) is { } freed)
                    {
                        studies++;
                        bytes += freed;
                    }
                    free = _disk.FreeMegabytes();
                    if (free >= target || studies >= limit) break;
                }
            }
        }
        if (free < target) Log.LowDiskNothingLeft(_logger, free, studies);
        return (studies, bytes, false);
    }

    /// <summary>Purges one study (if it is still purgeable under these cutoffs) and deletes its files; returns the bytes freed.</summary>
    private async Task<long?> PurgeAsync(PurgeCandidate candidate, DateTimeOffset? completedCutoff, DateTimeOffset? failedCutoff, DateTimeOffset now,
        string? lowDisk, CancellationToken ct)
    {
        long resultBytes = 0;
        string resultsFolder = Path.Combine(_options.ResultsFolderPath, candidate.StudyInstanceUid);
        var purged = await _repository.PurgeAsync(candidate.StudyInstanceUid, completedCutoff, failedCutoff, resultsFolder, now, async study =>
        {
            resultBytes = FolderBytes(resultsFolder);
            var deliveries = study.Deliveries.Select(d => KeyValuePair.Create(DbEnum.ToDb(d.Key), d.Value));
            // Audited before the commit: a crash in between audits a purge that a later check repeats, never a silent one.
            await _audit.WriteAsync(AuditEvents.StudyPurged(study.StudyInstanceUid, DbEnum.ToDb(study.State), study.Series, study.Instances,
                study.ResultFiles, study.SpoolBytes + resultBytes, now - study.LastActivityAt, deliveries, lowDisk) with { Time = now }, ct);
        }, ct);
        if (purged is null) return null;
        long bytes = purged.SpoolBytes + resultBytes;
        string state = DbEnum.ToDb(purged.State);
        _metrics.StudiesPurged.Inc(state);
        _metrics.PurgedBytes.Add(bytes);
        Log.StudyPurged(_logger, purged.StudyInstanceUid, state, (now - purged.LastActivityAt).TotalHours, purged.Instances, purged.ResultFiles, bytes);
        await DeleteJournaledFilesAsync(ct);
        return bytes;
    }

    /// <summary>
    /// Deletes the journaled files and folders not taken over by something received since, and clears their entries;
    /// an entry whose spool file is being received right now stays for the next check (the receive may still fail).
    /// </summary>
    private async Task DeleteJournaledFilesAsync(CancellationToken ct)
    {
        long after = 0;
        while (true)
        {
            var batch = await _repository.ListFileDeletionsAsync(after, DeletionBatch, ct);
            if (batch.Count == 0) return;
            var finished = new List<long>(batch.Count);
            foreach (var deletion in batch)
            {
                if (await DeleteAsync(deletion, ct)) finished.Add(deletion.Id);
            }
            await _repository.CompleteFileDeletionsAsync(finished, ct);
            after = batch[^1].Id;
        }
    }

    /// <summary>Deletes one journaled path unless it is in use again; false when it is being received and must be looked at again later.</summary>
    private async Task<bool> DeleteAsync(FileDeletion deletion, CancellationToken ct)
    {
        var path = Path.GetFullPath(deletion.Path);
        if (deletion.Kind == FileDeletionKind.Results)
        {
            // Only a folder directly under results/ (named by the study's UID) is removed, with what is in it.
            if (!string.Equals(Path.GetDirectoryName(path), Path.GetFullPath(_options.ResultsFolderPath), StringComparison.Ordinal))
            {
                Log.PurgedFileOutsideDataFolder(_logger, path, deletion.StudyInstanceUid, _options.ResultsFolderPath);
                return true;
            }
            // A new record of the study (an instance came after the purge) writes its results into the same folder.
            if (!await _repository.IsInUseAsync(deletion, ct)) TryDelete(path, deletion.StudyInstanceUid, p => Directory.Delete(p, recursive: true));
            return true;
        }
        if (!IsUnder(path, _options.DataFolderPath))
        {
            Log.PurgedFileOutsideDataFolder(_logger, path, deletion.StudyInstanceUid, _options.DataFolderPath);
            return true;
        }
        // An instance with the same SOP Instance UID received since the purge owns this path now: indexed already
        // (found in the database), or being received (held in the gate, which also keeps new receives out until done).
        return await _spoolGate.DeleteUnlessReceivingAsync(path, async () =>
        {
            if (!await _repository.IsInUseAsync(deletion, ct)) TryDelete(path, deletion.StudyInstanceUid, File.Delete);
        }, ct);
    }

    private void TryDelete(string path, string studyInstanceUid, Action<string> delete)
    {
        try
        {
            delete(path);
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone: deleted before a crash, or by hand.
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.PurgedFileNotDeleted(_logger, path, studyInstanceUid, e.Message);
        }
    }

    /// <summary>Deletes spool <c>.part</c> files older than <c>Retention:StaleTempFileMinutes</c>: a receive in progress rewrites its file continuously.</summary>
    private int DeleteStaleTempFiles(DateTimeOffset now)
    {
        if (_options.Retention.StaleTempFileAge is not { } age) return 0;
        var folder = _options.SpoolFolderPath;
        if (!Directory.Exists(folder)) return 0;
        int deleted = 0;
        foreach (var file in Directory.EnumerateFiles(folder, "*.part"))
        {
            try
            {
                var info = new FileInfo(file);
                if (now - new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero) < age) continue;
                info.Delete();
                deleted++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Renamed into place or removed meanwhile: not stale.
            }
            if (deleted >= MaxTempFilesPerCheck) break;
        }
        if (deleted > 0)
        {
            _metrics.StaleTempFilesDeleted.Add(deleted);
            Log.StaleTempFilesDeleted(_logger, deleted, _options.Retention.StaleTempFileMinutes, folder);
        }
        return deleted;
    }

    private static long FolderBytes(string folder) =>
        Directory.Exists(folder) ? new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) : 0;

    private static bool IsUnder(string path, string folder)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)) + Path.DirectorySeparatorChar;
        return path.StartsWith(root, StringComparison.Ordinal);
    }
}
