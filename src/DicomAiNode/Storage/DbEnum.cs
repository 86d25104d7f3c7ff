namespace DicomAiNode.Storage;

/// <summary>Enums are stored as lower-case names, readable with the sqlite3 shell.</summary>
internal static class DbEnum
{
    public static string ToDb<T>(T value) where T : struct, Enum =>
        value.ToString().ToLowerInvariant();

    public static T FromDb<T>(string value) where T : struct, Enum =>
        Enum.Parse<T>(value, ignoreCase: true);
}
