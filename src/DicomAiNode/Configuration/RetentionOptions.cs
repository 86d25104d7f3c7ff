namespace DicomAiNode.Configuration;

/// <summary>
/// How long the node keeps a finished study's instances, results and rows (section <c>Retention</c>). Ages count
/// from the study's last activity: last instance, end of processing, last delivery attempt. 0 keeps forever.
/// </summary>
public sealed class RetentionOptions
{
    /// <summary>A done study whose results are all delivered, dead or discarded is purged this long after its last activity; 0: never.</summary>
    public double CompletedStudyHours { get; set; } = 72;

    /// <summary>The same for a failed study (kept longer, for the operator to look into); 0: never.</summary>
    public double FailedStudyHours { get; set; } = 168;

    /// <summary>How often the node looks for studies to purge and stale temporary files.</summary>
    public double CheckIntervalMinutes { get; set; } = 10;

    /// <summary>Studies purged in one check at most; more wait for the next check, which then comes after a second.</summary>
    public int MaxStudiesPerCheck { get; set; } = 100;

    /// <summary>A temporary <c>.part</c> file in the spool older than this was left by a crash and is deleted; 0: never.</summary>
    public double StaleTempFileMinutes { get; set; } = 60;

    /// <summary>
    /// When the data folder's volume has less free space than this, each check also purges finished studies whatever
    /// their age — done ones first, then failed ones, least recently active first, never one with an undelivered
    /// result — until this much is free again; 0: off. Above <c>Disk:MinFreeMegabytes</c>, below which instances are
    /// refused, so that the node makes room before it has to turn studies away.
    /// </summary>
    public long PurgeBelowFreeMegabytes { get; set; } = 2048;

    public TimeSpan? CompletedStudyAge => Age(CompletedStudyHours);

    public TimeSpan? FailedStudyAge => Age(FailedStudyHours);

    public TimeSpan? StaleTempFileAge => StaleTempFileMinutes > 0 ? TimeSpan.FromMinutes(StaleTempFileMinutes) : null;

    public TimeSpan CheckInterval => TimeSpan.FromMinutes(CheckIntervalMinutes);

    private static TimeSpan? Age(double hours) => hours > 0 ? TimeSpan.FromHours(hours) : null;
}
