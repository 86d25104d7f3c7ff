namespace DicomAiNode.Storage;

/// <summary>Times are stored as UTC milliseconds since the Unix epoch: sortable, comparable in SQL, zone-free.</summary>
internal static class DbTime
{
    public static long ToDb(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromDb(long value) => DateTimeOffset.FromUnixTimeMilliseconds(value);

    public static DateTimeOffset? FromDb(object? value) => value is null or DBNull ? null : FromDb(Convert.ToInt64(value));
}
