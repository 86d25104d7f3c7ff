using System.Text;
using System.Text.Json;

namespace DicomAiNode.Audit;

/// <summary>Reads, queries and verifies an audit log file (while the node may be appending to it).</summary>
public static class AuditReader
{
    /// <summary>Records matching <paramref name="query"/>, in file order. Lines that are not valid audit lines are skipped (verify reports them).</summary>
    public static async IAsyncEnumerable<AuditRecord> QueryAsync(string path, AuditQuery query,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long number = 0;
        await foreach (var line in ReadLinesAsync(path, cancellationToken))
        {
            number++;
            AuditRecord record;
            try
            {
                var (e, prev) = AuditLineFormat.Read(line);
                record = new AuditRecord(number, e, prev);
            }
            catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or ArgumentException)
            {
                continue;
            }
            if (query.Matches(record.Event)) yield return record;
        }
    }

    /// <summary>Checks every line's prevHash against the previous line; names the first line that breaks the chain.</summary>
    public static async Task<AuditVerification> VerifyAsync(string path, CancellationToken cancellationToken)
    {
        string expected = AuditChain.Genesis;
        long number = 0;
        await foreach (var line in ReadLinesAsync(path, cancellationToken))
        {
            number++;
            string prev;
            try
            {
                (_, prev) = AuditLineFormat.Read(line);
            }
            catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or ArgumentException)
            {
                return new AuditVerification(false, number, number, $"line {number} is not a valid audit line: {ex.Message}");
            }
            if (!string.Equals(prev, expected, StringComparison.Ordinal))
            {
                var problem = number == 1
                    ? $"line 1 does not start the chain (prevHash {prev}, expected the genesis value)"
                    : $"line {number} does not follow line {number - 1}: prevHash {prev}, but line {number - 1} hashes to {expected} (line {number - 1} was edited, or a line was removed or inserted)";
                return new AuditVerification(false, number, number, problem);
            }
            expected = AuditChain.Hash(Encoding.UTF8.GetBytes(line));
        }
        return new AuditVerification(true, number, null, null);
    }

    private static async IAsyncEnumerable<string> ReadLinesAsync(string path,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"audit log '{path}' does not exist", path);
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: false));
        // One line of look-ahead: the last line counts only if the file ends with a line feed; without one it is
        // being written (or torn) and is not part of the log yet.
        string? previous = null;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (previous is not null) yield return previous;
            previous = line;
        }
        if (previous is not null && EndsWithNewline(stream)) yield return previous;
    }

    private static bool EndsWithNewline(FileStream stream)
    {
        if (stream.Length == 0) return true;
        long position = stream.Position;
        stream.Seek(-1, SeekOrigin.End);
        bool result = stream.ReadByte() == '\n';
        stream.Seek(position, SeekOrigin.Begin);
        return result;
    }
}
