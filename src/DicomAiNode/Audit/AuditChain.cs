using System.Security.Cryptography;

namespace DicomAiNode.Audit;

/// <summary>
/// The hash chain of the audit log: each line's <c>prevHash</c> is the lower-case hex SHA-256 of the previous line's
/// UTF-8 bytes (without its line feed); the first line's is <see cref="Genesis"/>. Editing, removing or reordering a
/// line breaks the chain at the line after it.
/// </summary>
public static class AuditChain
{
    public static readonly string Genesis = new('0', 64);

    public static string Hash(ReadOnlySpan<byte> lineWithoutNewline)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(lineWithoutNewline, hash);
        return Convert.ToHexStringLower(hash);
    }
}
