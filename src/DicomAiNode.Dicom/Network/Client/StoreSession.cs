using DicomAiNode.Dicom.Data;
using DicomAiNode.Dicom.IO;

namespace DicomAiNode.Dicom.Network;

/// <summary>
/// Sends many Part 10 files over one association: proposes, per SOP class, one context per transfer syntax the files
/// use (so they go out byte for byte) plus an Explicit/Implicit VR LE context as fallback; sends each file's data set
/// bytes unchanged when its own syntax was accepted, otherwise converts it to the accepted uncompressed syntax.
/// Keeps up to the negotiated asynchronous window of requests outstanding.
/// </summary>
internal static class StoreSession
{
    private sealed record Item(int Index, string Path, Part10Header? Header);

    public static async Task<IReadOnlyList<CStoreResult>> SendFilesAsync(DicomClient client, List<string> paths, CancellationToken cancellationToken)
    {
        var results = new CStoreResult?[paths.Count];
        var items = new List<Item>(paths.Count);
        for (int i = 0; i < paths.Count; i++)
        {
            try
            {
                items.Add(new Item(i, paths[i], Part10Header.Read(paths[i])));
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                results[i] = new CStoreResult(paths[i], null, DicomStatus.ProcessingFailure, ex.Message);
            }
        }
        if (items.Count > 0)
        {
            var contexts = Plan(items.Select(i => i.Header!).ToList());
            var association = await client.AssociateAsync(contexts, cancellationToken).ConfigureAwait(false);
            await using (association.ConfigureAwait(false))
            {
                var outstanding = new List<(Item Item, Task<DicomCommand> Response)>();
                foreach (var item in items)
                {
                    var header = item.Header!;
                    var context = association.FindAcceptedContext(header.SopClassUid, header.TransferSyntaxUid);
                    if (context is null)
                    {
                        results[item.Index] = new CStoreResult(item.Path, header.SopInstanceUid, DicomStatus.SopClassNotSupported,
                            $"{client.Options} accepted no presentation context for SOP class {header.SopClassUid} (transfer syntax {header.TransferSyntaxUid})");
                        continue;
                    }
                    Stream data;
                    try
                    {
                        data = header.OpenDataSet(item.Path, context.TransferSyntax);
                    }
                    catch (Exception ex) when (context.TransferSyntax != header.TransferSyntaxUid
                        && ex is DicomDataException or DicomFileException or IOException or InvalidDataException or KeyNotFoundException or ArgumentException
                        or Imaging.DicomPixelDataException)
                    {
                        results[item.Index] = new CStoreResult(item.Path, header.SopInstanceUid, DicomStatus.ProcessingFailure,
                            $"{client.Options} accepted SOP class {header.SopClassUid} only in {context.TransferSyntax}; converting from {header.TransferSyntaxUid} failed: {ex.Message}");
                        continue;
                    }
                    catch (IOException ex)
                    {
                        results[item.Index] = new CStoreResult(item.Path, header.SopInstanceUid, DicomStatus.ProcessingFailure, ex.Message);
                        continue;
                    }
                    if (!association.IsOpen)
                    {
                        await data.DisposeAsync().ConfigureAwait(false);
                        results[item.Index] = new CStoreResult(item.Path, header.SopInstanceUid, DicomStatus.ProcessingFailure, $"{client.Options}: association ended before this instance was sent");
                        continue;
                    }
                    try
                    {
                        await using (data.ConfigureAwait(false))
                        {
                            var response = await association.SendStoreAsync(context, header.SopClassUid, header.SopInstanceUid, data, data.Length - data.Position, cancellationToken).ConfigureAwait(false);
                            outstanding.Add((item, response));
                        }
                    }
                    catch (Exception ex) when (ex is DicomNetworkException or IOException)
                    {
                        results[item.Index] = new CStoreResult(item.Path, header.SopInstanceUid, DicomStatus.ProcessingFailure, ex.Message);
                    }
                    await Collect(outstanding, results, onlyCompleted: true).ConfigureAwait(false);
                }
                await Collect(outstanding, results, onlyCompleted: false).ConfigureAwait(false);
                if (association.IsOpen)
                {
                    await association.ReleaseAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }
        return results.Select((r, i) => r ?? new CStoreResult(paths[i], null, DicomStatus.ProcessingFailure, "not sent")).ToList();
    }

    /// <summary>Per SOP class: one context per transfer syntax of its files, plus Explicit/Implicit VR LE.</summary>
    internal static List<ProposedPresentationContext> Plan(IReadOnlyList<Part10Header> headers)
    {
        var wanted = new List<(string SopClass, string[] Syntaxes)>();
        foreach (var group in headers.GroupBy(h => h.SopClassUid, StringComparer.Ordinal))
        {
            foreach (var ts in group.Select(h => h.TransferSyntaxUid).Distinct(StringComparer.Ordinal))
            {
                wanted.Add((group.Key, [ts]));
            }
            wanted.Add((group.Key, [DicomUids.ExplicitVRLittleEndian, DicomUids.ImplicitVRLittleEndian]));
        }
        if (wanted.Count > 128)
        {
            throw new DicomNetworkException($"The files need {wanted.Count} presentation contexts; one association carries at most 128 (PS3.8 §9.3.2.2). Send them in smaller batches.");
        }
        return wanted.Select((w, i) => new ProposedPresentationContext((byte)(2 * i + 1), w.SopClass, w.Syntaxes)).ToList();
    }

    private static async Task Collect(List<(Item Item, Task<DicomCommand> Response)> outstanding, CStoreResult?[] results, bool onlyCompleted)
    {
        for (int i = 0; i < outstanding.Count; i++)
        {
            var (item, response) = outstanding[i];
            if (onlyCompleted && !response.IsCompleted)
            {
                continue;
            }
            try
            {
                var rsp = await response.ConfigureAwait(false);
                results[item.Index] = new CStoreResult(item.Path, item.Header!.SopInstanceUid, rsp.Status, rsp.ErrorComment);
            }
            catch (DicomNetworkException ex)
            {
                results[item.Index] = new CStoreResult(item.Path, item.Header!.SopInstanceUid, DicomStatus.ProcessingFailure, ex.Message);
            }
            outstanding.RemoveAt(i);
            i--;
        }
    }
}
