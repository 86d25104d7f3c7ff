using Microsoft.Extensions.Logging;

namespace DicomAiNode.Observability;

/// <summary>Event IDs 1700–1799: retention (purging finished studies, stale temporary files).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1700, Level = LogLevel.Information,
        Message = "Retention: done studies kept {CompletedStudyHours} h, failed studies {FailedStudyHours} h (0: forever), checked every {CheckIntervalMinutes} min")]
    public static partial void RetentionStarted(ILogger logger, double completedStudyHours, double failedStudyHours, double checkIntervalMinutes);

    [LoggerMessage(EventId = 1701, Level = LogLevel.Information,
        Message = "Study {StudyInstanceUid} purged ({State}, last activity {AgeHours:0.#} h ago): {Instances} instances, {ResultFiles} result files, {Bytes} bytes freed")]
    public static partial void StudyPurged(ILogger logger, string studyInstanceUid, string state, double ageHours, int instances, int resultFiles, long bytes);

    [LoggerMessage(EventId = 1702, Level = LogLevel.Information, Message = "Deleted {Count} stale temporary files (older than {Minutes} min) from {Folder}")]
    public static partial void StaleTempFilesDeleted(ILogger logger, int count, double minutes, string folder);

    [LoggerMessage(EventId = 1703, Level = LogLevel.Warning, Message = "Could not delete {Path} of purged study {StudyInstanceUid}; it stays on disk: {Error}")]
    public static partial void PurgedFileNotDeleted(ILogger logger, string path, string studyInstanceUid, string error);

    [LoggerMessage(EventId = 1704, Level = LogLevel.Warning, Message = "Not deleting {Path} of purged study {StudyInstanceUid}: it is outside {Folder}")]
    public static partial void PurgedFileOutsideDataFolder(ILogger logger, string path, string studyInstanceUid, string folder);

    [LoggerMessage(EventId = 1705, Level = LogLevel.Error, Message = "Retention check failed; retrying at the next check")]
    public static partial void RetentionCheckFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1706, Level = LogLevel.Warning,
        Message = "Only {FreeMegabytes} MB free on the data folder's volume (Retention:PurgeBelowFreeMegabytes {TargetMegabytes}): purging finished studies whatever their age")]
    public static partial void LowDiskPurgeStarted(ILogger logger, long freeMegabytes, long targetMegabytes);

    [LoggerMessage(EventId = 1707, Level = LogLevel.Warning,
        Message = "Still only {FreeMegabytes} MB free after purging {Studies} studies: no finished study with all its results delivered is left to purge")]
    public static partial void LowDiskNothingLeft(ILogger logger, long freeMegabytes, int studies);

    [LoggerMessage(EventId = 1708, Level = LogLevel.Warning,
        Message = "Retention:PurgeBelowFreeMegabytes ({PurgeBelow}) is not above Disk:MinFreeMegabytes ({MinFree}): instances are refused before the node purges studies early to make room")]
    public static partial void LowDiskPurgeTooLate(ILogger logger, long purgeBelow, long minFree);
}
