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
    private readonly NodeMetrics _metrics;
    private readonly ILogger<StudyRetention> _logger;

    public StudyRetention(RetentionRepository repository, IOptions<NodeOptions> options, TimeProvider time, AuditLog audit, NodeMetrics metrics,
        ILogger<StudyRetention> logger)
    {
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
            long resultBytes = 0;
            string resultsFolder = Path.Combine(_options.ResultsFolderPath, candidate.StudyInstanceUid);
            var purged = await _repository.PurgeAsync(candidate.StudyInstanceUid, completedCutoff, failedCutoff, resultsFolder, now, async study =>
            {
                resultBytes = FolderBytes(resultsFolder);
                var deliveries = study.Deliveries.Select(d => KeyValuePair.Create(DbEnum.ToDb(d.Key), d.Value));
                // Audited before the commit: a crash in between audits a purge that a later check repeats, never a silent one.
                await _audit.WriteAsync(AuditEvents.StudyPurged(study.StudyInstanceUid, DbEnum.ToDb(study.State), study.Series, study.Instances,
                    study.ResultFiles, study.SpoolBytes + resultBytes, now - study.LastActivityAt, deliveries) with { Time = now }, ct);
            }, ct);
            if (purged is null) continue;
            long bytes = purged.SpoolBytes + resultBytes;
            string state = DbEnum.ToDb(purged.State);
            double ageHours = (now - purged.LastActivityAt).TotalHours;
            purgedStudies++;
            bytesFreed += bytes;
            _metrics.StudiesPurged.Inc(state);
            _metrics.PurgedBytes.Add(bytes);
            Log.StudyPurged(_logger, purged.StudyInstanceUid, state, ageHours, purged.Instances, purged.ResultFiles, bytes);
            await DeleteJournaledFilesAsync(ct);
        }

        int tempFiles = DeleteStaleTempFiles(now);
        return new RetentionCheckResult(purgedStudies, bytesFreed, tempFiles, candidates.Count >= retention.MaxStudiesPerCheck);
    }

    /// <summary>Deletes every journaled file and folder not taken over by something received since, then clears the journal.</summary>
    private async Task DeleteJournaledFilesAsync(CancellationToken ct)
    {
        while (true)
        {
            var batch = await _repository.ListFileDeletionsAsync(DeletionBatch, ct);
            if (batch.Count == 0) return;
            foreach (var deletion in batch)
            {
                // A file that an instance received again now uses (same SOP Instance UID, same spool path), or the
                // results folder of a new record of the same study, stays: it is no longer the purged study's.
                if (!await _repository.IsInUseAsync(deletion, ct)) Delete(deletion);
            }
            await _repository.CompleteFileDeletionsAsync(batch[^1].Id, ct);
        }
    }

    private void Delete(FileDeletion deletion)
    {
        var path = Path.GetFullPath(deletion.Path);
        bool inside = deletion.Kind == FileDeletionKind.Spool
            ? IsUnder(path, _options.DataFolderPath)
            : string.Equals(Path.GetDirectoryName(path), Path.GetFullPath(_options.ResultsFolderPath), StringComparison.Ordinal);
        if (!inside)
        {
            Log.PurgedFileOutsideDataFolder(_logger, path, deletion.StudyInstanceUid,
                deletion.Kind == FileDeletionKind.Spool ? _options.DataFolderPath : _options.ResultsFolderPath);
            return;
        }
        try
        {
            if (deletion.Kind == FileDeletionKind.Spool) File.Delete(path);
            else if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone: the deletion was done before a crash, or by hand.
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.PurgedFileNotDeleted(_logger, path, deletion.StudyInstanceUid, e.Message);
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
