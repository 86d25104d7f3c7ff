using System.Collections.Concurrent;

using DicomAiNode.Configuration;
using DicomAiNode.Outbox;

namespace DicomAiNode.Tests.Outbox;

/// <summary>
/// A destination behind <see cref="IResultSender"/> whose answers the test scripts. It stores what it accepts by
/// SOP Instance UID, as a PACS does, so a re-send replaces rather than duplicates.
/// </summary>
public sealed class ScriptedDestination : IResultSender
{
    public ConcurrentDictionary<string, string> Stored { get; } = new(StringComparer.Ordinal);

    public ConcurrentQueue<(string Destination, string[] Sops)> Calls { get; } = new();

    /// <summary>Decides the outcome of each file; default: delivered.</summary>
    public Func<OutboxFile, FileDelivery> Answer { get; set; } = f => new FileDelivery(f.SopInstanceUid, DeliveryStatus.Delivered);

    public Exception? Throw { get; set; }

    public Task<DeliveryResult> SendAsync(PeerOptions destination, IReadOnlyList<OutboxFile> files, CancellationToken cancellationToken)
    {
        Calls.Enqueue((destination.AeTitle, files.Select(f => f.SopInstanceUid).ToArray()));
        if (Throw is not null) throw Throw;
        var results = files.Select(Answer).ToList();
        foreach (var (file, result) in files.Zip(results))
        {
            if (result.Status == DeliveryStatus.Delivered) Stored[file.SopInstanceUid] = File.ReadAllText(file.FilePath);
        }
        return Task.FromResult(new DeliveryResult(results));
    }
}
